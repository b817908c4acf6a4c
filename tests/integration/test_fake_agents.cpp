// The fake gateway's agent scenarios (fake_agents.cpp) on their own: each refusal answers
// only the request that carries what it refuses, a forced tool is called where tools work and
// never where they are dropped, and the catalogs list Claude Code's default model or lack it.
// tests/node/claude_code.mjs and codex.mjs run the real clients on them.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fake/fake_server.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;

namespace {

struct Answer {
  int status = 0;
  std::string body;
  json parsed() const { return json::parse(body, nullptr, false); }
};

Answer post(const fake::Server& server, const std::string& path, const json& body, httplib::Headers headers) {
  httplib::Client client(server.origin());
  auto res = client.Post(path, headers, body.dump(), "application/json");
  REQUIRE(res);
  return {res->status, res->body};
}

const httplib::Headers kClaude = {{"x-api-key", fake::kGoodKey}, {"anthropic-version", "2023-06-01"}};
const httplib::Headers kCodex = {{"Authorization", std::string("Bearer ") + fake::kGoodKey}};

json message(const std::string& model = fake::kClaudeCodeDefaultModel) {
  return {{"model", model}, {"max_tokens", 64}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

// A Messages request that forces tool "Read" (one required string argument).
json forcing_read(bool stream) {
  json body = message();
  body["stream"] = stream;
  body["tools"] = json::parse(R"([{"name": "Read", "description": "read a file", "input_schema": {"type": "object",
      "properties": {"file_path": {"type": "string"}}, "required": ["file_path"]}}])");
  body["tool_choice"] = {{"type", "tool"}, {"name", "Read"}};
  return body;
}

}  // namespace

TEST_CASE("fake agents: agent-ok calls a tool forced by tool_choice, streamed or not, tools-dropped answers text") {
  fake::Server ok(fake::scenario("agent-ok"));
  const auto whole = post(ok, "/api/v1/messages", forcing_read(false), kClaude).parsed();
  INFO(whole.dump());
  CHECK(whole["stop_reason"] == "tool_use");
  CHECK(whole["content"][0]["type"] == "tool_use");
  CHECK(whole["content"][0]["name"] == "Read");
  CHECK(whole["content"][0]["input"]["file_path"].is_string());
  const auto streamed = post(ok, "/api/v1/messages", forcing_read(true), kClaude);
  CHECK(streamed.body.find(R"("type":"tool_use")") != std::string::npos);
  CHECK(streamed.body.find("input_json_delta") != std::string::npos);
  CHECK(streamed.body.find("event: message_stop") != std::string::npos);
  // Without tool_choice, text as every Messages scenario answers.
  CHECK(post(ok, "/api/v1/messages", message(), kClaude).parsed()["content"][0]["type"] == "text");

  fake::Server dropped(fake::scenario("agent-tools-dropped"));
  const auto text = post(dropped, "/api/v1/messages", forcing_read(false), kClaude).parsed();
  CHECK(text["content"][0]["type"] == "text");
  CHECK(post(dropped, "/api/v1/messages", forcing_read(true), kClaude).body.find("tool_use") == std::string::npos);
}

TEST_CASE("fake agents: each refusal answers only a request that carries what it refuses, in its gateway's words") {
  SECTION("betas, Anthropic's words: the values outside the accepted set named; the accepted ones pass") {
    fake::Server server(fake::scenario("agent-beta-anthropic"));
    auto headers = kClaude;
    headers.emplace("anthropic-beta", "claude-code-20250219,context-management-2025-06-27");
    const auto refused = post(server, "/api/v1/messages", message(), headers);
    CHECK(refused.status == 400);
    CHECK(refused.parsed()["error"]["message"] ==
          "Unexpected value(s) `context-management-2025-06-27` for the `anthropic-beta` header. Please consult our "
          "documentation at docs.anthropic.com or try again without the header.");
    auto accepted = kClaude;
    accepted.emplace("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
    CHECK(post(server, "/api/v1/messages", message(), accepted).status == 200);
    CHECK(post(server, "/api/v1/messages", message(), kClaude).status == 200);
  }
  SECTION("context_management, another gateway's words") {
    fake::Server server(fake::scenario("agent-context-other"));
    json body = message();
    body["context_management"] = {{"edits", json::array()}};
    const auto refused = post(server, "/api/v1/messages", body, kClaude);
    CHECK(refused.status == 400);
    CHECK(refused.parsed()["error"]["message"] == "Unrecognized request argument supplied: context_management");
    CHECK_FALSE(refused.parsed().contains("type"));  // not Anthropic's envelope
    CHECK(post(server, "/api/v1/messages", message(), kClaude).status == 200);
  }
  SECTION("max_tokens over the ceiling, Anthropic's words with the value asked and the model") {
    fake::Server server(fake::scenario("agent-max-tokens-anthropic"));
    json body = message();
    body["max_tokens"] = 32000;
    const auto refused = post(server, "/api/v1/messages", body, kClaude);
    CHECK(refused.status == 400);
    CHECK(refused.parsed()["error"]["message"] ==
          "max_tokens: 32000 > 8192, which is the maximum allowed number of output tokens for claude-opus-5-5");
    body["max_tokens"] = 8192;
    CHECK(post(server, "/api/v1/messages", body, kClaude).status == 200);
  }
  SECTION("thinking, another gateway's words; disabled thinking passes") {
    fake::Server server(fake::scenario("agent-thinking-other"));
    json body = message();
    body["thinking"] = {{"type", "adaptive"}};
    CHECK(post(server, "/api/v1/messages", body, kClaude).status == 400);
    body["thinking"] = {{"type", "disabled"}};
    CHECK(post(server, "/api/v1/messages", body, kClaude).status == 200);
  }
  SECTION("Codex's store, include and reasoning.summary") {
    for (const auto& [scenario, field, value] :
         {std::tuple{"agent-codex-store-refused", "store", json(false)},
          std::tuple{"agent-codex-include-refused", "include", json({"reasoning.encrypted_content"})},
          std::tuple{"agent-codex-reasoning-refused", "reasoning", json({{"summary", "auto"}})}}) {
      INFO(scenario);
      fake::Server server(fake::scenario(scenario));
      json body = {{"model", "qwen-flash"}, {"input", "hi"}};
      CHECK(post(server, "/api/v1/responses", body, kCodex).status == 200);
      body[field] = value;
      const auto refused = post(server, "/api/v1/responses", body, kCodex);
      CHECK(refused.status == 400);
      CHECK(refused.parsed()["error"]["message"].get<std::string>().starts_with("Unsupported parameter: '"));
    }
  }
}

TEST_CASE("fake agents: agent-codex-ok calls a forced function, agent-codex-tools-dropped answers text") {
  const json body = json::parse(R"({"model": "qwen-flash", "input": "hi", "stream": true,
      "tools": [{"type": "function", "name": "exec_command", "parameters": {"type": "object",
                 "properties": {"cmd": {"type": "string"}}, "required": ["cmd"]}}],
      "tool_choice": {"type": "function", "name": "exec_command"}})");
  fake::Server ok(fake::scenario("agent-codex-ok"));
  const auto called = post(ok, "/api/v1/responses", body, kCodex).body;
  CHECK(called.find(R"("type":"function_call")") != std::string::npos);
  CHECK(called.find("event: response.completed") != std::string::npos);
  fake::Server dropped(fake::scenario("agent-codex-tools-dropped"));
  CHECK(post(dropped, "/api/v1/responses", body, kCodex).body.find("function_call") == std::string::npos);
}

TEST_CASE("fake agents: agent-ok's catalogs list Claude Code's default model, agent-model-missing's do not, "
          "--record writes each request") {
  auto listed = [](const std::string& scenario, const httplib::Headers& headers) {
    fake::Server server(fake::scenario(scenario));
    httplib::Client client(server.origin());
    auto res = client.Get("/api/v1/models", headers);
    REQUIRE(res);
    return res->body.find(fake::kClaudeCodeDefaultModel) != std::string::npos;
  };
  CHECK(listed("agent-ok", {}));
  CHECK(listed("agent-ok", kClaude));  // Anthropic's /v1/models
  CHECK_FALSE(listed("agent-model-missing", {}));
  CHECK_FALSE(listed("agent-model-missing", kClaude));

  support::TempDir dir;
  const std::string file = dir.path() + "/requests.jsonl";
  fake::Server server(fake::scenario("agent-ok"));
  server.record_to(file);
  post(server, "/api/v1/messages?beta=true", message(), kClaude);
  std::ifstream in(file);
  std::string line;
  REQUIRE(std::getline(in, line));
  const json r = json::parse(line);
  CHECK(r["target"] == "/api/v1/messages?beta=true");
  CHECK(r["headers"]["anthropic-version"] == "2023-06-01");
  CHECK(r["body"]["model"] == fake::kClaudeCodeDefaultModel);
}
