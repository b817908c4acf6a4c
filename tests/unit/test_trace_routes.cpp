// trace's table of routes (which API a call is), its clients (which one a command runs, the
// override it gets) and what it reads of their configuration.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "clients/claude_settings.hpp"
#include "clients/client.hpp"
#include "clients/codex_config.hpp"
#include "trace/routes.hpp"

using namespace anlink;

namespace {

struct TempHome {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("anlink-trace-unit-" + std::to_string(::getpid()));
  TempHome() { std::filesystem::create_directories(dir); }
  ~TempHome() { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

}  // namespace

TEST_CASE("trace routes: a call's API from its path, Anthropic's at the root only where they are its") {
  CHECK(api_of(route_of("/api/v1/chat/completions", true)).id == "chat");
  CHECK(api_of(route_of("/api/v1/responses", true)).id == "responses");
  CHECK(api_of(route_of("/v1/messages", false)).id == "messages");
  CHECK(route_of("/v1/messages/count_tokens", false)->kind == CallKind::count_tokens);
  CHECK(route_of("/v1/models", false)->kind == CallKind::models);
  CHECK(route_of("/api/v1/models", true) == nullptr);  // the OpenAI listing: judged as chat, as ever
  CHECK(api_of(nullptr).id == "chat");
  CHECK(route_of("/v1/messages/../admin", false) == nullptr);
  CHECK(route_of("/admin", false) == nullptr);
  CHECK(route_of("/x/v1/messages", false) == nullptr);  // at the root, the whole path only
}

TEST_CASE("trace clients: named by --client or the command's name, each override after argv[0]") {
  CHECK(client_of("", {"/usr/local/bin/claude", "-p", "hi"})->id == "claude-code");
  CHECK(client_of("", {"codex", "exec"})->id == "codex");
  CHECK(client_of("", {"python3", "app.py"}) == nullptr);
  CHECK(client_of("openai-sdk", {"claude"}) == nullptr);
  CHECK(client_of("codex", {"node", "x.js"})->id == "codex");

  std::vector<std::string> warnings;
  const Forwarder at{"http://127.0.0.1:4000", "http://127.0.0.1:4000/v1"};
  auto claude = with_override(*client_of("", {"claude"}), {"claude", "-p", "hi"}, at, warnings);
  REQUIRE(claude.size() == 5);
  CHECK(claude[1] == "--settings");
  CHECK(claude[2] == R"({"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:4000"}})");
  CHECK(claude[3] == "-p");
  // A wrapper: no place for the flag, a warning instead.
  auto wrapped = with_override(*client_of("claude-code", {}), {"npx", "claude"}, at, warnings);
  CHECK(wrapped == std::vector<std::string>{"npx", "claude"});
  CHECK(!warnings.empty());
}

TEST_CASE("trace clients: Codex's configured provider, from config.toml or the -p profile's file") {
  TempHome home;
  ::setenv("CODEX_HOME", home.dir.c_str(), 1);
  CHECK(codex_base_url_key({"codex", "exec"}) == "openai_base_url");  // no file: the built-in provider
  home.write("config.toml", "model = \"m\"\nmodel_provider = \"gw\"  # ours\n[model_providers.gw]\nbase_url = \"x\"\n");
  CHECK(codex_base_url_key({"codex", "exec"}) == "model_providers.gw.base_url");
  home.write("work.config.toml", "model_provider = 'team-gw'\n[model_providers.team-gw]\nbase_url = \"y\"\n");
  CHECK(codex_base_url_key({"codex", "-p", "work", "exec"}) == "model_providers.team-gw.base_url");
  CHECK(codex_base_url_key({"codex", "--profile=work", "exec"}) == "model_providers.team-gw.base_url");
  home.write("config.toml", "model_provider = \"openai\"\n");
  CHECK(codex_base_url_key({"codex", "exec"}) == "openai_base_url");
  home.write("config.toml", "[model_providers.gw]\nmodel_provider = \"gw\"\n");  // not top-level
  CHECK(codex_base_url_key({"codex"}) == "openai_base_url");
  home.write("config.toml", "model_provider = \"a.b\\\"=x\"\n");  // never a -c key of another shape
  CHECK(!codex_base_url_key({"codex"}));
  std::vector<std::string> warnings;
  home.write("config.toml", "model_provider = \"gw\"\n[model_providers.gw]\nbase_url = \"x\"\n");
  auto codex = with_override(*client_of("", {"codex"}), {"codex", "exec", "hi"}, {"http://h:1", "http://h:1/v1"},
                             warnings);
  CHECK(codex == std::vector<std::string>{"codex", "-c", "model_providers.gw.base_url=\"http://h:1/v1\"", "exec", "hi"});
  ::unsetenv("CODEX_HOME");
}

TEST_CASE("trace clients: a managed settings file's ANTHROPIC_BASE_URL is read, nothing else") {
  TempHome home;
  CHECK(claude_managed_base_url(home.write("m.json", R"({"env":{"ANTHROPIC_BASE_URL":"https://corp.example"}})")) ==
        "https://corp.example");
  CHECK(!claude_managed_base_url(home.write("n.json", R"({"env":{"OTHER":"x"}})")));
  CHECK(!claude_managed_base_url(home.write("bad.json", "{not json")));
  CHECK(!claude_managed_base_url((home.dir / "absent.json").string()));
}
