#include "checks/chat.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/route.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// One user message and a token limit: the doctor's own requests differ only in these.
std::string chat_body(const std::string& model, const char* prompt, int max_tokens, bool stream,
                      bool include_usage, const std::string& token_param) {
  nlohmann::json body = {{"model", model},
                         {"messages", {{{"role", "user"}, {"content", prompt}}}},
                         {token_param, max_tokens}};
  if (stream) {
    body["stream"] = true;
    if (include_usage) body["stream_options"] = {{"include_usage", true}};
  }
  return body.dump();
}

}  // namespace

std::string minimal_chat_body(const std::string& model, int max_tokens, bool stream,
                              bool include_usage, const std::string& token_param) {
  return chat_body(model, "ping", max_tokens, stream, include_usage, token_param);
}

std::string long_chat_body(const std::string& model, int max_tokens, const std::string& token_param) {
  return chat_body(model, "Count from 1 to 10000, one number per line, without stopping.", max_tokens,
                   true, false, token_param);
}

std::string counting_chat_body(const std::string& model, int max_tokens, bool include_usage,
                               const std::string& token_param) {
  return chat_body(model, "Count from 1 to 30, separated by spaces.", max_tokens, true, include_usage,
                   token_param);
}

std::optional<std::string> lint_chat_body(const std::string& text) {
  bool too_deep = false;
  auto body = parse_untrusted_json(text, &too_deep);
  if (too_deep) return fmt::format("the body nests JSON deeper than {} levels", kMaxJsonDepth);
  if (body.is_discarded()) return "the body is not valid JSON";
  if (!body.is_object()) return "the body is not a JSON object";
  if (!body.contains("model")) return "\"model\" is missing";
  if (!body["model"].is_string() || body["model"].get<std::string>().empty())
    return "\"model\" is not a non-empty string";
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
  if (body.contains("stream") && !body["stream"].is_boolean()) return "\"stream\" is not true or false";
  return std::nullopt;
}

HttpRequest chat_request(const ChatTarget& target, const std::string& body, bool stream) {
  return {"POST",
          target.url,
          {key_header(target.profile, target.key), "Content-Type: application/json",
           stream ? "Accept: text/event-stream" : "Accept: application/json"},
          body};
}

ChatResult send_chat(const ChatTarget& target, const std::string& body, bool stream) {
  return send_chat(target, chat_request(target, body, stream), stream);
}

StreamSummary read_stream(const HttpResponse& res) {
  StreamSummary out;
  SseParser parser;
  std::size_t from = 0;
  for (const auto& chunk : res.chunks) {
    for (const auto& e : parser.feed(std::string_view(res.body).substr(from, chunk.end - from)))
      out.observe(e, chunk.at_ms);
    from = chunk.end;
  }
  const double end = res.chunks.empty() ? 0 : res.chunks.back().at_ms;
  if (auto last = parser.finish(); last && !res.truncated) out.observe(*last, end);
  return out;
}

ChatResult send_chat(const ChatTarget& target, HttpRequest request, bool stream) {
  ChatResult out;
  out.streamed = stream;
  out.response = target.http.send(request);
  if (stream) out.stream = read_stream(out.response);
  out.classification = classify(out.response, &target.profile);
  return out;
}

bool refuses_max_tokens(const ChatResult& r) {
  return r.classification.category == Category::parameter_unsupported &&
         r.classification.refused_param == "max_tokens";
}

double reasoning_spent_all(const HttpResponse& res) {
  if (res.status < 200 || res.status >= 300) return 0;
  const auto body = parse_untrusted_json(res.body);
  if (body.is_discarded() || !body.is_object()) return 0;
  const auto* choices = json_at::at(body, "/choices/0");
  const auto* reasoning = json_at::at(body, "/usage/completion_tokens_details/reasoning_tokens");
  if (!choices || !reasoning || !reasoning->is_number() || reasoning->get<double>() <= 0) return 0;
  if (json_at::text(*choices, "/finish_reason") != "length") return 0;
  if (!text::trim(json_at::text(*choices, "/message/content")).empty()) return 0;
  return reasoning->get<double>();
}

}  // namespace anlink
