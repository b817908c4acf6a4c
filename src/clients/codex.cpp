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
ClientRequest request(const std::string& model, const Dropped& dropped, const ClientSettings& settings) {
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
  // Its own default model family gets another body (measured with gpt-6.1-sol): no tools of
  // its own kind, no parallel calls, low effort over all turns, low verbosity.
  if (text::lower(model).starts_with("gpt-6")) {
    body.erase("tools");
    body["parallel_tool_calls"] = false;
    body["reasoning"] = {{"effort", "low"}, {"context", "all_turns"}};
    body["text"] = {{"verbosity", "low"}};
  }
  // Its config.toml's reasoning settings, as it sends them.
  if (auto it = settings.find("model_reasoning_summary"); it != settings.end()) {
    if (it->second == "none") body["reasoning"].erase("summary");
    else body["reasoning"]["summary"] = it->second;
  }
  if (auto it = settings.find("model_reasoning_effort"); it != settings.end()) body["reasoning"]["effort"] = it->second;
  if (body["reasoning"].empty()) body.erase("reasoning");
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

// The fields a refusal may name (the first named wins: "include" before "reasoning", whose
// name its value holds), the setting of Codex's that leaves it out, if any, and else what does.
struct Field {
  std::string_view name, what, setting, value, otherwise;
};
constexpr std::string_view kAccept = "have the gateway accept it: Codex always sends it";
constexpr Field kFields[] = {
    {"parallel_tool_calls", "parallel_tool_calls: true", "", "", kAccept},
    {"tool_choice", "tool_choice: \"auto\"", "", "", kAccept},
    {"include", "include: [\"reasoning.encrypted_content\"]", "", "", kAccept},
    {"reasoning.summary", "the reasoning summary (reasoning.summary: auto)", "model_reasoning_summary", "none",
     "a gateway that accepts it"},
    {"reasoning", "the reasoning field", "model_reasoning_summary", "none", "a gateway that accepts it"},
    {"store", "store: false", "", "", kAccept},
    {"prompt_cache_key", "prompt_cache_key", "", "", kAccept},
    {"tools", "its tools", "", "", "have the gateway accept function tools: Codex cannot work without them"},
};

std::optional<Refusal> refusal(const std::string& message, const std::string&, const Dropped& dropped, int) {
  const std::string m = text::shorten(message, 4096);
  for (const auto& f : kFields) {
    const std::string field(f.name.substr(0, f.name.find('.')));
    const std::string part = "field:" + field;
    if (m.find(f.name) != std::string::npos && !was_dropped(dropped, part))
      return Refusal{part, std::string(f.what), false, "", std::string(f.setting), std::string(f.value),
                     std::string(f.otherwise)};
  }
  return std::nullopt;
}

std::string how_to_set(const std::string& name, const std::string& value) {
  return fmt::format("{} = \"{}\" (at the top of Codex's config.toml)", name, value);
}

// Codex reads no base URL variable (measured): its provider's base_url, or the built-in
// provider's openai_base_url, set through -c to the forwarder.
std::vector<std::string> override_args(const std::vector<std::string>& command, const Forwarder& at,
                                       std::vector<std::string>& warnings) {
  if (auto key = codex_base_url_key(command)) return {"-c", fmt::format("{}=\"{}\"", *key, at.base)};
  warnings.emplace_back("Codex's provider id cannot be named in its -c override (it holds a character other than "
                        "letters, digits, - and _), so its calls go to its configured base_url, past the forwarder");
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
      .settings = {"model_reasoning_summary", "model_reasoning_effort"},
      .how_to_set = codex_row::how_to_set,
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
