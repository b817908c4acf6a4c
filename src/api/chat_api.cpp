// Chat Completions: {base}/chat/completions, the profile's key header; answers with
// choices, streams chunks of deltas ended by "data: [DONE]".

#include "api/api.hpp"
#include "core/route.hpp"
#include "stream/stream_summary.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace chat_wire {  // named, not anonymous: unity builds put the three APIs in one unit

std::string body(const BodyArgs& a) {
  nlohmann::json b = {{"model", a.model}, {"messages", {user_message(a.prompt)}}, {a.token_param, a.max_tokens}};
  if (a.stream) {
    b["stream"] = true;
    if (a.include_usage) b["stream_options"] = {{"include_usage", true}};
  }
  return b.dump();
}

std::string unbillable_body(const std::string& model) {
  return nlohmann::json{{"model", model}, {"messages", nlohmann::json::array()}, {"max_tokens", 1}}.dump();
}

std::optional<std::string> lint(const std::string& text) {
  nlohmann::json body;
  if (auto problem = lint_envelope(text, body)) return problem;
  if (!body.contains("messages")) return "\"messages\" is missing";
  const auto& messages = body["messages"];
  if (!messages.is_array()) return "\"messages\" is not a JSON array";
  if (messages.empty()) return "\"messages\" is an empty array";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    const std::string at = "messages[" + std::to_string(i) + "]";
    if (!m.is_object()) return at + " is not an object";
    if (!m.contains("role") || !m["role"].is_string()) return at + " has no \"role\" string";
    if (!m.contains("content")) return at + " has no \"content\"";
  }
  return std::nullopt;
}

Answer read(const nlohmann::json& body) {
  Answer a;
  const auto* choices = json_at::at(body, "/choices");
  a.is_answer = choices && choices->is_array();
  if (!a.is_answer || choices->empty()) {
    a.problem = "without choices";
    return a;
  }
  a.text = json_at::text((*choices)[0], "/message/content");
  a.finish = json_at::text((*choices)[0], "/finish_reason");
  if (a.finish == "error") a.problem = "with finish_reason \"error\"";
  if (auto u = body.find("usage"); u != body.end() && u->is_object()) a.usage = *u;
  const nlohmann::json& choice = (*choices)[0];
  a.refusal = json_at::text(choice, "/message/refusal");
  if (const auto* calls = json_at::at(choice, "/message/tool_calls"); calls && calls->is_array())
    for (const auto& c : *calls) {
      if (a.calls.size() == Answer::kMaxCalls) break;
      ToolCall call{json_at::text(c, "/function/name"), {}, false};
      if (const auto* args = json_at::at(c, "/function/arguments")) read_arguments(call, *args, true);
      a.calls.push_back(std::move(call));
    }
  a.reasoning_tokens = json_at::number(body, "/usage/completion_tokens_details/reasoning_tokens");
  // DeepSeek and vLLM show the model's reasoning beside its answer.
  a.reasoning_chars = json_at::text(choice, "/message/reasoning_content").size() +
                      json_at::text(choice, "/message/reasoning").size();
  return a;
}

void add_tools(nlohmann::json& b, const std::vector<ToolSpec>& tools, const std::string& choice, bool parallel) {
  for (const auto& t : tools)
    b["tools"].push_back({{"type", "function"},
                          {"function", {{"name", t.name}, {"description", t.description}, {"parameters", t.parameters}}}});
  if (choice == "required") b["tool_choice"] = "required";
  else b["tool_choice"] = {{"type", "function"}, {"function", {{"name", choice}}}};
  if (parallel) b["parallel_tool_calls"] = true;
}

void add_schema(nlohmann::json& b, const std::string& name, const nlohmann::json& schema) {
  b["response_format"] = {{"type", "json_schema"},
                          {"json_schema", {{"name", name}, {"strict", true}, {"schema", schema}}}};
}

void add_image(nlohmann::json& b, const std::string& prompt, const std::string& png) {
  b["messages"] = {{{"role", "user"},
                    {"content",
                     {{{"type", "text"}, {"text", prompt}},
                      {{"type", "image_url"},
                       {"image_url", {{"url", "data:image/png;base64," + png}, {"detail", "low"}}}}}}}};
}

void add_effort(nlohmann::json& b, bool high) { b["reasoning_effort"] = high ? "high" : "low"; }

}  // namespace chat_wire

void read_chat_event(StreamSummary& s, const SseEvent& event, double at_ms) {
  if (event.data == "[DONE]") {
    s.done = true;
    s.terminal = "[DONE]";
    if (s.end_ms < 0) s.end_ms = at_ms;
    return;
  }
  ++s.chunks;
  auto chunk = parse_untrusted_json(event.data);
  if (chunk.is_discarded() || !chunk.is_object()) {
    if (s.not_json.empty()) s.not_json = event.data.substr(0, 200);
    return;
  }
  if (auto e = chunk.find("error"); e != chunk.end() && !e->is_null() && !s.error) s.error = *e;
  if (auto u = chunk.find("usage"); u != chunk.end() && u->is_object()) s.usage = *u;
  auto choices = chunk.find("choices");
  if (choices == chunk.end() || !choices->is_array()) return;
  bool text = false;
  for (const auto& choice : *choices) {
    if (!choice.is_object()) continue;
    if (s.first_chunk_ms < 0) s.first_chunk_ms = at_ms;
    if (auto delta = choice.find("delta"); delta != choice.end() && delta->is_object())
      if (auto content = delta->find("content"); content != delta->end() && content->is_string())
        text = text || !content->get_ref<const std::string&>().empty();
    auto reason = choice.find("finish_reason");
    if (reason == choice.end() || !reason->is_string()) continue;
    s.finish_reason = reason->get<std::string>();
    if (s.end_ms < 0) s.end_ms = at_ms;
    if (s.finish_reason == "error" && !s.error)
      s.error = chunk.contains("error") ? chunk["error"] : nlohmann::json{{"message", "finish_reason: error"}};
  }
  if (text) s.observe_content(at_ms);
}

ApiDef chat_api_row() {
  return {"chat",
          "Chat Completions",
          "the OpenAI SDKs and most apps",
          "{base}/chat/completions",
          "[DONE]",
          "max_tokens",
          "apps on the OpenAI SDKs' chat.completions cannot use this base; use the SDK of the API it "
          "serves, or a gateway that translates Chat Completions",
          [](std::string_view base) { return "OPENAI_BASE_URL=" + std::string(base); },
          [](const Profile& p, std::string_view base, std::string_view model) { return chat_url(p, base, model); },
          {KeyStyle::profile},
          "",
          {},
          chat_wire::body,
          chat_wire::unbillable_body,
          chat_wire::lint,
          chat_wire::read,
          read_chat_event,
          {chat_wire::add_tools, "tools", "tool_choice", "parallel_tool_calls", chat_wire::add_schema,
           "response_format", chat_wire::add_image, "image_url", chat_wire::add_effort, "reasoning_effort", true}};
}

}  // namespace anlink
