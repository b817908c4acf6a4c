// OpenAI's Responses API: {base}/responses, the profile's key header; answers with output
// items; streams typed events with sequence numbers, ended by one terminal event (no [DONE]).
#include <fmt/format.h>

#include <algorithm>

#include "api/api.hpp"
#include "core/route.hpp"
#include "stream/stream_summary.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace responses_wire {  // named, not anonymous: unity builds put the three APIs in one unit

constexpr int kMinOutputTokens = 16;  // OpenAI refuses less

std::string body(const BodyArgs& a) {
  nlohmann::json b = {{"model", a.model}, {"input", a.prompt},
                      {"max_output_tokens", std::max(kMinOutputTokens, a.max_tokens)}};
  if (a.stream) b["stream"] = true;
  return b.dump();
}

std::string unbillable_body(const std::string& model) {
  return nlohmann::json{{"model", model}, {"input", nlohmann::json::array()},
                        {"max_output_tokens", kMinOutputTokens}}.dump();
}

std::optional<std::string> lint(const std::string& text) {
  nlohmann::json b;
  if (auto problem = lint_envelope(text, b)) return problem;
  if (!b.contains("input")) return "\"input\" is missing (the Responses API takes input, not messages)";
  if (!b["input"].is_string() && !b["input"].is_array()) return "\"input\" is neither a string nor a list of items";
  if (b["input"].is_array() && b["input"].empty()) return "\"input\" is an empty list";
  if (const auto* m = json_at::at(b, "/max_output_tokens"); m && m->is_number() && m->get<double>() < kMinOutputTokens)
    return fmt::format("\"max_output_tokens\" is below {}, which OpenAI refuses", kMinOutputTokens);
  return std::nullopt;
}

std::string output_text(const nlohmann::json& output) {
  std::string text;
  if (!output.is_array()) return text;
  for (const auto& item : output)
    if (const auto* content = json_at::at(item, "/content"); content && content->is_array())
      for (const auto& part : *content)
        if (json_at::text(part, "/type") == "output_text") text += json_at::text(part, "/text");
  return text;
}

Answer read(const nlohmann::json& b) {
  Answer a;
  a.is_answer = b.contains("output") && b["output"].is_array() && json_at::text(b, "/object") != "list";
  if (!a.is_answer) {
    a.problem = "without output";
    return a;
  }
  a.text = output_text(b["output"]);
  a.finish = json_at::text(b, "/status");
  if (auto u = b.find("usage"); u != b.end() && u->is_object()) a.usage = *u;
  a.reasoning_tokens = json_at::number(b, "/usage/output_tokens_details/reasoning_tokens");
  for (const auto& item : b["output"]) {
    const std::string type = json_at::text(item, "/type");
    if (type == "function_call" && a.calls.size() < Answer::kMaxCalls) {
      ToolCall call{json_at::text(item, "/name"), {}, false};
      if (const auto* args = json_at::at(item, "/arguments")) read_arguments(call, *args, true);
      a.calls.push_back(std::move(call));
    } else if (type == "reasoning") {
      a.reasoning_chars += 1;
      if (const auto* summary = json_at::at(item, "/summary"); summary && summary->is_array())
        for (const auto& part : *summary) a.reasoning_chars += json_at::text(part, "/text").size();
    } else if (const auto* content = json_at::at(item, "/content"); content && content->is_array()) {
      for (const auto& part : *content)
        if (json_at::text(part, "/type") == "refusal") a.refusal += json_at::text(part, "/refusal");
    }
  }
  if (a.finish == "failed") {
    std::string why = json_at::text(b, "/error/message");
    a.problem = "with status \"failed\"" + (why.empty() ? "" : ": " + why);
  } else if (a.finish == "incomplete" && a.text.empty() &&
             json_at::text(b, "/incomplete_details/reason") == "max_output_tokens") {
    a.budget_spent = true;  // a reasoning model thought through the whole limit
    a.problem = "with status \"incomplete\" (max_output_tokens) and no text";
  } else if (a.finish == "incomplete" && a.text.empty()) {
    a.problem = "with status \"incomplete\" (" + json_at::text(b, "/incomplete_details/reason") + ") and no text";
  }
  return a;
}

void add_tools(nlohmann::json& b, const std::vector<ToolSpec>& tools, const std::string& choice, bool parallel) {
  for (const auto& t : tools)
    b["tools"].push_back(
        {{"type", "function"}, {"name", t.name}, {"description", t.description}, {"parameters", t.parameters}});
  if (choice == "required") b["tool_choice"] = "required";
  else b["tool_choice"] = {{"type", "function"}, {"name", choice}};
  if (parallel) b["parallel_tool_calls"] = true;
}

void add_schema(nlohmann::json& b, const std::string& name, const nlohmann::json& schema) {
  b["text"] = {{"format", {{"type", "json_schema"}, {"name", name}, {"strict", true}, {"schema", schema}}}};
}

void add_image(nlohmann::json& b, const std::string& prompt, const std::string& png) {
  b["input"] = {{{"role", "user"},
                 {"content",
                  {{{"type", "input_text"}, {"text", prompt}},
                   {{"type", "input_image"}, {"image_url", "data:image/png;base64," + png}, {"detail", "low"}}}}}};
}

void add_effort(nlohmann::json& b, bool high) { b["reasoning"] = {{"effort", high ? "high" : "low"}}; }

bool is_terminal(const std::string& type) {
  return type == "response.completed" || type == "response.incomplete" || type == "response.failed";
}

void read_event(StreamSummary& s, const SseEvent& event, double at_ms) {
  GrammarState& g = s.grammar;
  if (g.ended_early) return;
  if (event.data == "[DONE]") {  // chat's end marker: tolerated after the terminal event
    if (g.terminals > 0) {
      s.note("a [DONE] followed the terminal event (clients ignore it)");
    } else {  // the OpenAI SDKs stop reading at it: what follows never reaches the app
      s.note("a [DONE] arrived before any terminal event: the SDKs stop reading there");
      g.ended_early = true;
    }
    return;
  }
  ++s.chunks;
  auto d = parse_untrusted_json(event.data);
  if (d.is_discarded() || !d.is_object()) {
    if (s.not_json.empty()) s.not_json = event.data.substr(0, 200);
    return;
  }
  const std::string type = json_at::text(d, "/type");
  const std::string named = type.empty() ? "an event without a type" : type;
  if (!event.event.empty() && event.event != type)
    s.break_grammar(fmt::format("an \"event: {}\" line carries data of type \"{}\"", event.event, type));
  if (const auto* seq = json_at::at(d, "/sequence_number"); seq && seq->is_number_integer()) {
    const long long n = seq->get<long long>();
    if (n <= g.last_sequence)
      s.break_grammar(fmt::format("sequence_number {} came after {} ({})", n, g.last_sequence, named));
    g.last_sequence = std::max(g.last_sequence, n);
  }
  if (type == "error") {
    if (!s.error) s.error = d;
    return;
  }
  if (g.terminals > 0)
    return s.break_grammar(is_terminal(type) ? "a second terminal event (" + type + ")"
                                             : named + " after the terminal event " + s.terminal);
  if (!g.started && type != "response.created")  // the SDKs' stream helper fails on it
    s.break_grammar(named + " before response.created", true);
  if (type == "response.created") {
    if (g.started) return s.break_grammar("a second response.created");
    g.started = true;
    s.first_chunk_ms = at_ms;
    return;
  }
  if (type == "response.output_text.delta") {
    if (!json_at::text(d, "/delta").empty()) s.observe_content(at_ms);
    return;
  }
  if (!is_terminal(type)) return;
  ++g.terminals;
  s.done = true;
  s.terminal = type;
  if (s.end_ms < 0) s.end_ms = at_ms;
  s.finish_reason = json_at::text(d, "/response/status");
  if (const auto* u = json_at::at(d, "/response/usage"); u && u->is_object()) s.usage = *u;
  if (type == "response.incomplete") {
    s.incomplete_reason = json_at::text(d, "/response/incomplete_details/reason");
    if (s.incomplete_reason.empty()) s.incomplete_reason = "no reason given";
  }
  if (type == "response.failed" && !s.error) {
    const auto* e = json_at::at(d, "/response/error");
    s.error = e && e->is_object() ? *e : nlohmann::json{{"message", "response.failed"}};
  }
}

}  // namespace responses_wire

ApiDef responses_api_row() {
  return {"responses",
          "Responses (OpenAI)",
          "Codex CLI and apps on OpenAI's Responses API",
          "{base}/responses",
          "response.completed",
          "max_output_tokens",
          "Codex CLI cannot use this gateway (it speaks only the Responses API; wire_api = \"chat\" is "
          "refused at start), nor apps on the SDKs' responses.create: point them at a gateway that serves "
          "/responses (or translates it, as LiteLLM does), or use an API it serves from an app that speaks that",
          [](std::string_view base) { return "base_url = \"" + std::string(text::trim(base)) + "\" (Codex's config.toml)"; },
          [](const Profile& p, std::string_view base, std::string_view) { return responses_url(p, base); },
          {KeyStyle::profile},
          "",
          {},
          responses_wire::body,
          responses_wire::unbillable_body,
          responses_wire::lint,
          responses_wire::read,
          responses_wire::read_event,
          {responses_wire::add_tools, "tools", "tool_choice", "parallel_tool_calls", responses_wire::add_schema,
           "text.format", responses_wire::add_image, "input_image", responses_wire::add_effort, "reasoning.effort",
           true}};
}

}  // namespace anlink
