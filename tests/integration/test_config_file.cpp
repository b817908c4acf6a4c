#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

// A config in $XDG_CONFIG_HOME pointing its default target at the fake gateway.
std::map<std::string, std::string> xdg_env(const TempDir& dir, const std::string& json) {
  std::filesystem::create_directories(dir.path() + "/anlink-doctor");
  private_file(dir, "anlink-doctor/config.json", json);
  return {{"XDG_CONFIG_HOME", dir.path()}};
}

std::string line_of(const std::string& out, const std::string& name) {
  auto at = out.find(name + " ");
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

}  // namespace

TEST_CASE("config file in XDG_CONFIG_HOME: the default target drives check") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  auto env = xdg_env(dir, R"({"default_target": "local", "targets": {"local": {"base_url": ")" +
                              server.base_url() + R"(", "model": "qwen-plus", "key_env": "LOCAL_KEY"}}})");
  env["LOCAL_KEY"] = fake::kGoodKey;
  Run run = run_doctor({"check", "--format", "json"}, env);
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["target"]["base_url"] == server.base_url());
  CHECK(report["target"]["model"] == "qwen-plus");
  CHECK(check_of(report, "config")["evidence"]["api_key_source"] ==
        "environment variable LOCAL_KEY named by config target local");
}

TEST_CASE("precedence: flag, then environment, then config, then default") {
  TempDir dir;
  auto env = xdg_env(dir, R"({"default_target": "t", "targets": {"t": {"model": "from-config", "base_url": "https://config.example/v1"}}})");
  Run config_only = run_doctor({"config"}, env);
  CHECK(line_of(config_only.out, "model").find("from-config") != std::string::npos);
  CHECK(line_of(config_only.out, "model").find("(config target t)") != std::string::npos);
  CHECK(line_of(config_only.out, "profile").find("(default)") != std::string::npos);
  env["ANLINKAI_MODEL"] = "from-env";
  Run with_env = run_doctor({"config"}, env);
  CHECK(line_of(with_env.out, "model").find("(ANLINKAI_MODEL)") != std::string::npos);
  Run with_flag = run_doctor({"config", "--model", "from-flag"}, env);
  CHECK(line_of(with_flag.out, "model").find("from-flag") != std::string::npos);
  CHECK(line_of(with_flag.out, "model").find("(--model)") != std::string::npos);
  CHECK(line_of(with_flag.out, "base_url").find("https://config.example/v1") != std::string::npos);
}

TEST_CASE("config command prints the effective values, the key masked") {
  TempDir dir;
  const std::string key_file = private_file(dir, "prod.key", std::string(fake::kGoodKey) + "\n");
  const std::string cfg = private_file(dir, "config.json", R"({"targets": {"prod": {"key_file": "prod.key", "profile": "deepseek"}}})");
  Run run = run_doctor({"config", "--config", cfg, "--target", "prod"});
  CHECK(run.exit_code == 0);
  CHECK(line_of(run.out, "config").find(cfg) != std::string::npos);
  CHECK(line_of(run.out, "config").find("(target prod)") != std::string::npos);
  CHECK(line_of(run.out, "profile").find("deepseek") != std::string::npos);
  CHECK(line_of(run.out, "base_url").find("https://api.deepseek.com") != std::string::npos);
  CHECK(line_of(run.out, "base_url").find("(profile deepseek)") != std::string::npos);
  CHECK(line_of(run.out, "api_key").find("ak_…3d2e") != std::string::npos);
  CHECK(line_of(run.out, "api_key").find("key_file " + key_file) != std::string::npos);  // relative to the config
  CHECK(run.out.find("! ") == std::string::npos);  // a private key file: no warning
}

TEST_CASE("a key written inline in the config works but warns") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string cfg = private_file(dir, "config.json", R"({"targets": {"inline": {"base_url": ")" +
                                                              server.base_url() + R"(", "key": ")" +
                                                              fake::kGoodKey + R"("}}})");
  Run run = check_json(server.base_url(), {"--config", cfg, "--target", "inline"}, {});
  CHECK(run.exit_code == 0);
  auto config = check_of(run.json(), "config");
  CHECK(config["status"] == "warn");
  CHECK(config["summary"] == "the key is written inline in the config " + cfg + " (target inline)");
  CHECK(check_of(run.json(), "api_key")["status"] == "pass");
}

TEST_CASE("bad config files are exit 2 naming the file and the field") {
  struct Case {
    std::string json, field;
  };
  auto c = GENERATE(values<Case>({
      {"{", "not a JSON object"},
      {R"({"target": {}})", "field \"target\": unknown field"},
      {R"({"targets": {"a": {"model": 3}}})", "field \"targets.a.model\": must be a string"},
      {R"({"targets": {"a": {"modle": "x"}}})", "field \"targets.a.modle\": unknown field"},
      {R"({"targets": {"a": {"key": "x", "key_env": "Y"}}})", "field \"targets.a\": give the key one way"},
      {R"({"default_target": "b", "targets": {"a": {}}})", "field \"default_target\": no target is called \"b\""},
  }));
  TempDir dir;
  const std::string cfg = private_file(dir, "config.json", c.json);
  Run run = run_doctor({"check", "--config", cfg});
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("config \"" + cfg + "\"") != std::string::npos);
  CHECK(run.err.find(c.field) != std::string::npos);
}

TEST_CASE("a missing target or config is exit 2 with the choices") {
  TempDir dir;
  const std::string cfg = private_file(dir, "config.json", R"({"targets": {"prod": {}, "staging": {}}})");
  Run typo = run_doctor({"check", "--config", cfg, "--target", "prd"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean \"prod\"? (targets: prod, staging)") != std::string::npos);
  Run none = run_doctor({"check", "--target", "prod"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("--target \"prod\": no config file") != std::string::npos);
  Run missing = run_doctor({"check", "--config", dir.path() + "/nope.json"});
  CHECK(missing.exit_code == 2);
}
