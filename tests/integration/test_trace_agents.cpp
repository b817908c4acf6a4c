// trace for agents: calls of the three APIs (tests/trace/agent.py as the agent), each judged by
// its API's rules; Claude Code's and Codex's own overrides of their configuration, and their
// failures in their terms (agent.py as a fake `claude` and a fake `codex`).
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/doctor.hpp"

using namespace support;

namespace {

const std::string kAgent = std::string(ANLINK_SOURCE_DIR) + "/tests/trace/agent.py";

Run trace_agent(const fake::Server& server, const std::vector<std::string>& program,
                const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> args = {"trace", "--format", "json", "--base-url", server.base_url()};
  args.insert(args.end(), program.begin(), program.end());
  auto e = env;
  e["APP_KEY"] = fake::kGoodKey;
  Run run = run_doctor(args, e);
  INFO(run.out << run.err);
  require_valid_trace(run.out);
  return run;
}

// A program named `name` (claude, codex) in `dir`: agent.py in that client's part.
std::string fake_client(const TempDir& dir, const std::string& name, const std::string& part) {
  const std::string path =
      dir.write(name, "#!/bin/sh\nexec /usr/bin/python3 '" + kAgent + "' " + part + " \"$@\"\n");
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

}  // namespace

TEST_CASE("trace: a Messages agent's streamed call (?beta=true) and its count_tokens are judged as messages") {
  fake::Server server(fake::scenario("three-apis"));
  Run run = trace_agent(server, {"--", "/usr/bin/python3", kAgent, "messages"});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  REQUIRE(report["calls"].size() == 2);
  CHECK(report["calls"][0]["api"] == "messages");
  CHECK(report["calls"][0]["path"] == "/v1/messages");
  CHECK(report["calls"][0]["status"] == 200);
  CHECK(report["calls"][0]["stream"] == true);
  CHECK(report["calls"][0]["stream_done"] == true);
  CHECK(report["calls"][1]["api"] == "messages");
  CHECK(report["calls"][1]["path"] == "/v1/messages/count_tokens");
  CHECK(report["diagnosis"]["status"] == "pass");
  CHECK(run.err.find("/v1/messages  [messages]  qwen-flash  200") != std::string::npos);
  CHECK(run.err.find("stream: message_stop,") != std::string::npos);
  // Relayed to the Messages root of the base, its query kept.
  bool relayed = false;
  for (const auto& r : server.received()) relayed = relayed || r.target == "/api/v1/messages?beta=true";
  CHECK(relayed);
}

TEST_CASE("trace: a Messages stream is judged by its grammar, as the stream check judges it") {
  struct Case {
    std::string scenario, category;
  };
  for (const Case& c : {Case{"messages-out-of-order", "STREAM_MALFORMED"},
                        Case{"messages-no-stop", "UPSTREAM_STREAM_INTERRUPTED"},
                        Case{"messages-error-event", "UPSTREAM_STREAM_INTERRUPTED"}}) {
    fake::Server server(fake::scenario(c.scenario));
    Run run = trace_agent(server, {"--", "/usr/bin/python3", kAgent, "messages"});
    INFO(c.scenario << "\n" << run.out << run.err);
    CHECK(run.exit_code == 1);
    auto report = run.json();
    REQUIRE(report["calls"].size() >= 1);
    CHECK(report["calls"][0]["api"] == "messages");
    CHECK(report["diagnosis"]["category"] == c.category);
  }
}

TEST_CASE("trace: a Responses agent's stream is judged by the Responses grammar") {
  {
    fake::Server server(fake::scenario("chat-responses"));
    Run run = trace_agent(server, {"--", "/usr/bin/python3", kAgent, "responses"});
    CHECK(run.exit_code == 0);
    auto report = run.json();
    REQUIRE(report["calls"].size() == 1);
    CHECK(report["calls"][0]["api"] == "responses");
    CHECK(report["calls"][0]["path"] == "/api/v1/responses");
    CHECK(report["calls"][0]["stream_done"] == true);
    // Codex's JSON header of ids: its ids are masked, the report around them is intact.
    CHECK(run.out.find("7d3e9a1c5b2f4e8a9c6d0b1a2f3e4d5c") == std::string::npos);
    CHECK(report["command"].back() == "responses");
    CHECK(report["calls"][0].contains("stream_done"));
    CHECK(run.out.find("\"***") == std::string::npos);
  }
  fake::Server server(fake::scenario("responses-no-terminal"));
  Run run = trace_agent(server, {"--", "/usr/bin/python3", kAgent, "responses"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["calls"][0]["api"] == "responses");
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("response.completed") != std::string::npos);
}

TEST_CASE("trace --client claude-code: a gateway without /v1/messages is API_UNSUPPORTED, in Claude Code's terms") {
  fake::Server server(fake::scenario("healthy"));  // chat only
  Run run = trace_agent(server, {"--client", "claude-code", "--", "/usr/bin/python3", kAgent, "messages"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["client"] == "claude-code");
  CHECK(report["calls"][0]["api"] == "messages");
  CHECK(report["diagnosis"]["category"] == "API_UNSUPPORTED");
  const auto summary = report["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("Claude Code cannot use this gateway: it has no /v1/messages (404)") != std::string::npos);
  CHECK(summary.find("There's an issue with the selected model (qwen-flash)") != std::string::npos);
  CHECK(summary.find("that blames the model") != std::string::npos);
  CHECK(summary.find("Chat Completions (chat)") != std::string::npos);
}

TEST_CASE("trace: a model the gateway does not know, told as Claude Code prints it, and said to be the model") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  const std::string script =
      "import json, os, urllib.request, urllib.error\n"
      "req = urllib.request.Request(os.environ['ANTHROPIC_BASE_URL'] + '/v1/messages', data=json.dumps("
      "{'model': 'no-such-model', 'max_tokens': 8, 'messages': [{'role': 'user', 'content': 'hi'}]}).encode(), "
      "headers={'x-api-key': os.environ['APP_KEY'], 'anthropic-version': '2023-06-01', "
      "'content-type': 'application/json'})\n"
      "try:\n    urllib.request.urlopen(req)\nexcept urllib.error.HTTPError as e:\n    print(e.code)\n";
  Run run = trace_agent(server, {"--client", "claude-code", "--", "/usr/bin/python3", dir.write("m.py", script)});
  CHECK(run.exit_code == 1);
  const auto summary = run.json()["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("There's an issue with the selected model (no-such-model)") != std::string::npos);
  CHECK(summary.find("does not know the model no-such-model") != std::string::npos);
  CHECK(summary.find("cannot use this gateway") == std::string::npos);
}

TEST_CASE("trace -- claude: the --settings override beats the settings file's env, so the call is seen") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/home/.claude");
  // The user's settings point Claude Code at the gateway itself, past the forwarder.
  dir.write("home/.claude/settings.json",
            nlohmann::json{{"env", {{"ANTHROPIC_BASE_URL", server.origin() + "/api"}}}}.dump());
  const std::string claude = fake_client(dir, "claude", "claude");
  Run run = trace_agent(server, {"--", claude, "-p", "hi"}, {{"HOME", dir.path() + "/home"}});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["client"] == "claude-code");
  CHECK(report["command"][1] == "-p");  // the report shows the user's command
  REQUIRE(report["calls"].size() == 2);
  CHECK(report["calls"][0]["api"] == "messages");
  CHECK(report["calls"][0]["path"] == "/v1/messages");
  CHECK(run.err.find("agent argv: [\"--settings\", \"{\\\"env\\\":{\\\"ANTHROPIC_BASE_URL\\\":\\\"http://127.0.0.1:") !=
        std::string::npos);
  CHECK(run.err.find("\"-p\", \"hi\"]") != std::string::npos);
}

TEST_CASE("trace -- codex: the -c override of the configured provider's base_url, so the call is seen") {
  fake::Server server(fake::scenario("chat-responses"));
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/codex-home");
  dir.write("codex-home/config.toml", "model = \"qwen-flash\"\nmodel_provider = \"gw\"\n\n[model_providers.gw]\n"
                                      "name = \"gateway\"\nbase_url = \"" + server.base_url() +
                                          "\"\nenv_key = \"APP_KEY\"\nwire_api = \"responses\"\n");
  const std::string codex = fake_client(dir, "codex", "codex");
  Run run = trace_agent(server, {"--", codex, "exec", "hi"}, {{"CODEX_HOME", dir.path() + "/codex-home"}});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["client"] == "codex");
  REQUIRE(report["calls"].size() == 1);
  CHECK(report["calls"][0]["api"] == "responses");
  CHECK(report["calls"][0]["path"] == "/api/v1/responses");
  CHECK(run.err.find("agent argv: [\"-c\", \"model_providers.gw.base_url=\\\"http://127.0.0.1:") != std::string::npos);
}

TEST_CASE("trace --client codex: a Responses stream cut short, in Codex's terms: exit 1 whatever the program did") {
  fake::Server server(fake::scenario("responses-no-terminal"));
  Run run = trace_agent(server, {"--client", "codex", "--", "/usr/bin/python3", kAgent, "responses"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["command_exit"] == 0);  // the agent read what came and went on
  const auto summary = report["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("Codex prints \"stream disconnected before completion") != std::string::npos);
}
