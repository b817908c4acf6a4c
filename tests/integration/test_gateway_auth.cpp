// Gateways that take the key another way or need more than it: Azure OpenAI (api-key
// header, api-version, deployment paths), LiteLLM (key budgets, spend logs, its example
// key), Portkey (x-portkey-* headers from variables), and a profile file's "auth" block.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

std::string origin_of(const fake::Server& s) { return s.origin(); }

std::vector<std::string> azure_args(const fake::Server& s, const std::string& deployment) {
  return {"--profile", "azure", "--base-url", origin_of(s) + "/openai", "--model", deployment};
}

}  // namespace

TEST_CASE("azure: the key goes in api-key with the api-version, the model names the deployment") {
  fake::Server server(fake::scenario("azure"));
  Run run = run_doctor([&] {
    auto a = azure_args(server, "qwen-flash");
    a.insert(a.begin(), {"check", "--format", "json"});
    return a;
  }(), key_env());
  auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(check_of(report, "probe")["status"] == "pass");
  CHECK(check_of(report, "stream")["status"] == "pass");  // past Azure's first chunk without choices
  CHECK(check_of(report, "base_url")["evidence"]["url"].get<std::string>().ends_with(
      "/openai/deployments/qwen-flash/chat/completions?api-version=2024-10-21"));
  for (const auto& r : server.received()) CHECK(r.authorization.empty());  // never as Bearer
}

TEST_CASE("azure: the base URL in each form its SDKs take reaches the deployment's route") {
  fake::Server server(fake::scenario("azure"));
  struct Form {
    std::string base, model, version;
  };
  for (const Form& f : {Form{server.origin(), "qwen-flash", "2024-10-21"},  // AzureOpenAI's azure_endpoint
                        Form{server.origin() + "/", "qwen-flash", "2024-10-21"},
                        // the OpenAI client's base_url: the deployment is in it, whatever --model says
                        Form{server.origin() + "/openai/deployments/qwen-flash", "gpt-4o", "2024-10-21"},
                        // with the api-version it carries, the one used
                        Form{server.origin() + "/openai/deployments/qwen-flash?api-version=2024-06-01",
                             "qwen-flash", "2024-06-01"}}) {
    Run run = run_doctor({"check", "--format", "json", "--profile", "azure", "--base-url", f.base, "--model", f.model},
                         key_env());
    auto report = run.json();
    INFO(f.base << "\n" << report.dump(2));
    CHECK(run.exit_code == 0);
    CHECK(report["diagnosis"]["status"] == "pass");  // no warning either
    CHECK(check_of(report, "base_url")["evidence"]["url"].get<std::string>() ==
          server.origin() + "/openai/deployments/qwen-flash/chat/completions?api-version=" + f.version);
  }
  // The portal's Target URI is no base URL: a client appends /chat/completions to it again.
  Run target = run_doctor({"check", "--format", "json", "--profile", "azure", "--base-url",
                           server.origin() + "/openai/deployments/qwen-flash/chat/completions?api-version=2024-10-21"},
                          key_env());
  INFO(target.out);
  CHECK(target.exit_code == 1);
  CHECK(target.json()["diagnosis"]["category"] == "NOT_FOUND");
}

TEST_CASE("an Azure-shaped 401 under another profile names Azure, its api-key header and --profile azure") {
  fake::Server server(fake::scenario("azure"));
  Run run = check_json(server.origin() + "/openai/deployments/qwen-flash", {"--profile", "generic",
                                                                            "--api-version", "2024-10-21"});
  auto report = run.json();
  INFO(report.dump(2));
  CHECK(report["diagnosis"]["category"] == "UNAUTHORIZED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("this is Azure OpenAI") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["fixes"], "--profile azure"));
  CHECK(any_contains(report["diagnosis"]["fixes"], "--base-url " + server.origin() + "/openai"));  // its own root
  CHECK(any_contains(report["diagnosis"]["fixes"], "api-key"));
}

TEST_CASE("azure: a deployment that does not exist and an api-version Azure does not serve are named") {
  fake::Server server(fake::scenario("azure"));
  auto args = azure_args(server, "gpt-4o");
  args.insert(args.begin(), {"check", "--format", "json"});
  auto missing = run_doctor(args, key_env()).json();
  auto probe = check_of(missing, "probe");
  INFO(probe.dump(2));
  CHECK(probe["category"] == "NOT_FOUND");
  CHECK(probe["fixes"][0].get<std::string>().find("deployment's name as --model") != std::string::npos);
  CHECK_FALSE(any_contains(probe["fixes"], "Look up request id"));

  args = azure_args(server, "qwen-flash");
  args.insert(args.begin(), {"check", "--format", "json"});
  args.insert(args.end(), {"--api-version", "2022-01-01"});
  auto old = run_doctor(args, key_env()).json();
  auto base = check_of(old, "base_url");
  INFO(base.dump(2));
  CHECK(base["category"] == "NOT_FOUND");
  CHECK(any_contains(base["fixes"], "Check the api-version"));
  // The AzureOpenAI SDKs' variable sets it too; the config says where it came from.
  auto env = key_env();
  env["OPENAI_API_VERSION"] = "2024-06-01";
  args = azure_args(server, "qwen-flash");
  args.insert(args.begin(), "config");
  Run cfg = run_doctor(args, env);
  CHECK(cfg.out.find("api-version=2024-06-01") != std::string::npos);
  CHECK(cfg.out.find("(OPENAI_API_VERSION)") != std::string::npos);
  CHECK(cfg.out.find("api-key: <key>") != std::string::npos);
  args[0] = "check";
  CHECK(run_doctor(args, env).exit_code == 0);
  env["OPENAI_API_VERSION"] = "2024-06-01&x=1";
  CHECK(run_doctor(args, env).exit_code == 2);
  // A profile that sends no api-version does not start to because the variable is set.
  env["OPENAI_API_VERSION"] = "2024-06-01";
  Run other = run_doctor({"config", "--base-url", server.origin() + "/v1"}, env);
  CHECK(other.out.find("api-version") == std::string::npos);
}

TEST_CASE("a profile file's auth block sends the key its way") {
  fake::Server server(fake::scenario("azure"));
  TempDir dir;
  const std::string profile = dir.write("my-azure.json", R"({"name": "my-azure", "extends": "generic",
      "auth": {"header": "api-key", "scheme": "", "query": {"api-version": "2025-04-01-preview"}},
      "chat_path": "/deployments/{model}/chat/completions"})");
  Run run = run_doctor({"check", "--format", "json", "--profile-file", profile, "--base-url",
                        server.origin() + "/openai", "--model", "qwen-flash"}, key_env());
  CHECK(run.exit_code == 0);
  for (const auto& [body, why] : std::vector<std::pair<std::string, std::string>>{
           {R"({"name": "x", "auth": {"header": "api key"}})", "auth.header"},
           {R"({"name": "x", "auth": {"scheme": "Bearer token"}})", "auth.scheme"},
           {R"({"name": "x", "auth": {"query": {"api-version": 5}}})", "auth.query.api-version"},
           {R"({"name": "x", "auth": {"tokens": 1}})", "auth.tokens"},
           {R"({"name": "x", "chat_path": "/chat?x=1"})", "chat_path"}}) {
    Run bad = run_doctor({"check", "--profile-file", dir.write("bad.json", body), "--base-url", server.origin()}, key_env());
    INFO(body);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find(why) != std::string::npos);
  }
}

TEST_CASE("litellm: the key's budget, the spend log of the probe, and the example key") {
  fake::Server server(fake::scenario("litellm"));
  auto report = check_json(server.base_url(), {"--profile", "litellm"}).json();
  CHECK(check_of(report, "balance")["summary"] == "the key's budget has 8.75 of 10.00 left");
  auto log = check_of(report, "usage_log");
  INFO(log.dump(2));
  CHECK(log["status"] == "pass");
  CHECK(log["summary"].get<std::string>().find("recorded as \"success\"") != std::string::npos);

  fake::Server over(fake::scenario("litellm-over-budget"));
  Run spent = check_json(over.base_url(), {"--profile", "litellm"});
  CHECK(spent.exit_code == 1);
  CHECK(spent.json()["diagnosis"]["summary"] == "the key's budget is spent: 10.52 of 10.00 used, calls will be refused");
  // The probe, sent ahead, meets LiteLLM's own words for it.
  Run probe_only = check_json(over.base_url(), {"--profile", "litellm", "--skip", "balance"});
  CHECK(check_of(probe_only.json(), "probe")["category"] == "BALANCE_REJECTED");

  const auto before = server.received().size();
  Run example = check_json(server.base_url(), {"--profile", "litellm"}, key_env("sk-1234"));
  CHECK(example.exit_code == 1);
  auto config = check_of(example.json(), "config");
  CHECK(any_contains(config["fixes"], "/key/generate"));
  for (std::size_t i = before; i < server.received().size(); ++i)  // too short to keep secret: never sent
    CHECK(server.received()[i].authorization.find("sk-1234") == std::string::npos);
}

TEST_CASE("portkey: x-portkey-* headers come from PORTKEY_* variables, and only when set") {
  fake::Server server(fake::scenario("shape-portkey-no-provider"));
  Run without = check_json(server.base_url(), {"--profile", "portkey"});
  CHECK(without.exit_code == 1);
  CHECK(without.json()["diagnosis"]["category"] == "CONFIG");
  auto env = key_env();
  env["PORTKEY_PROVIDER"] = "openai";
  Run with = check_json(server.base_url(), {"--profile", "portkey"}, env);
  CHECK(with.exit_code == 0);
  Run cfg = run_doctor({"config", "--profile", "portkey", "--base-url", server.base_url()}, env);
  CHECK(cfg.out.find("x-portkey-provider: openai") != std::string::npos);  // a setting, not a secret
  CHECK(cfg.out.find("x-portkey-api-key") == std::string::npos);  // PORTKEY_API_KEY is not set
  // Portkey's own key is a secret: named, never shown.
  env["PORTKEY_API_KEY"] = "pk-live-0a1b2c3d4e5f6a7b8c9d";
  Run keyed = run_doctor({"config", "--profile", "portkey", "--base-url", server.base_url()}, env);
  CHECK(keyed.out.find("x-portkey-api-key: ***") != std::string::npos);
  CHECK(keyed.out.find("0a1b2c3d") == std::string::npos);
  Run checked = check_json(server.base_url(), {"--profile", "portkey", "-v"}, env);
  CHECK(checked.out.find("0a1b2c3d") == std::string::npos);
}
