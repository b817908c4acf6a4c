// Real gateways' answers (tests/fake/shapes.cpp, from API-FACTS.md): each is named by its
// cause, with the category and fixes that cause calls for, never by its status alone.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

bool any_fix_has(const nlohmann::json& fixes, const std::string& words) {
  for (const auto& f : fixes)
    if (f.get<std::string>().find(words) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("each real gateway shape gets the category its cause calls for") {
  struct Case {
    std::string scenario, check, status, category, summary_has, fix_has, fix_never;
  };
  auto c = GENERATE(values<Case>({
      {"shape-cf-challenge", "base_url", "fail", "ACCESS_BLOCKED", "bot challenge", "exempt the API route", "/chat/completions"},
      {"shape-region-block", "api_key", "fail", "ACCESS_BLOCKED", "Country, region, or territory", "region", "Copy the key"},
      {"shape-portkey-no-provider", "api_key", "fail", "CONFIG", "x-portkey-config or x-portkey-provider", "--header", "Content-Type"},
      {"shape-cf-524", "probe", "fail", "UPSTREAM_FAILURE", "~100 s limit", "explain 524", "Top up"},
      {"shape-litellm-budget", "balance", "fail", "BALANCE_REJECTED", "Budget has been exceeded", "", "messages"},
      {"shape-gemini-exhausted", "balance", "fail", "BALANCE_REJECTED", "rate limited", "Wait 45 s", "Top up"},
      {"shape-gemini-retry-info", "balance", "fail", "BALANCE_REJECTED", "rate limited", "Wait 38 s (retryDelay)", "Top up"},
      {"shape-retry-after-date", "balance", "fail", "BALANCE_REJECTED", "rate limited", "Wait 10 min (Retry-After)", "Top up"},
      {"shape-azure-bearer-401", "api_key", "fail", "UNAUTHORIZED", "this is Azure OpenAI", "--profile azure", "Copy the key"},
      {"shape-oneapi-no-channel", "probe", "fail", "MODEL_DISABLED", "not enabled for the key's group", "20261125120000123456789", "disabled only at call time"},
      {"shape-openrouter-no-tools", "probe", "fail", "PARAMETER_UNSUPPORTED", "No endpoints found", "supports the parameter", "base URL"},
      {"shape-unsupported-max-tokens", "probe", "fail", "PARAMETER_UNSUPPORTED", "max_completion_tokens", "max_completion_tokens", "sent again"},
      {"shape-azure-content-filter", "probe", "fail", "INVALID_REQUEST_BODY", "content filter refused the prompt", "Rephrase the prompt", "Top up"},
      {"shape-portkey-upstream-down", "probe", "fail", "UPSTREAM_FAILURE", "could not reach its upstream", "does not accept connections", ""},
      {"shape-wrapped-page", "probe", "fail", "UPSTREAM_FAILURE", "web page", "not at a web site", "without choices"},
      {"shape-reasoning-exhausted", "probe", "fail", "PARAMETER_UNSUPPORTED", "whole budget on reasoning", "max_completion_tokens", ""},
      {"reasoning-model", "probe", "warn", "PARAMETER_UNSUPPORTED", "only with max_tokens 256", "at least 256", ""},
      {"reasoning-strict", "probe", "warn", "PARAMETER_UNSUPPORTED", "max_completion_tokens in place of max_tokens",
       "Send max_completion_tokens instead of max_tokens to qwen-flash", "at least 256"},
      {"shape-stream-no-events", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "without a single event", "", ""},
      {"shape-stream-json", "stream", "fail", "PARAMETER_UNSUPPORTED", "ignored \"stream\": true", "Make the gateway stream", ""},
      {"headers-20k", "probe", "fail", "NETWORK", "UND_ERR_HEADERS_OVERFLOW", "max-http-header-size", "host name"},
  }));
  INFO(c.scenario);
  fake::Server server(fake::scenario(c.scenario));
  Run run = check_json(server.base_url());
  auto report = run.json();
  auto check = check_of(report, c.check);
  INFO(check.dump(2));
  CHECK(check["status"] == c.status);
  CHECK(check["category"] == c.category);
  CHECK(check["summary"].get<std::string>().find(c.summary_has) != std::string::npos);
  if (!c.fix_has.empty()) CHECK(any_fix_has(check["fixes"], c.fix_has));
  if (!c.fix_never.empty()) CHECK_FALSE(any_fix_has(check["fixes"], c.fix_never));
  CHECK(run.exit_code == (c.status == "fail" ? 1 : 0));
  if (c.status == "fail") CHECK(report["diagnosis"]["category"] == c.category);
}

TEST_CASE("a reasoning model: the stream asks as the probe learned, a refused parameter is named") {
  fake::Server server(fake::scenario("reasoning-strict"));
  Run run = check_json(server.base_url());
  auto report = run.json();
  CHECK(run.exit_code == 0);
  CHECK(check_of(report, "stream")["status"] == "pass");
  CHECK(check_of(report, "probe")["evidence"]["adaptation"].get<std::string>().find(
            "spent max_completion_tokens 1 on reasoning") != std::string::npos);
  // The app's own body with a temperature the model does not take: the app fails, by name.
  TempDir dir;
  const std::string body = dir.write("body.json",
      R"({"model": "qwen-flash", "temperature": 0.2, "max_completion_tokens": 300, "messages": [{"role": "user", "content": "hi"}]})");
  Run replay = check_json(server.base_url(), {"--request-body", body});
  CHECK(replay.exit_code == 1);
  auto probe = check_of(replay.json(), "probe");
  INFO(probe.dump(2));
  CHECK(probe["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(probe["summary"].get<std::string>().find("refuses the parameter temperature") != std::string::npos);
  CHECK(any_fix_has(probe["fixes"], "Leave temperature out"));
  // The stream alone, when the probe learned nothing (a replayed body without max_tokens).
  const std::string plain = dir.write("plain.json",
      R"({"model": "qwen-flash", "max_completion_tokens": 300, "messages": [{"role": "user", "content": "hi"}]})");
  auto alone = check_json(server.base_url(), {"--request-body", plain}).json();
  auto stream = check_of(alone, "stream");
  INFO(stream.dump(2));
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(any_fix_has(stream["fixes"], "max_completion_tokens instead of max_tokens"));
}

TEST_CASE("a missing header is fixed with a suggested --header, and the header's value never shows") {
  fake::Server server(fake::scenario("shape-portkey-no-provider"));
  Run run = check_json(server.base_url());
  auto diagnosis = run.json()["diagnosis"];
  bool suggested = false;
  for (const auto& cmd : diagnosis["commands"])
    suggested |= cmd.get<std::string>().find("--header 'x-portkey-provider: VALUE'") != std::string::npos;
  CHECK(suggested);
  // With the header the gateway serves normally; its value is kept out of every output.
  const std::string secret = "provider-secret-7f3c9a1b2d";
  Run with = check_json(server.base_url(), {"--header", "x-portkey-provider: " + secret, "-v"});
  CHECK(with.exit_code == 0);
  CHECK(with.out.find(secret) == std::string::npos);
  CHECK(with.err.find(secret) == std::string::npos);
  CHECK(with.out.find("provider-secret") == std::string::npos);
}

TEST_CASE("headers come from a profile file with ${VAR}, and a bad header is a usage error without its value") {
  fake::Server server(fake::scenario("shape-portkey-no-provider"));
  TempDir dir;
  const std::string profile = dir.write("portkey.json",
      R"({"name": "portkey-local", "extends": "generic", "headers": {"x-portkey-provider": "${PK_PROVIDER}"}})");
  auto env = key_env();
  env["PK_PROVIDER"] = "openai-secret-value-123";
  Run run = check_json(server.base_url(), {"--profile-file", profile}, env);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("openai-secret-value-123") == std::string::npos);
  Run unset = check_json(server.base_url(), {"--profile-file", profile});
  CHECK(unset.exit_code == 2);
  CHECK(unset.err.find("PK_PROVIDER") != std::string::npos);
  Run broken = check_json(server.base_url(), {"--header", "x-token: abc-line\r\nInjected: yes"});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("Injected") == std::string::npos);
  Run no_colon = check_json(server.base_url(), {"--header", "x-token-only"});
  CHECK(no_colon.exit_code == 2);
}

TEST_CASE("api_key: a gateway that checks the body before the key passes the key only on evidence") {
  fake::Server server(fake::scenario("body-first"));
  // A wrong key: the empty test request gets 400 with or without it, so the completion decides.
  Run wrong = check_json(server.base_url(), {}, key_env("ak_wrong_key_000000000000000"));
  CHECK(wrong.exit_code == 1);
  auto key = check_of(wrong.json(), "api_key");
  CHECK(key["status"] == "fail");
  CHECK(key["category"] == "UNAUTHORIZED");
  // --no-probe: nothing billable, the public catalog proves nothing: a warning, never a pass.
  Run quiet = check_json(server.base_url(), {"--no-probe"}, key_env("ak_wrong_key_000000000000000"));
  CHECK(check_of(quiet.json(), "api_key")["status"] == "warn");
  // The right key: the completion with it succeeded.
  Run good = check_json(server.base_url());
  CHECK(good.exit_code == 0);
  auto ok = check_of(good.json(), "api_key");
  CHECK(ok["status"] == "pass");
  CHECK(ok["summary"].get<std::string>().find("a completion with it succeeded") != std::string::npos);
}

TEST_CASE("api_key: on a normal gateway the pass names its evidence, a refusal without the key") {
  fake::Server server(fake::scenario("healthy"));
  auto key = check_of(check_json(server.base_url()).json(), "api_key");
  CHECK(key["status"] == "pass");
  CHECK(key["summary"].get<std::string>().find("refused without it (HTTP 401)") != std::string::npos);
  CHECK(key["evidence"]["status_without_key"] == 401);
}

TEST_CASE("model: a model served but not listed is a warning once a completion with it succeeded") {
  fake::Server server(fake::scenario("unlisted-model"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto model = check_of(run.json(), "model");
  CHECK(model["status"] == "warn");
  CHECK(check_of(run.json(), "probe")["status"] == "pass");
  Run quiet = check_json(server.base_url(), {"--no-probe"});  // no evidence: the catalog's word
  CHECK(check_of(quiet.json(), "model")["status"] == "fail");
}

TEST_CASE("model: a provider prefix the catalog does not use gets the bare id suggested") {
  fake::Server server(fake::scenario("healthy"));
  auto model = check_of(check_json(server.base_url(), {"--model", "qwen/qwen-plus"}).json(), "model");
  CHECK(model["category"] == "NOT_FOUND");
  CHECK(model["evidence"]["suggestions"][0] == "qwen-plus");
}

TEST_CASE("model: a catalog with statuses read under a profile that expects none still reads them") {
  fake::Server server(fake::scenario("model-disabled"));
  auto report = check_json(server.base_url(), {"--profile", "openai"}).json();
  auto model = check_of(report, "model");
  CHECK(model["status"] == "fail");
  CHECK(model["category"] == "MODEL_DISABLED");
  CHECK(model["summary"].get<std::string>().find("\"disabled\"") != std::string::npos);
}

TEST_CASE("base_url: a trailing / that naive clients turn into //chat/completions is named") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url() + "/");
  auto base = check_of(run.json(), "base_url");
  CHECK(base["status"] == "warn");
  CHECK(base["summary"].get<std::string>().find("//chat/completions") != std::string::npos);
  CHECK(base["evidence"]["suggested_base_url"] == server.base_url());
}

TEST_CASE("fixes are written for the selected profile, never AnLinkAI's under another") {
  fake::Server server(fake::scenario("stream-no-usage"));
  auto report = check_json(server.base_url(), {"--profile", "generic"}).json();
  const std::string all = report.dump();
  CHECK(all.find("AnLinkAI") == std::string::npos);
  CHECK(all.find("qwen-flash or deepseek-v4-flash") == std::string::npos);
  CHECK(all.find("console.anlinkai.com") == std::string::npos);
  CHECK(all.find("/api/v1 for") == std::string::npos);
  auto stream = check_of(report, "stream");
  CHECK(stream["category"] == "STREAM_USAGE_MISSING");
  CHECK_FALSE(any_fix_has(stream["fixes"], "Send stream_options"));  // the doctor sent it
}

TEST_CASE("base_url: a host that does not resolve is named first, before what else is wrong with the URL") {
  TempDir dir;
  const std::string profile = dir.write("web.json",
      R"({"name": "web", "extends": "generic", "web_hosts": ["console.doctor-test.invalid"]})");
  // A web host, and a path that ends in /chat/completions: both wrong, but nothing resolves.
  Run run = check_json("https://console.doctor-test.invalid/v1/chat/completions", {"--profile-file", profile});
  auto base = check_of(run.json(), "base_url");
  CHECK(base["category"] == "NETWORK");
  CHECK(base["summary"].get<std::string>().find("does not resolve") != std::string::npos);
}

TEST_CASE("a fix that names example models never names the model under test") {
  fake::Server server(fake::scenario("stream-no-usage"));
  auto stream = check_of(check_json(server.base_url()).json(), "stream");  // model qwen-flash
  bool example = false;
  for (const auto& fix : stream["fixes"]) {
    const std::string f = fix.get<std::string>();
    if (f.find("known to report stream usage") == std::string::npos) continue;
    example = true;
    CHECK(f.find("qwen-flash") == std::string::npos);
    CHECK(f.find("deepseek-v4-flash") != std::string::npos);
  }
  CHECK(example);
}
