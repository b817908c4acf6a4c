#include "core/route.hpp"

#include <cctype>
#include <optional>

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

namespace {

// A deployment route's base (Azure's /deployments/{model}/chat/completions) in the other
// forms its SDKs take, as base and route: the resource root (AzureOpenAI's azure_endpoint,
// without the profile's /openai) and a base that already names the deployment (the OpenAI
// client's base_url .../openai/deployments/NAME, which the route then does not repeat).
std::optional<std::pair<std::string, std::string>> deployment_form(const Profile& p, std::string_view base,
                                                                   std::string_view model) {
  const std::string_view marker = "/deployments/{model}";
  const auto at_marker = p.chat_path.find(marker);
  if (at_marker == std::string::npos) return std::nullopt;
  auto url = parse_url(base);
  // A base that carries ?api-version=V: the profile's own api-version query (set from it by
  // the inputs) takes its place.
  if (url && url->query.starts_with("api-version=") && url->query.find('&') == std::string::npos) url->query.clear();
  if (!url || !url->query.empty()) return std::nullopt;
  const std::string tail = p.chat_path.substr(at_marker + marker.size());  // "/chat/completions"
  const std::string path = url->path;  // one that ends in the tail is no base: clients would double it
  const auto at = path.rfind("/deployments/");
  if (at != std::string::npos && at + 13 < path.size() && path.find('/', at + 13) == std::string::npos) {
    url->path = path;
    return std::make_pair(url->str(), tail);
  }
  if (path.empty() && !p.api_prefix.empty()) {
    url->path = p.api_prefix;
    return std::make_pair(url->str(), chat_path(p, model));
  }
  return std::nullopt;
}

}  // namespace

std::string chat_url(const Profile& p, std::string_view base, std::string_view model) {
  if (auto form = deployment_form(p, text::trim(base), model)) return api_url(p, form->first, form->second);
  return api_url(p, text::trim(base), chat_path(p, model));
}

std::string chat_route(const Profile& p, std::string_view base, std::string_view model) {
  auto form = deployment_form(p, text::trim(base), model);
  return api_url(p, "", form ? form->second : chat_path(p, model));
}

std::string key_header(const Profile& p, const std::string& key) {
  return p.auth.header + ": " + (p.auth.scheme.empty() ? "" : p.auth.scheme + " ") + key;
}

std::string key_header(const Profile& p, KeyStyle style, const std::string& key) {
  switch (style) {
    case KeyStyle::x_api_key: return "x-api-key: " + key;
    case KeyStyle::bearer:
    case KeyStyle::both: return "Authorization: Bearer " + key;  // the x-api-key: call_request adds it
    case KeyStyle::profile: break;
  }
  return key_header(p, key);
}

bool is_key_header(const Profile& p, std::string_view line) {
  for (const std::string& header : {p.auth.header, std::string("x-api-key"), std::string("authorization")}) {
    const std::string name = header + ":";
    if (line.size() >= name.size() && text::lower(line.substr(0, name.size())) == text::lower(name)) return true;
  }
  return false;
}

std::string messages_root(std::string_view base) {
  std::string root(text::trim(base));
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.size() >= 3 && root.compare(root.size() - 3, 3, "/v1") == 0) root.resize(root.size() - 3);
  return root;
}

std::string messages_url(const Profile& p, std::string_view base, std::string_view route) {
  return api_url(p, messages_root(base), route);
}

std::string responses_url(const Profile& p, std::string_view base) {
  return api_url(p, text::trim(base), "/responses");
}

}  // namespace anlink
