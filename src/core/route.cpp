#include "core/route.hpp"

#include <cctype>

#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string api_url(const Profile& p, std::string_view base, std::string_view route) {
  std::string url = join_url(base, route);
  if (route.empty() && !url.empty() && url.back() == '/') url.pop_back();
  for (const auto& [name, value] : p.auth.query) {
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += percent_encode(name) + "=" + percent_encode(value);
  }
  return url;
}

std::string chat_path(const Profile& p, std::string_view model) {
  std::string path = p.chat_path.empty() ? "/chat/completions" : p.chat_path;
  if (auto at = path.find("{model}"); at != std::string::npos) path.replace(at, 7, percent_encode(model));
  return path;
}

std::string chat_url(const Profile& p, std::string_view base, std::string_view model) {
  return api_url(p, text::trim(base), chat_path(p, model));
}

std::string key_header(const Profile& p, const std::string& key) {
  return p.auth.header + ": " + (p.auth.scheme.empty() ? "" : p.auth.scheme + " ") + key;
}

bool is_key_header(const Profile& p, std::string_view line) {
  const std::string name = p.auth.header + ":";
  return line.size() >= name.size() && text::lower(line.substr(0, name.size())) == text::lower(name);
}

}  // namespace anlink
