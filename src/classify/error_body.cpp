#include "classify/error_body.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <cctype>

#include "util/text.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

using nlohmann::json;

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return "";
}

std::string field(const json& obj, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (auto it = obj.find(n); it != obj.end()) {
      std::string s = scalar_text(*it);
      if (!s.empty() && s != "None") return s;  // LiteLLM writes "None" for absent values
    }
  return "";
}

// One API appends " (request id: X)" to messages, once per gateway hop.
// Found by plain searching, in one pass: the message is the server's and may be huge.
void strip_request_id_suffix(PlatformError& e) {
  static constexpr std::string_view kOpen = "(request id: ";
  const std::string& msg = e.message;
  std::string out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = msg.find(kOpen, from);
    const std::size_t close = open == std::string::npos ? open : msg.find(')', open + kOpen.size());
    if (close == std::string::npos || close == open + kOpen.size()) break;  // "[^)]+": not empty
    if (e.request_id.empty()) e.request_id = msg.substr(open + kOpen.size(), close - open - kOpen.size());
    std::size_t keep = open;  // the whitespace before the suffix goes with it
    while (keep > from && std::isspace(static_cast<unsigned char>(msg[keep - 1]))) --keep;
    out.append(msg, from, keep - from);
    from = close + 1;
  }
  out.append(msg, from);
  e.message = text::trim(out);
}

std::string html_title(std::string_view body) {
  std::string lower = text::lower(body.substr(0, 64 * 1024));
  auto open = lower.find("<title");
  if (open == std::string::npos) return "";
  open = lower.find('>', open);
  auto close = lower.find("</title>", open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return text::trim(body.substr(open + 1, close - open - 1));
}

// The text of an HTML fragment: tags dropped, whitespace runs made one space. One pass,
// over at most the first 64 KiB.
std::string html_text(std::string_view html) {
  html = html.substr(0, 64 * 1024);
  std::string out;
  bool in_tag = false, space = false;
  for (char ch : html) {
    if (ch == '<') in_tag = true;
    else if (ch == '>') { in_tag = false; space = true; }
    else if (in_tag) continue;
    else if (std::isspace(static_cast<unsigned char>(ch))) space = true;
    else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(BodyKind k) {
  switch (k) {
    case BodyKind::empty: return "empty";
    case BodyKind::json: return "json";
    case BodyKind::html: return "html";
    case BodyKind::text: return "text";
  }
  return "text";
}

bool looks_like_html(std::string_view content_type, std::string_view body) {
  if (text::contains_icase(content_type, "html")) return true;
  std::string head = text::lower(text::trim(body.substr(0, 256)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

PlatformError parse_error_body(std::string_view content_type, std::string_view body) {
  PlatformError e;
  if (text::trim(body).empty()) return e;
  // Error bodies are small. A large body is only checked for being JSON, without building
  // a tree of it (a 16 MiB catalog would cost over 100 MB as a tree).
  constexpr std::size_t kLargestErrorBody = 64 * 1024;
  const bool large = body.size() > kLargestErrorBody;
  if (json_nesting(body) > kMaxJsonDepth) {  // not read: say that, not what it might have said
    e.kind = BodyKind::json;
    e.message = fmt::format("(a JSON body nested deeper than {} levels, not read)", kMaxJsonDepth);
    return e;
  }
  if (large && json::accept(body)) {
    e.kind = BodyKind::json;
    return e;
  }
  json doc = large ? json(json::value_t::discarded) : parse_untrusted_json(body);
  if (!doc.is_discarded() && doc.is_object()) {
    e.kind = BodyKind::json;
    const json* err = &doc;
    // Portkey wraps a web page or an upstream's connection failure as {"html-message": ...}.
    if (auto it = doc.find("html-message"); it != doc.end() && it->is_string()) {
      const std::string page = it->get<std::string>();
      std::string title = html_title(page);
      e.message = text::shorten(title.empty() ? html_text(page) : title, 300);
      e.wrapped_html = true;
      return e;
    }
    if (auto it = doc.find("error"); it != doc.end()) {
      if (it->is_object()) err = &*it;
      else if (it->is_string()) e.message = it->get<std::string>();
    }
    e.code = field(*err, {"code", "error_code", "status"});
    // Portkey's {"status": "failure"} is an outcome, not a code.
    if (e.code == "failure" || e.code == "error" || e.code == "fail") e.code.clear();
    e.type = field(*err, {"type"});
    e.param = text::shorten(field(*err, {"param"}), 64);
    if (e.message.empty()) e.message = field(*err, {"message", "msg", "detail", "error_msg"});
    if (e.message.empty() && err != &doc) e.message = field(doc, {"message", "msg", "detail"});
    e.request_id = field(*err, {"request_id", "requestId"});
    if (e.request_id.empty()) e.request_id = field(doc, {"request_id", "requestId"});
    strip_request_id_suffix(e);
    return e;
  }
  if (!doc.is_discarded()) {
    e.kind = BodyKind::json;  // valid JSON, but not an object: nothing to read from it
    return e;
  }
  if (looks_like_html(content_type, body)) {
    e.kind = BodyKind::html;
    e.message = text::shorten(html_title(body), 200);
    return e;
  }
  e.kind = BodyKind::text;
  std::string first = text::trim(body.substr(0, body.find('\n')));
  e.message = text::shorten(first, 200);
  strip_request_id_suffix(e);
  return e;
}

}  // namespace anlink
