#include "http/proxy.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <cstdlib>
#include <tuple>

#include "util/text.hpp"

namespace anlink {

namespace {

std::pair<std::string, std::string> first_set(std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (const char* v = std::getenv(n); v && *v) return {n, v};
  return {"", ""};
}

bool excluded(const std::string& host, const std::string& no_proxy) {
  const std::string h = text::lower(host);
  for (auto entry : text::split(no_proxy, ',')) {
    entry = text::lower(text::trim(entry));
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry.front() == '.') entry.erase(0, 1);
    if (h == entry || (h.size() > entry.size() && h.compare(h.size() - entry.size(), entry.size(), entry) == 0 &&
                       h[h.size() - entry.size() - 1] == '.'))
      return true;
  }
  return false;
}

}  // namespace

namespace {

// Where the userinfo of a proxy URL starts and ends ('@' excluded), if it has one.
std::optional<std::pair<std::size_t, std::size_t>> userinfo(const std::string& proxy_url) {
  const auto scheme_end = proxy_url.find("://");
  const std::size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const std::size_t authority_end = std::min(proxy_url.find_first_of("/?#", start), proxy_url.size());
  const auto at = proxy_url.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
  if (at == std::string::npos || at < start) return std::nullopt;
  return std::make_pair(start, at);
}

std::string percent_decoded(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string mask_proxy_credentials(const std::string& proxy_url) {
  auto info = userinfo(proxy_url);
  if (!info) return proxy_url;
  const auto [start, at] = *info;
  const auto colon = proxy_url.find(':', start);
  if (colon == std::string::npos || colon > at) return proxy_url.substr(0, start) + "***" + proxy_url.substr(at);
  return proxy_url.substr(0, colon + 1) + "***" + proxy_url.substr(at);
}

std::vector<std::string> proxy_secrets() {
  std::vector<std::string> out;
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* v = std::getenv(name);
    if (!v || !*v) continue;
    const std::string url = v;
    auto info = userinfo(url);
    if (!info) continue;
    const std::string creds = url.substr(info->first, info->second - info->first);
    const auto colon = creds.find(':');
    // With a password, the user name may stay; a lone token is the secret itself.
    const std::string secret = colon == std::string::npos ? creds : creds.substr(colon + 1);
    for (const auto& s : {secret, percent_decoded(secret)})
      if (!s.empty()) out.push_back(s);
  }
  return out;
}

ProxyChoice proxy_for(const Url& url) {
  auto [name, value] = url.scheme == "https" ? first_set({"https_proxy", "HTTPS_PROXY"})
                                             : first_set({"http_proxy"});
  if (name.empty()) std::tie(name, value) = first_set({"all_proxy", "ALL_PROXY"});
  if (name.empty()) return {};
  auto [np_name, np_value] = first_set({"no_proxy", "NO_PROXY"});
  if (!np_name.empty() && excluded(url.host, np_value)) return {name, mask_proxy_credentials(value), np_name};
  return {name, mask_proxy_credentials(value), ""};
}

}  // namespace anlink
