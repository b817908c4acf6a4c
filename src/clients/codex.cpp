// Codex CLI: the Responses API as Codex 0.169.0 sends it (captured against a local gateway:
// ../shared/reference/API-FACTS.md), with a prompt that asks for one word. Codex stops at a
// refusal: it never asks again without the refused part.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "clients/client.hpp"
#include "clients/codex_config.hpp"
#include "util/text.hpp"

namespace anlink {

namespace codex_row {

nlohmann::json shell_tool() {
  return {{"type", "function"},
          {"name", "exec_command"},
          {"description", "Runs a shell command."},
          {"strict", false},
          {"parameters", {{"type", "object"},
                          {"properties", {{"cmd", {{"type", "string"}}}}},
                          {"required", {"cmd"}}}}};
}

nlohmann::json user_input(const char* text) {
  return nlohmann::json::array({{{"type", "message"},
                                 {"role", "user"},
                                 {"content", nlohmann::json::array({{{"type", "input_text"}, {"text", text}}})}}});
}

// As Codex 0.169.0 sends it for a model it has no metadata for (what gateways' ids are):
// tools, tool_choice auto, parallel calls, a reasoning summary, store false, the encrypted
// reasoning included; no instructions, no output limit.
ClientRequest request(const std::string& model, const Dropped& dropped) {
  ClientRequest r;
  r.headers = {"Accept: text/event-stream", "originator: codex_exec", "User-Agent: codex_exec/0.169.0"};
  r.max_tokens = 0;
  nlohmann::ordered_json body = {
      {"model", model},
      {"stream", true},
      {"input", user_input("Reply with the one word: ok")},
      {"tools", nlohmann::json::array({shell_tool()})},
      {"tool_choice", "auto"},
      {"parallel_tool_calls", true},
      {"reasoning", {{"summary", "auto"}}},
      {"store", false},
      {"include", nlohmann::json::array({"reasoning.encrypted_content"})},
      {"prompt_cache_key", "anlink-doctor"},
  };
  for (const auto& part : dropped)
    if (part.starts_with("field:")) body.erase(part.substr(6));
  r.body = body.dump();
  return r;
}

std::string tool_body(const std::string& model) {
  return nlohmann::ordered_json{{"model", model},
                                {"input", user_input("List the files in the current directory.")},
                                {"tools", nlohmann::json::array({shell_tool()})},
                                {"tool_choice", {{"type", "function"}, {"name", "exec_command"}}},
                                {"store", false},
                                {"max_output_tokens", 128}}
      .dump();
}

bool called_tool(const nlohmann::json& answer) {
  const auto* output = answer.is_object() ? &answer["output"] : nullptr;
  if (!output || !output->is_array()) return false;
  std::size_t n = 0;
  for (const auto& item : *output) {
    if (++n > 64) break;
    if (item.is_object() && item.value("type", "") == "function_call" && item.value("name", "") == "exec_command")
      return true;
  }
  return false;
}

struct Field {
  std::string_view name, what, avoid;
};
constexpr Field kFields[] = {
    {"parallel_tool_calls", "parallel_tool_calls: true", "have the gateway accept parallel_tool_calls (Codex has no setting that leaves it out)"},
    {"tool_choice", "tool_choice: \"auto\"", "have the gateway accept tool_choice"},
    {"include", "include: [\"reasoning.encrypted_content\"]", "have the gateway accept include (Codex has no setting that leaves it out)"},
    {"reasoning", "the reasoning field (summary: auto)", "model_reasoning_summary = \"none\" in the provider's Codex config, or a gateway that accepts reasoning"},
    {"store", "store: false", "have the gateway accept store: false (Codex always sends it)"},
    {"prompt_cache_key", "prompt_cache_key", "have the gateway accept prompt_cache_key (Codex always sends it)"},
    {"tools", "its tools", "have the gateway accept function tools: Codex cannot work without them"},
};

std::optional<Refusal> refusal(const std::string& message, const std::string&, const Dropped& dropped, int) {
  const std::string m = text::shorten(message, 4096);
  for (const auto& f : kFields) {
    const std::string part = fmt::format("field:{}", f.name);
    if (m.find(f.name) != std::string::npos && !was_dropped(dropped, part))
      return Refusal{part, std::string(f.what), false, "", std::string(f.avoid)};
  }
  return std::nullopt;
}

// A configured provider ignores OPENAI_BASE_URL: its base_url, through -c, at the
// forwarder. The built-in openai provider reads OPENAI_BASE_URL, which trace sets.
std::vector<std::string> override_args(const std::vector<std::string>& command, const Forwarder& at,
                                       std::vector<std::string>&) {
  if (auto id = codex_provider_id(command)) return {"-c", fmt::format("model_providers.{}.base_url=\"{}\"", *id, at.base)};
  return {};
}

}  // namespace codex_row

const ClientDef& codex_client() {
  static const ClientDef row{
      .id = "codex",
      .title = "Codex",
      .api = "responses",
      .request = codex_row::request,
      .refusal = codex_row::refusal,
      .tool_body = codex_row::tool_body,
      .called_tool = codex_row::called_tool,
      .stream_fallback = false,
      .program = "codex",
      .override_args = codex_row::override_args,
      .says = {
          {Symptom::route_missing, "unexpected status 404 Not Found: ... {path}",
           "the gateway has no {path}: Codex speaks only the Responses API"},
          {Symptom::model_missing, "The model `{model}` does not exist or you do not have access to it.",
           "the route answers and the gateway does not know the model {model}"},
          {Symptom::convert_failed, "We're currently experiencing high demand, which may cause temporary errors.",
           "it blames load, but the gateway's channel for {model} cannot translate Responses requests: waiting does "
           "not help"},
          {Symptom::stream_broken, "stream disconnected before completion: stream closed before response.completed",
           "the gateway, or a proxy in front of it, broke the stream, not this machine's network"},
      },
  };
  return row;
}

// No request of its own beyond the API's minimal ones, no program, no override.
const ClientDef& openai_sdk_client() {
  static const ClientDef row{.id = "openai-sdk", .title = "the OpenAI SDK", .api = "chat", .request = nullptr,
                             .refusal = nullptr};
  return row;
}

}  // namespace anlink
