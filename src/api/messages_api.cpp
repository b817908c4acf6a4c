// Anthropic's Messages API: {root}/v1/messages (root: the base less a final /v1), the key
// as x-api-key or Authorization: Bearer, anthropic-version; answers with content blocks;
// streams named events whose grammar the Anthropic SDKs enforce.
#include <fmt/format.h>

#include <algorithm>

#include "api/api.hpp"
#include "core/route.hpp"
#include "stream/stream_summary.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace messages_wire {  // named, not anonymous: unity builds put the three APIs in one unit

std::string body(const BodyArgs& a) {
  nlohmann::json b = {{"model", a.model}, {"max_tokens", std::max(1, a.max_tokens)},
                      {"messages", {user_message(a.prompt)}}};
  if (a.stream) b["stream"] = true;
  return b.dump();
}

std::string unbillable_body(const std::string& model) {
  return nlohmann::json{{"model", model}, {"max_tokens", 1}, {"messages", nlohmann::json::array()}}.dump();
}

std::optional<std::string> lint(const std::string& text) {
  nlohmann::json b;
  if (auto problem = lint_envelope(text, b)) return problem;
  if (!b.contains("max_tokens")) return "\"max_tokens\" is missing (the Messages API requires it)";
  if (!b["max_tokens"].is_number_integer() || b["max_tokens"].get<long long>() < 1)
    return "\"max_tokens\" is not a positive integer";
  if (!b.contains("messages") || !b["messages"].is_array()) return "\"messages\" is missing or not an array";
  if (b["messages"].empty()) return "\"messages\" is an empty array";
  for (std::size_t i = 0; i < b["messages"].size(); ++i) {
    const auto& m = b["messages"][i];
    const std::string at = "messages[" + std::to_string(i) + "]";
    if (!m.is_object()) return at + " is not an object";
    // Claude Code 2.1.328 sends a "system" message among them too (measured), and it is served.
    const std::string role = json_at::text(m, "/role");
    if (role != "user" && role != "assistant" && role != "system")
      return at + " has a \"role\" other than user, assistant or system";
    if (!m.contains("content")) return at + " has no \"content\"";
  }
  return std::nullopt;
}

std::string block_text(const nlohmann::json& content) {
  std::string text;
  if (!content.is_array()) return text;
  for (const auto& block : content)
    if (json_at::text(block, "/type") == "text") text += json_at::text(block, "/text");
  return text;
}

Answer read(const nlohmann::json& b) {
  Answer a;
  a.is_answer = b.contains("content") && b["content"].is_array();  // the SDKs ask no more
  if (!a.is_answer) {
    a.problem = "without a message's content";
    return a;
  }
  a.text = block_text(b["content"]);
  a.finish = json_at::text(b, "/stop_reason");
  if (auto u = b.find("usage"); u != b.end() && u->is_object()) a.usage = *u;
  if (a.finish == "refusal") a.refusal = a.text.empty() ? "stop_reason \"refusal\"" : a.text;
  for (const auto& block : b["content"]) {
    const std::string type = json_at::text(block, "/type");
    if (type == "tool_use" && a.calls.size() < Answer::kMaxCalls) {
      ToolCall call{json_at::text(block, "/name"), {}, false};
      if (const auto* input = json_at::at(block, "/input")) read_arguments(call, *input, false);
      a.calls.push_back(std::move(call));
    } else if (type == "thinking") {
      a.reasoning_chars += std::max<std::size_t>(1, json_at::text(block, "/thinking").size());
    } else if (type == "redacted_thinking") {
      a.reasoning_chars += std::max<std::size_t>(1, json_at::text(block, "/data").size());
    }
  }
  return a;
}

void add_tools(nlohmann::json& b, const std::vector<ToolSpec>& tools, const std::string& choice, bool parallel) {
  for (const auto& t : tools)
    b["tools"].push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.parameters}});
  nlohmann::json c = choice == "required" ? nlohmann::json{{"type", "any"}} : nlohmann::json{{"type", "tool"}, {"name", choice}};
  if (parallel) c["disable_parallel_tool_use"] = false;
  b["tool_choice"] = c;
}

void add_image(nlohmann::json& b, const std::string& prompt, const std::string& png) {
  b["messages"] = {{{"role", "user"},
                    {"content",
                     {{{"type", "image"}, {"source", {{"type", "base64"}, {"media_type", "image/png"}, {"data", png}}}},
                      {{"type", "text"}, {"text", prompt}}}}}};
}

// Thinking's smallest budget is 1024 tokens, and max_tokens must be above it.
void add_effort(nlohmann::json& b, bool high) {
  if (!high) return;
  b["thinking"] = {{"type", "enabled"}, {"budget_tokens", 1024}};
  b["max_tokens"] = 1024 + b.value("max_tokens", 256);
}

bool has(const std::vector<int>& v, int i) { return std::find(v.begin(), v.end(), i) != v.end(); }

void remember(std::vector<int>& v, int i) {
  if (v.size() < GrammarState::kMaxBlocks) v.push_back(i);
}

// content_block_start/_delta/_stop: their index, paired as the SDKs pair them.
void read_block(StreamSummary& s, const std::string& type, const nlohmann::json& d, double at_ms) {
  GrammarState& g = s.grammar;
  const auto* index = json_at::at(d, "/index");
  if (!index || !index->is_number_integer()) return s.break_grammar(type + " without an integer index");
  const int i = static_cast<int>(std::clamp<long long>(index->get<long long>(), -1, 1 << 20));
  if (type == "content_block_start") {
    if (has(g.open, i) || has(g.closed, i)) return s.break_grammar(fmt::format("content block {} started twice", i));
    remember(g.open, i);
  } else if (!has(g.open, i)) {
    // Before any block at all, the SDKs' accumulator has nothing to add to: it throws.
    return s.break_grammar(fmt::format("{} for block {}, which {}", type, i,
                                       has(g.closed, i) ? "was already stopped" : "was never started"),
                           g.open.empty() && g.closed.empty());
  } else if (type == "content_block_stop") {
    std::erase(g.open, i);
    remember(g.closed, i);
  } else if (const auto* delta = json_at::at(d, "/delta"); delta && json_at::text(*delta, "/type") == "text_delta") {
    if (!json_at::text(*delta, "/text").empty()) s.observe_content(at_ms);
  }
}

void read_event(StreamSummary& s, const SseEvent& event, double at_ms) {
  if (event.event == "ping") {  // the SDKs skip pings by name, whatever their data
    ++s.pings;
    return;
  }
  auto d = parse_untrusted_json(event.data);
  if (d.is_discarded() || !d.is_object()) {
    ++s.chunks;
    if (s.not_json.empty()) s.not_json = event.data.substr(0, 200);
    return;
  }
  const std::string type = json_at::text(d, "/type");
  if (event.event.empty())  // the Anthropic SDKs drop data that no event: line names
    s.break_grammar(fmt::format("{} data came without an \"event:\" line (the Anthropic SDKs skip such events)",
                                type.empty() ? "event" : type), true);
  else if (event.event != type)
    s.break_grammar(fmt::format("an \"event: {}\" line carries data of type \"{}\"", event.event, type));
  if (type == "ping") {
    ++s.pings;
    return;
  }
  ++s.chunks;
  GrammarState& g = s.grammar;
  if (type == "error") {
    if (!s.error) s.error = d.contains("error") ? d["error"] : d;
    return;
  }
  if (s.done) return s.break_grammar(fmt::format("{} after message_stop", type.empty() ? "an event" : type));
  if (type == "message_start") {
    if (g.started) return s.break_grammar("a second message_start");
    g.started = true;
    s.first_chunk_ms = at_ms;
    if (const auto* u = json_at::at(d, "/message/usage"); u && u->is_object()) s.usage = *u;
    else s.break_grammar("message_start carries no usage (the Anthropic SDK's stream helper then fails at "
                         "message_delta: it cannot read output_tokens)", true);
    return;
  }
  if (!g.started) return s.break_grammar(fmt::format("{} before message_start", type.empty() ? "an event" : type), true);
  if (type.starts_with("content_block_")) return read_block(s, type, d, at_ms);
  if (type == "message_delta") {
    if (const auto* reason = json_at::at(d, "/delta/stop_reason"); reason && reason->is_string()) {
      s.finish_reason = reason->get<std::string>();
      if (s.end_ms < 0) s.end_ms = at_ms;
    }
    if (const auto* u = json_at::at(d, "/usage"); u && u->is_object()) {
      if (!s.usage) s.usage = nlohmann::json::object();
      for (auto it = u->begin(); it != u->end(); ++it) (*s.usage)[it.key()] = it.value();
    } else {
      s.break_grammar("message_delta carries no usage (the Anthropic SDK's stream helper fails on it: it reads "
                      "usage.output_tokens)", true);
    }
    return;
  }
  if (type == "message_stop") {
    if (!g.open.empty()) s.break_grammar(fmt::format("message_stop while content block {} is open", g.open.front()));
    s.done = true;
    s.terminal = type;
    if (s.end_ms < 0) s.end_ms = at_ms;
  }
  // Other types are new kinds of event: the SDKs skip them, and so does the doctor.
}

}  // namespace messages_wire

ApiDef messages_api_row() {
  return {"messages",
          "Messages (Anthropic)",
          "Claude Code and the Anthropic SDKs",
          "{root}/v1/messages",
          "message_stop",
          "max_tokens",
          "Claude Code and the Anthropic SDKs cannot use this gateway: it has no /v1/messages. Point "
          "them at a gateway that serves the Messages API (or translates it: LiteLLM's /v1/messages, "
          "claude-code-router), choose a plan of this gateway that serves it, or use the API it serves "
          "from an app that speaks that",
          [](std::string_view base) { return "ANTHROPIC_BASE_URL=" + messages_root(base); },
          [](const Profile& p, std::string_view base, std::string_view) {
            return messages_url(p, base, "/v1/messages");
          },
          {KeyStyle::x_api_key, KeyStyle::bearer},
          "/v1/models",
          {"anthropic-version: 2023-06-01"},
          messages_wire::body,
          messages_wire::unbillable_body,
          messages_wire::lint,
          messages_wire::read,
          messages_wire::read_event,
          {messages_wire::add_tools, "tools", "tool_choice", "tool_choice.disable_parallel_tool_use", nullptr, "",
           messages_wire::add_image, "image", messages_wire::add_effort, "thinking", false}};
}

}  // namespace anlink
