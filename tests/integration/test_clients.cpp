// --client claude-code | codex | openai-sdk and --from-env anthropic: the client's own
// configuration (Claude Code's settings files and variables, Codex's config.toml) read as
// the client ranks it, and the verdicts it leads to, against the fake gateway.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/doctor.hpp"

using namespace support;

namespace {

// The Messages root of the fake gateway: its base less /v1, as ANTHROPIC_BASE_URL takes it.
std::string root_of(const fake::Server& s) {
  std::string b = s.base_url();
  return b.substr(0, b.size() - 3);
}

// The doctor run from `dir` (Claude Code reads .claude/ there), HOME the same.
Run in_dir(const TempDir& dir, const std::string& args, std::map<std::string, std::string> env) {
  env.emplace("HOME", dir.path());
  Run run = run_shell("cd '" + dir.path() + "' && " + std::string(ANLINK_DOCTOR_BIN) + " " + args, env);
  if (args.starts_with("check") && args.find("--format json") != std::string::npos && run.exit_code != 2)
    require_valid_report(run.out);  // as run_doctor validates every check's JSON
  return run;
}

void write(const TempDir& dir, const std::string& rel, const std::string& content) {
  const auto path = std::filesystem::path(dir.path()) / rel;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

nlohmann::json check_with(const nlohmann::json& report, const std::string& id, const std::string& model = "") {
  for (const auto& c : report["checks"])
    if (c["id"] == id && (model.empty() || c.value("model", "") == model)) return c;
  return nullptr;
}

}  // namespace

TEST_CASE("claude-code: a settings file's env block wins over the environment, and the report names the client") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  write(dir, ".claude/settings.json",
        nlohmann::json{{"env", {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_MODEL", "qwen-flash"}}}}.dump());
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey}});
  const auto report = run.json();
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(report["target"]["client"] == "claude-code");
  CHECK(report["target"]["apis"] == nlohmann::json({"messages"}));
  CHECK(check_of(report, "config")["evidence"]["base_url_source"].get<std::string>().find("settings.json env") !=
        std::string::npos);
  const auto client = check_of(report, "client_request");
  CHECK(client["status"] == "pass");
  CHECK(client["summary"].get<std::string>().find("input and") != std::string::npos);  // what it cost
  // Claude Code's own request went out: ?beta=true, its beta list, thinking, context_management.
  bool shaped = false;
  for (const auto& r : server.received())
    shaped |= r.path == "/api/v1/messages" && r.target.find("beta=true") != std::string::npos &&
              r.headers.count("anthropic-beta") && r.body.find("\"context_management\"") != std::string::npos &&
              r.body.find("\"thinking\"") != std::string::npos && r.body.find("32000") != std::string::npos;
  CHECK(shaped);
}

TEST_CASE("claude-code: settings as Claude Code ranks them: managed, local project, project, user") {
  TempDir dir;
  write(dir, ".claude/settings.json", R"({"env": {"ANTHROPIC_MODEL": "from-project", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/p"}})");
  write(dir, ".claude/settings.local.json", R"({"env": {"ANTHROPIC_MODEL": "from-local"}})");
  write(dir, ".claude/settings.user/settings.json", R"({"env": {"ANTHROPIC_MODEL": "from-user", "ANTHROPIC_SMALL_FAST_MODEL": "small-one"}, "model": "opus"})");
  Run run = in_dir(dir, "config --client claude-code",
                   {{"CLAUDE_CONFIG_DIR", dir.path() + "/.claude/settings.user"}, {"ANTHROPIC_MODEL", "from-env"}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("from-local") != std::string::npos);
  CHECK(run.out.find("from-project") == std::string::npos);
  CHECK(run.out.find("from-env") == std::string::npos);
  CHECK(run.out.find("small-one") != std::string::npos);  // every model Claude Code would use
  CHECK(run.out.find("settings.local.json") != std::string::npos);
  CHECK(run.out.find("http://127.0.0.1:9/p/v1") != std::string::npos);  // the root, plus the /v1 it appends
}

TEST_CASE("claude-code: both credentials set is a CONFIG warning naming both, exit 0 when all else passes") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey},
                    {"ANTHROPIC_API_KEY", fake::kGoodKey}, {"ANTHROPIC_MODEL", "qwen-flash"}});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  const auto config = check_of(report, "config");
  CHECK(config["status"] == "warn");
  CHECK(config["category"] == "CONFIG");
  CHECK(config["summary"].get<std::string>().find("ANTHROPIC_API_KEY") != std::string::npos);
  CHECK(config["summary"].get<std::string>().find("ANTHROPIC_AUTH_TOKEN") != std::string::npos);
  CHECK(config["summary"].get<std::string>().find("both") != std::string::npos);
}

TEST_CASE("claude-code: the key sent the way the gateway refuses fails UNAUTHORIZED naming the variable that works") {
  fake::Server server(fake::scenario("messages-auth-x-api-key"));
  TempDir dir;
  std::map<std::string, std::string> env = {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_MODEL", "qwen-flash"}};
  env["ANTHROPIC_AUTH_TOKEN"] = fake::kGoodKey;
  Run run = in_dir(dir, "check --client claude-code --format json", env);
  auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 1);
  auto key = check_of(report, "api_key");
  CHECK(key["status"] == "fail");
  CHECK(key["category"] == "UNAUTHORIZED");
  CHECK(any_contains(key["fixes"], "ANTHROPIC_API_KEY"));
  // Given the way the gateway takes, the same run passes, without a warning about the other way.
  env.erase("ANTHROPIC_AUTH_TOKEN");
  env["ANTHROPIC_API_KEY"] = fake::kGoodKey;
  run = in_dir(dir, "check --client claude-code --format json", env);
  report = run.json();
  CHECK(run.exit_code == 0);
  CHECK(check_of(report, "api_key")["status"] == "pass");
}

TEST_CASE("claude-code: every model it would use is checked, one the gateway lacks fails with its variable") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey},
                    {"ANTHROPIC_MODEL", "qwen-flash"}, {"ANTHROPIC_DEFAULT_HAIKU_MODEL", "no-such-haiku"}});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(report["target"]["models"] == nlohmann::json({"qwen-flash", "no-such-haiku"}));
  CHECK(check_with(report, "model", "qwen-flash")["status"] == "pass");
  const auto missing = check_with(report, "model", "no-such-haiku");
  CHECK(missing["status"] == "fail");
  CHECK(missing["category"] == "NOT_FOUND");
  CHECK(missing["summary"].get<std::string>().find("ANTHROPIC_DEFAULT_HAIKU_MODEL") != std::string::npos);
  // A suggested command checks the same client again: --client kept, no key in it.
  REQUIRE(!report["diagnosis"]["commands"].empty());
  for (const auto& c : report["diagnosis"]["commands"]) {
    CHECK(c.get<std::string>().find("--client claude-code") != std::string::npos);
    CHECK(c.get<std::string>().find(fake::kGoodKey) == std::string::npos);
  }
}

TEST_CASE("from-env anthropic: the variables alone, the messages API, x-api-key for ANTHROPIC_API_KEY") {
  fake::Server server(fake::scenario("messages-auth-x-api-key"));
  TempDir dir;
  write(dir, ".claude/settings.json", R"({"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}})");  // not read
  Run run = in_dir(dir, "check --from-env anthropic --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_API_KEY", fake::kGoodKey},
                    {"ANTHROPIC_MODEL", "qwen-flash"}});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(report["target"]["apis"] == nlohmann::json({"messages"}));
  CHECK_FALSE(report["target"].contains("client"));
  CHECK(check_of(report, "client_request").is_null());  // the client's own request is --client's
  // An --env-file that speaks only ANTHROPIC_* implies it, as one of OPENAI_* implies openai.
  dir.write("app.env", "ANTHROPIC_BASE_URL=" + root_of(server) + "\nANTHROPIC_API_KEY=" + fake::kGoodKey +
                           "\nANTHROPIC_MODEL=qwen-flash\n");
  Run file = in_dir(dir, "check --env-file app.env --format json", {});
  INFO(file.out);
  CHECK(file.exit_code == 0);
  CHECK(file.json()["target"]["apis"] == nlohmann::json({"messages"}));
}

TEST_CASE("claude-code: hostile settings files are a one-line exit 2, nothing read past the cap") {
  TempDir dir;
  SECTION("nested 100,000 deep") { write(dir, ".claude/settings.json", std::string(100000, '[') + std::string(100000, ']')); }
  SECTION("not JSON, with its line") { write(dir, ".claude/settings.json", "{\n  \"env\": {\n    \"A\": 1,,\n}"); }
  SECTION("a FIFO") {
    std::filesystem::create_directories(dir.path() + "/.claude");
    REQUIRE(::mkfifo((dir.path() + "/.claude/settings.json").c_str(), 0600) == 0);
  }
  SECTION("a 1 GB file") {
    std::filesystem::create_directories(dir.path() + "/.claude");
    std::filesystem::resize_file(dir.write(".claude/settings.json", "{"), 1u << 30);
  }
  Run run = in_dir(dir, "check --client claude-code", {{"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey}});
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("settings.json") != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
}

namespace {

// A CODEX_HOME with this config.toml, pointed at the fake gateway's base.
std::string codex_home(const TempDir& dir, const std::string& toml) {
  write(dir, "codex/config.toml", toml);
  return dir.path() + "/codex";
}

std::string provider(const fake::Server& s, const std::string& extra = "") {
  return "model = \"qwen-flash\"\nmodel_provider = \"gw\"\n\n[model_providers.gw]\nname = \"Gateway\"\n"
         "base_url = \"" + s.base_url() + "\"\nenv_key = \"GW_KEY\"\n" + extra;
}

}  // namespace

TEST_CASE("codex: a provider from config.toml, its headers and query parameters sent, its request shape") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  const std::string home = codex_home(dir, provider(server, "wire_api = \"responses\"\nhttp_headers = { \"X-Team\" = \"blue\" }\n"
                                                            "env_http_headers = { \"X-Tenant\" = \"GW_TENANT\" }\n"
                                                            "query_params = { \"team\" = \"t1\" }\n"));
  Run run = in_dir(dir, "check --client codex --format json",
                   {{"CODEX_HOME", home}, {"GW_KEY", fake::kGoodKey}, {"GW_TENANT", "acme"}});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(report["target"]["client"] == "codex");
  CHECK(report["target"]["apis"] == nlohmann::json({"responses"}));
  CHECK(check_of(report, "client_request")["status"] == "pass");
  bool headers = false, shaped = false;
  for (const auto& r : server.received()) {
    headers |= r.headers.count("x-team") && r.headers.at("x-team") == "blue" && r.headers.count("x-tenant") &&
               r.target.find("team=t1") != std::string::npos;
    shaped |= r.path == "/api/v1/responses" && r.body.find("\"store\":false") != std::string::npos &&
              r.body.find("reasoning.encrypted_content") != std::string::npos;
  }
  CHECK(headers);
  CHECK(shaped);
}

TEST_CASE("codex: wire_api = \"chat\" and an unset env_key fail CONFIG with Codex's own fix") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  SECTION("wire_api = chat") {
    Run run = in_dir(dir, "check --client codex --format json",
                     {{"CODEX_HOME", codex_home(dir, provider(server, "wire_api = \"chat\"\n"))}, {"GW_KEY", fake::kGoodKey}});
    const auto config = check_of(run.json(), "config");
    INFO(config.dump(2));
    CHECK(run.exit_code == 1);
    CHECK(config["status"] == "fail");
    CHECK(config["category"] == "CONFIG");
    CHECK(config["summary"].get<std::string>().find("wire_api") != std::string::npos);
    CHECK(any_contains(config["fixes"], "wire_api = \"responses\""));
  }
  SECTION("env_key unset") {
    Run run = in_dir(dir, "check --client codex --format json", {{"CODEX_HOME", codex_home(dir, provider(server))}});
    const auto config = check_of(run.json(), "config");
    INFO(config.dump(2));
    CHECK(run.exit_code == 1);
    CHECK(config["status"] == "fail");
    CHECK(config["summary"].get<std::string>().find("GW_KEY") != std::string::npos);
    CHECK(any_contains(config["fixes"], "export GW_KEY="));
  }
}

TEST_CASE("codex: --codex-profile layers NAME.config.toml over config.toml, as codex -p NAME") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  const std::string home = codex_home(dir, provider(server));
  // A profile that changes one key of the provider keeps its others (env_key, base_url).
  write(dir, "codex/fast.config.toml", "model = \"qwen-plus\"\n[model_providers.gw]\nwire_api = \"responses\"\n");
  Run run = in_dir(dir, "config --client codex --codex-profile fast", {{"CODEX_HOME", home}, {"GW_KEY", fake::kGoodKey}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("qwen-plus") != std::string::npos);
  CHECK(run.out.find(server.base_url()) != std::string::npos);
  CHECK(run.out.find("GW_KEY") != std::string::npos);
  CHECK(run.out.find("fast.config.toml") != std::string::npos);
  run = in_dir(dir, "config --client codex --codex-profile nope", {{"CODEX_HOME", home}});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("nope.config.toml") != std::string::npos);
}

TEST_CASE("codex: a config.toml that does not parse, a FIFO, a 1 GB file: exit 2 naming the file") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/codex");
  std::string words = "config.toml";
  SECTION("a broken string, with its line and column") {
    write(dir, "codex/config.toml", "model = \"gpt\"\n[model_providers.gw]\nbase_url = \"http://x\n");
    words = "config.toml:3:";
  }
  SECTION("a FIFO") { REQUIRE(::mkfifo((dir.path() + "/codex/config.toml").c_str(), 0600) == 0); }
  SECTION("a 1 GB file") { std::filesystem::resize_file(dir.write("codex/config.toml", "a"), 1u << 30); }
  SECTION("nested arrays past any sense") { write(dir, "codex/config.toml", "x = " + std::string(5000, '[') + std::string(5000, ']') + "\n"); }
  Run run = in_dir(dir, "check --client codex", {{"CODEX_HOME", dir.path() + "/codex"}});
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find(words) != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
}

TEST_CASE("openai-sdk: --client openai-sdk reads the OpenAI SDK's variables, as --from-env openai") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  Run run = in_dir(dir, "check --client openai-sdk --format json",
                   {{"OPENAI_BASE_URL", server.base_url()}, {"OPENAI_API_KEY", fake::kGoodKey}, {"OPENAI_MODEL", "qwen-flash"}});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(report["target"]["client"] == "openai-sdk");
  CHECK(check_of(report, "config")["evidence"]["api_key_source"] == "OPENAI_API_KEY");
  CHECK(check_of(report, "client_request").is_null());
  Run both = in_dir(dir, "check --client openai-sdk --from-env anthropic", {});
  CHECK(both.exit_code == 2);
}

TEST_CASE("clients: keys from a settings file's env block and from Codex's variables never show, in any format") {
  const std::string settings_key = "ak_live_settings0file0key0123456789abcdef";
  const std::string header_secret = "hs_4f9d2c7a1e8b3f6d0a5c9e2b7d4f1a8c";
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  write(dir, ".claude/settings.json",
        nlohmann::json{{"env", {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_AUTH_TOKEN", settings_key},
                                {"ANTHROPIC_API_KEY", fake::kGoodKey}, {"ANTHROPIC_MODEL", "qwen-flash"},
                                {"ANTHROPIC_CUSTOM_HEADERS", "X-Team-Token: " + header_secret}}}}.dump());
  for (const char* format : {"text", "json", "junit", "markdown", "github"}) {
    Run run = in_dir(dir, std::string("check --client claude-code -v --format ") + format, {});
    INFO(format << ": " << run.out);
    require_key_absent(run, settings_key);
    require_key_absent(run, fake::kGoodKey);
    CHECK(run.out.find(header_secret) == std::string::npos);
  }
  Run config = in_dir(dir, "config --client claude-code", {});
  require_key_absent(config, settings_key);
  require_key_absent(config, fake::kGoodKey);
  CHECK(config.out.find(header_secret) == std::string::npos);
  CHECK(config.out.find("x-api-key") != std::string::npos);  // both credentials: both keys, masked

  const std::string home = codex_home(dir, provider(server, "env_http_headers = { \"X-Org-Secret\" = \"ORG_SECRET\" }\n"));
  for (const char* cmd : {"check --client codex -v --format json", "config --client codex"}) {
    Run run = in_dir(dir, cmd, {{"CODEX_HOME", home}, {"GW_KEY", settings_key}, {"ORG_SECRET", header_secret}});
    INFO(cmd << ": " << run.out);
    require_key_absent(run, settings_key);
    CHECK(run.out.find(header_secret) == std::string::npos);
  }
}

TEST_CASE("claude-code: models as Claude Code resolves them: the opus default, aliases in ANTHROPIC_MODEL and settings") {
  TempDir dir;
  auto models_of = [&](std::map<std::string, std::string> env) {
    Run run = in_dir(dir, "config --client claude-code", env);
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    return run.out;
  };
  // Only the sonnet variable: Claude Code still asks for its default, the opus model, first.
  std::string out = models_of({{"ANTHROPIC_DEFAULT_SONNET_MODEL", "qwen-plus"}});
  CHECK(out.find("claude-opus-5-5") != std::string::npos);
  CHECK(out.find("qwen-plus") != std::string::npos);
  // The opus variable: the default resolves through it.
  out = models_of({{"ANTHROPIC_DEFAULT_OPUS_MODEL", "qwen-plus"}});
  CHECK(out.find("claude-opus-5-5") == std::string::npos);
  CHECK(out.find("qwen-plus") != std::string::npos);
  // An alias in ANTHROPIC_MODEL is the model its variable names; a comma is part of one id.
  out = models_of({{"ANTHROPIC_MODEL", "sonnet"}, {"ANTHROPIC_DEFAULT_SONNET_MODEL", "glm-4.5"}});
  CHECK(out.find("glm-4.5") != std::string::npos);
  CHECK(out.find("model        sonnet") == std::string::npos);
  out = models_of({{"ANTHROPIC_MODEL", "a,b"}});
  CHECK(out.find("a,b") != std::string::npos);
  // Whitespace alone is no model: the default.
  out = models_of({{"ANTHROPIC_MODEL", " "}});
  CHECK(out.find("claude-opus-5-5") != std::string::npos);
}

TEST_CASE("claude-code: its own settings shape its request, and a fix is suggested only when the doctor saw it work") {
  fake::Server server(fake::scenario("agent-max-tokens-other"));
  TempDir dir;
  std::map<std::string, std::string> env = {{"ANTHROPIC_BASE_URL", root_of(server)},
                                            {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey},
                                            {"ANTHROPIC_MODEL", "claude-opus-5-5"}};
  Run run = in_dir(dir, "check --client claude-code --format json", env);
  auto client = check_of(run.json(), "client_request");
  INFO(client.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(client["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(any_contains(client["fixes"], "CLAUDE_CODE_MAX_OUTPUT_TOKENS=8192"));
  CHECK(client["evidence"]["settings_tried"]["CLAUDE_CODE_MAX_OUTPUT_TOKENS"] == "answered");
  // Set as the fix says, Claude Code's request fits, and so does the doctor's.
  env["CLAUDE_CODE_MAX_OUTPUT_TOKENS"] = "8192";
  run = in_dir(dir, "check --client claude-code --format json", env);
  client = check_of(run.json(), "client_request");
  INFO(client.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(client["status"] == "pass");
  CHECK(client["evidence"]["max_tokens"] == 8192);
}

TEST_CASE("claude-code: a setting that does not avoid a refusal is never suggested") {
  fake::Server server(fake::scenario("agent-beta-other"));
  TempDir dir;
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey},
                    {"ANTHROPIC_MODEL", "claude-opus-5-5"}});
  const auto client = check_of(run.json(), "client_request");
  INFO(client.dump(2));
  CHECK(run.exit_code == 1);
  // With CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 it still sends three betas, still refused.
  CHECK(client["evidence"]["settings_tried"]["CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"] == "still refused");
  for (const auto& fix : client["fixes"]) CHECK(fix.get<std::string>().rfind("Set CLAUDE_CODE_DISABLE", 0) != 0);
}

TEST_CASE("claude-code: both credentials to different values: both headers go out, and the key-less test carries neither") {
  fake::Server server(fake::scenario("messages-auth-x-api-key"));
  TempDir dir;
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_API_KEY", fake::kGoodKey},
                    {"ANTHROPIC_AUTH_TOKEN", "ak_live_00000000000000000000dead"}, {"ANTHROPIC_MODEL", "qwen-flash"}});
  const auto report = run.json();
  INFO(report.dump(2));
  // The gateway reads x-api-key, which holds the good key: Claude Code works, and so does the check.
  CHECK(run.exit_code == 0);
  CHECK(check_of(report, "api_key")["status"] == "pass");
  CHECK(check_of(report, "config")["status"] == "warn");
  bool keyless = false, both = false;
  for (const auto& r : server.received()) {
    keyless |= r.headers.count("x-api-key") == 0 && r.authorization.empty();
    both |= r.headers.count("x-api-key") && !r.authorization.empty();
  }
  CHECK(keyless);
  CHECK(both);
}

TEST_CASE("codex: what Codex refuses at start fails CONFIG: a legacy profile =, a provider without a name, a wrong type") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  std::string toml, words;
  SECTION("profile =") { toml = "profile = \"x\"\n" + provider(server); words = "legacy"; }
  SECTION("no name") {
    toml = "model_provider = \"gw\"\n[model_providers.gw]\nbase_url = \"" + server.base_url() + "\"\nenv_key = \"GW_KEY\"\n";
    words = "name must not be empty";
  }
  SECTION("a number for a string") { toml = provider(server, "wire_api = 5\n"); words = "invalid type"; }
  Run run = in_dir(dir, "check --client codex --format json", {{"CODEX_HOME", codex_home(dir, toml)}, {"GW_KEY", fake::kGoodKey}});
  const auto config = check_of(run.json(), "config");
  INFO(config.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(config["status"] == "fail");
  CHECK(config["summary"].get<std::string>().find(words) != std::string::npos);
}

TEST_CASE("codex: the built-in provider reads openai_base_url and CODEX_API_KEY, not the OpenAI SDK's variables") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  const std::string home = codex_home(dir, "model = \"qwen-flash\"\nopenai_base_url = \"" + server.base_url() + "\"\n");
  Run run = in_dir(dir, "config --client codex",
                   {{"CODEX_HOME", home}, {"CODEX_API_KEY", fake::kGoodKey}, {"OPENAI_BASE_URL", "http://127.0.0.1:9/v1"}});
  INFO(run.out << run.err);
  CHECK(run.out.find(server.base_url()) != std::string::npos);
  CHECK(run.out.find("127.0.0.1:9") == std::string::npos);
  CHECK(run.out.find("CODEX_API_KEY") != std::string::npos);
}

TEST_CASE("codex: a key of 50,000 dotted parts, or a table header of them, is a one-line exit 2, not a crash") {
  TempDir dir;
  std::string parts;
  for (int i = 0; i < 50000; ++i) parts += "a.";
  SECTION("a dotted key") { write(dir, "codex/config.toml", parts + "b = 1\n"); }
  SECTION("a table header") { write(dir, "codex/config.toml", "[" + parts + "b]\n"); }
  Run run = in_dir(dir, "check --client codex", {{"CODEX_HOME", dir.path() + "/codex"}});
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("dotted parts") != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  // Dots inside strings and comments are no key's.
  write(dir, "codex/config.toml", "# " + parts + "\nmodel = \"" + parts + "\"\n");
  run = in_dir(dir, "config --client codex", {{"CODEX_HOME", dir.path() + "/codex"}});
  CHECK(run.exit_code == 0);
}

TEST_CASE("claude-code: a refusal in other words that its own fixed retries get past is a warning, not a failure") {
  fake::Server server(fake::scenario("agent-beta-count-other"));
  TempDir dir;
  Run run = in_dir(dir, "check --client claude-code --format json",
                   {{"ANTHROPIC_BASE_URL", root_of(server)}, {"ANTHROPIC_AUTH_TOKEN", fake::kGoodKey},
                    {"ANTHROPIC_MODEL", "claude-opus-5-5"}});
  const auto client = check_of(run.json(), "client_request");
  INFO(client.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(client["status"] == "warn");
  CHECK(client["summary"].get<std::string>().find("thinking-token-count-2026-05-13") != std::string::npos);
}
