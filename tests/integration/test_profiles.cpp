// Each built-in profile against the fake gateway speaking that gateway's shapes: healthy,
// and with an empty balance or exhausted key limit, with and without --no-probe.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

struct Gateway {
  std::string profile, prefix, healthy, empty;
};

fake::Config shaped_like(const Gateway& g, const std::string& balance) {
  fake::Config c = fake::scenario("healthy");
  c.prefix = g.prefix;
  c.catalog = "data";  // OpenAI's list shape, which all of these use
  c.gateway = g.profile;
  c.balance = balance;
  return c;
}

}  // namespace

TEST_CASE("every built-in profile with a balance endpoint reads that gateway's shape") {
  auto g = GENERATE(values<Gateway>({
      {"deepseek", "", "the balance is 110.00 CNY",
       "the account is marked unavailable for calls (/is_available is false)"},
      {"openrouter", "/api/v1", "the balance is 8.75",
       "the balance is 0.00, at or below the minimum of 0.00: calls will be refused"},
      {"siliconflow", "/v1", "the balance is 88.88",
       "the balance is 0.00, at or below the minimum of 0.00: calls will be refused"},
      {"moonshot", "/v1", "the balance is 49.58",
       "the balance is -0.50, at or below the minimum of 0.00: calls will be refused"},
      {"newapi", "/v1", "the balance is 500000.00",
       "the balance is 0.00, at or below the minimum of 0.00: calls will be refused"},
      {"litellm", "", "the key's budget has 8.75 of 10.00 left",
       "the key's budget is spent: 10.52 of 10.00 used, calls will be refused"},
  }));
  INFO(g.profile);
  {
    fake::Server server(shaped_like(g, "healthy"));
    Run run = check_json(server.base_url(), {"--profile", g.profile});
    CHECK(run.exit_code == 0);
    auto report = run.json();
    CHECK(report["target"]["profile"] == g.profile);
    CHECK(check_of(report, "base_url")["status"] == "pass");
    CHECK(check_of(report, "model")["evidence"]["catalog_shape"] == "/data[]/id");
    CHECK(check_of(report, "balance")["summary"] == g.healthy);
  }
  for (std::string mode : {"", "--no-probe", "--sequential"}) {
    fake::Server server(shaped_like(g, "empty"));
    std::vector<std::string> extra = {"--profile", g.profile};
    if (!mode.empty()) extra.push_back(mode);
    Run run = check_json(server.base_url(), extra);
    INFO("mode " << mode);
    CHECK(run.exit_code == 1);
    auto report = run.json();
    CHECK(report["diagnosis"]["check"] == "balance");
    CHECK(report["diagnosis"]["category"] == "BALANCE_REJECTED");
    CHECK(report["diagnosis"]["summary"] == g.empty);
    if (mode.empty()) {  // sent together with the balance request, then left unjudged, and said so
      CHECK(server.billable() >= 1);  // the probe; the stream too, unless abandoned in time
      CHECK(check_of(report, "probe")["summary"] == "prerequisite balance failed");
      CHECK(check_of(report, "probe")["evidence"]["request_went_out_ahead"] == true);
    } else {
      CHECK(server.billable() == 0);  // --sequential: refused before the probe; or --no-probe
      CHECK_FALSE(check_of(report, "probe")["evidence"].contains("request_went_out_ahead"));
    }
  }
}

TEST_CASE("openrouter and newapi read an unlimited key as healthy") {
  for (const std::string name : {"openrouter", "newapi"}) {
    fake::Server server(shaped_like({name, name == "openrouter" ? "/api/v1" : "/v1", "", ""}, "unlimited"));
    auto balance = check_of(check_json(server.base_url(), {"--profile", name}).json(), "balance");
    CHECK(balance["status"] == "pass");
    CHECK(balance["summary"].get<std::string>().find("unlimited") != std::string::npos);
  }
}

TEST_CASE("openai and generic profiles judge the balance from the probe") {
  for (const std::string name : {"openai", "generic"}) {
    fake::Config healthy = fake::scenario("healthy");
    healthy.prefix = "/v1";
    healthy.catalog = "data";
    fake::Server ok(healthy);
    Run run = check_json(ok.base_url(), {"--profile", name});
    CHECK(run.exit_code == 0);
    CHECK(check_of(run.json(), "balance")["summary"].get<std::string>().find("probe's completion was accepted") !=
          std::string::npos);

    fake::Config quota = healthy;
    quota.completion = "balance-429";  // OpenAI: 429 insufficient_quota is billing, not a rate limit
    fake::Server empty(quota);
    auto report = check_json(empty.base_url(), {"--profile", name}).json();
    CHECK(report["diagnosis"]["category"] == "BALANCE_REJECTED");
    CHECK(check_of(report, "balance")["evidence"]["rate_limited"] == false);
    auto skipped = check_of(check_json(empty.base_url(), {"--profile", name, "--no-probe"}).json(), "balance");
    CHECK(skipped["status"] == "skip");
    CHECK(empty.billable() == 2);  // the first run's probe and stream (sent together); --no-probe: none
  }
}

TEST_CASE("base URL checks follow the profile's prefix") {
  fake::Config v1 = fake::scenario("healthy");
  v1.prefix = "/v1";
  v1.catalog = "data";
  fake::Server server(v1);
  // OpenAI without /v1: the doctor finds /v1.
  auto missing = check_of(check_json(server.origin(), {"--profile", "openai"}).json(), "base_url");
  CHECK(missing["evidence"]["suggested_base_url"] == server.origin() + "/v1");
  // Doubled, and ending in /chat/completions: mistakes everywhere.
  auto doubled = check_of(check_json(server.origin() + "/v1/v1", {"--profile", "generic"}).json(), "base_url");
  CHECK(doubled["summary"] == "the base URL has the prefix /v1 twice (HTTP 404)");
  CHECK(doubled["evidence"]["suggested_base_url"] == server.origin() + "/v1");
  auto trailing = check_of(check_json(server.origin() + "/v1/chat/completions", {"--profile", "deepseek"}).json(),
                           "base_url");
  CHECK(trailing["evidence"]["suggested_base_url"] == server.origin() + "/v1");
  // DeepSeek answers with or without /v1.
  fake::Config root = v1;
  root.prefix = "";
  fake::Server deepseek(root);
  CHECK(check_of(check_json(deepseek.base_url(), {"--profile", "deepseek"}).json(), "base_url")["status"] == "pass");
}

TEST_CASE("profiles lists every built-in profile with its base URL and what it can check") {
  Run run = run_doctor({"profiles"});
  CHECK(run.exit_code == 0);
  for (const char* name : {"anlinkai", "openai", "deepseek", "openrouter", "siliconflow", "moonshot", "newapi", "generic"})
    CHECK((run.out.find(std::string("\n") + name + " ") != std::string::npos || run.out.rfind(name, 0) == 0));
  CHECK(run.out.find("base URL: https://openrouter.ai/api/v1") != std::string::npos);
  CHECK(run.out.find("checks: chat route, catalog, balance") != std::string::npos);
}

TEST_CASE("a profile file may extend a built-in profile") {
  fake::Server server(shaped_like({"openrouter", "/api/v1", "", ""}, "healthy"));
  TempDir dir;
  const std::string file = dir.write("p.json", R"({"name": "my-openrouter", "extends": "openrouter",
      "balance": {"path": "/key", "amount": "/data/limit_remaining", "minimum": 10}})");
  auto report = check_json(server.base_url(), {"--profile-file", file}).json();
  CHECK(report["target"]["profile"] == "my-openrouter");
  CHECK(check_of(report, "model")["evidence"]["catalog_shape"] == "/data[]/id");  // inherited
  CHECK(check_of(report, "balance")["category"] == "BALANCE_REJECTED");  // 8.75 is below 10
  Run bad = run_doctor({"check", "--profile-file", dir.write("q.json", R"({"name": "x", "extends": "openrouterr"})")});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("field \"extends\": no built-in profile is called \"openrouterr\"") != std::string::npos);
}

TEST_CASE("openrouter's usage log is its generation lookup") {
  fake::Config c = fake::scenario("healthy");
  c.prefix = "/api/v1";
  c.catalog = "data";
  c.gateway = "openrouter";
  c.balance = "healthy";
  fake::Server server(c);
  auto report = check_json(server.base_url(), {"--profile", "openrouter", "--model", "qwen-flash",
                                               "--request-id", fake::kPastFailureId, "--no-probe"}).json();
  auto log = check_of(report, "usage_log");
  INFO(log.dump(2));
  CHECK(log["summary"].get<std::string>().find(std::string(fake::kPastFailureId) + ": found") != std::string::npos);
  auto missing = check_json(server.base_url(), {"--profile", "openrouter", "--model", "qwen-flash",
                                                "--request-id", "gen-unknown", "--no-probe"}).json();
  CHECK(check_of(missing, "usage_log")["summary"].get<std::string>().find("not in the usage logs") != std::string::npos);
}
