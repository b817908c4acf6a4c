#include "checks/chat.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace anlink {

std::string minimal_chat_body(const std::string& model, int max_tokens, bool stream,
                              bool include_usage) {
  nlohmann::json body = {{"model", model},
                         {"messages", {{{"role", "user"}, {"content", "ping"}}}},
                         {"max_tokens", max_tokens}};
  if (stream) {
    body["stream"] = true;
    if (include_usage) body["stream_options"] = {{"include_usage", true}};
  }
  return body.dump();
}

std::optional<std::string> lint_chat_body(const std::string& text) {
  auto body = nlohmann::json::parse(text, nullptr, false);
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

ChatResult send_chat(const ChatTarget& target, const std::string& body, bool stream) {
  using Clock = std::chrono::steady_clock;
  ChatResult out;
  out.streamed = stream;
  HttpRequest req{"POST",
                  target.url,
                  {"Authorization: Bearer " + target.key,
                   "Content-Type: application/json",
                   stream ? "Accept: text/event-stream" : "Accept: application/json"},
                  body,
                  {}};
  SseParser parser;
  const auto start = Clock::now();
  auto now_ms = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  };
  if (stream)
    req.on_chunk = [&](std::string_view bytes) {
      for (const auto& e : parser.feed(bytes)) out.stream.observe(e, now_ms());
    };
  out.response = target.http.send(req);
  if (stream)
    if (auto last = parser.finish()) out.stream.observe(*last, now_ms());
  out.classification = classify(out.response, &target.profile);
  return out;
}

}  // namespace anlink
