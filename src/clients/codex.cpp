// Codex CLI: the Responses API as Codex 0.169.0 sends it (captured against a local gateway:
// ../shared/reference/API-FACTS.md), with a prompt that asks for one word. Codex stops at a
// refusal: it never asks again without the refused part.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "clients/client.hpp"
#include "util/text.hpp"

namespace anlink {

namespace codex_row {

ClientRequest request(const std::string& model, const Dropped& dropped) {
  ClientRequest r;
  r.headers = {"Accept: text/event-stream", "originator: codex_exec"};
  r.max_tokens = 0;  // Codex sets no output limit
  nlohmann::ordered_json body = {
      {"model", model},
      {"instructions", "You are Codex. Answer in one word."},
      {"input", nlohmann::json::array({{{"type", "message"},
                                        {"role", "user"},
                                        {"content", nlohmann::json::array({{{"type", "input_text"},
                                                                            {"text", "Reply with the one word: ok"}}})}}})},
      {"tools", nlohmann::json::array({{{"type", "function"},
                                        {"name", "shell"},
                                        {"description", "Runs a shell command."},
                                        {"strict", false},
                                        {"parameters", {{"type", "object"},
                                                        {"properties", {{"command", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
                                                        {"required", {"command"}}}}}})},
      {"tool_choice", "auto"},
      {"parallel_tool_calls", true},
      {"reasoning", {{"summary", "auto"}}},
      {"store", false},
      {"stream", true},
      {"include", nlohmann::json::array({"reasoning.encrypted_content"})},
  };
  for (const auto& part : dropped)
    if (part.starts_with("field:")) body.erase(part.substr(6));
  r.body = body.dump();
  return r;
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
    {"instructions", "the instructions field", "have the gateway accept instructions"},
    {"tools", "its tools", "have the gateway accept function tools: Codex cannot work without them"},
};

std::optional<Refusal> refusal(const std::string& message, const std::string&, const Dropped& dropped) {
  const std::string m = text::shorten(message, 4096);
  for (const auto& f : kFields) {
    const std::string part = fmt::format("field:{}", f.name);
    if (m.find(f.name) != std::string::npos && !was_dropped(dropped, part))
      return Refusal{part, std::string(f.what), false, "", std::string(f.avoid)};
  }
  return std::nullopt;
}

}  // namespace codex_row

const ClientDef& codex_client() {
  static const ClientDef row{"codex", "Codex", "responses", codex_row::request, codex_row::refusal};
  return row;
}

const ClientDef& openai_sdk_client() {
  static const ClientDef row{"openai-sdk", "the OpenAI SDK", "chat", nullptr, nullptr};
  return row;
}

}  // namespace anlink
