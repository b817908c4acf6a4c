#pragma once
#include <string>
#include <string_view>

namespace anlink {

enum class BodyKind { empty, json, html, text };
std::string_view to_string(BodyKind k);

// What a gateway said in an error body, whatever its shape: OpenAI's {"error": {...}}
// (code as string, number or null), a flat {"code", "message"}, plain text or an HTML page.
struct PlatformError {
  BodyKind kind = BodyKind::empty;
  std::string code;     // "" when absent or null; numbers as their decimal text
  std::string type;
  std::string param;    // the request field it names ("max_tokens"), when it names one
  std::string message;  // without One API's "(request id: ...)" suffixes
  std::string request_id;  // from the body, when it carries one
  bool wrapped_html = false;  // a web page or a connection error wrapped as JSON (Portkey)
};

PlatformError parse_error_body(std::string_view content_type, std::string_view body);

// True when the body looks like a web page rather than an API answer.
bool looks_like_html(std::string_view content_type, std::string_view body);

}  // namespace anlink
