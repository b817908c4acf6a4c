#pragma once
// Small helpers the fake gateway's routes share.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <ctime>
#include <string>

namespace fake {

inline void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

inline nlohmann::json error_body(const std::string& message, const std::string& type,
                                 const std::string& code) {
  return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
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
