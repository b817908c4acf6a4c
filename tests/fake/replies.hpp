#pragma once
// Small helpers the fake gateway's routes share.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstddef>
#include <ctime>
#include <string>

namespace fake {

inline void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// The same, keeping the members in the order they were written (as the real APIs send them).
inline void send_ordered(httplib::Response& res, int status, const nlohmann::ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// The bytes of text in a prompt: a string, or the "content" and "text" members of the
// messages, items and blocks it is made of (any depth).
inline std::size_t text_bytes(const nlohmann::json& j) {
  if (j.is_string()) return j.get_ref<const std::string&>().size();
  std::size_t n = 0;
  if (j.is_array())
    for (const auto& e : j) n += text_bytes(e);
  if (j.is_object())
    for (const char* key : {"content", "text"})
      if (j.contains(key)) n += text_bytes(j[key]);
  return n;
}

// A plausible token count for a prompt: about one token per 4 bytes, at least 1.
inline int estimated_tokens(const nlohmann::json& prompt) {
  return std::max(1, static_cast<int>(text_bytes(prompt) / 4));
}

// Anthropic's error shape.
inline nlohmann::ordered_json anthropic_error(const std::string& type, const std::string& message) {
  return {{"type", "error"}, {"error", {{"type", type}, {"message", message}}}};
}

inline void send_anthropic_error(httplib::Response& res, int status, const std::string& type,
                                 const std::string& message) {
  send_ordered(res, status, anthropic_error(type, message));
}

// One server-sent event as Anthropic writes it: its name, then its data.
inline std::string anthropic_event(const std::string& name, const nlohmann::ordered_json& data) {
  return "event: " + name + "\ndata: " + data.dump() + "\n\n";
}

// OpenAI's error shape, its members in OpenAI's order.
inline nlohmann::ordered_json openai_error(const std::string& message, const std::string& type,
                                           const nlohmann::ordered_json& param,
                                           const nlohmann::ordered_json& code) {
  return {{"error", {{"message", message}, {"type", type}, {"param", param}, {"code", code}}}};
}

inline nlohmann::json error_body(const std::string& message, const std::string& type,
                                 const std::string& code) {
  return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
}

// Streams server-sent events from `provider` as real servers answer (Node, uvicorn): HTTP/1.0
// has no chunked encoding, so the stream runs until the connection closes (nginx asks in
// HTTP/1.0 unless proxy_http_version 1.1).
template <typename Provider>
void stream_events(const httplib::Request& req, httplib::Response& res, Provider provider) {
  if (req.version == "HTTP/1.0")
    res.set_content_provider("text/event-stream", std::move(provider));
  else
    res.set_chunked_content_provider("text/event-stream", std::move(provider));
}

// Plays a recorded gateway answer.
template <typename Shape>
void play(const Shape& shape, httplib::Response& res) {
  res.status = shape.status;
  for (const auto& [name, value] : shape.headers) {
    if (value.starts_with("{http-date+") && value.ends_with("}")) {  // a date N s after the answer's Date
      const std::time_t at = std::time(nullptr) + std::stol(value.substr(11, value.size() - 12));
      char date[64];
      std::tm tm{};
      ::gmtime_r(&at, &tm);
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      res.set_header(name, date);
    } else {
      res.set_header(name, value);
    }
  }
  res.set_content(shape.body, shape.content_type);
}

inline constexpr const char* kWebsite =
    "<!doctype html><html><head><title>AnLinkAI - LLM gateway</title></head>"
    "<body><h1>Welcome</h1></body></html>";

}  // namespace fake
