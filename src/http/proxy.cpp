#include "http/proxy.hpp"

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

std::string mask_proxy_credentials(const std::string& proxy_url) {
  auto scheme_end = proxy_url.find("://");
  auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  auto at = proxy_url.find('@', start);
  if (at == std::string::npos) return proxy_url;
  auto colon = proxy_url.find(':', start);
  if (colon == std::string::npos || colon > at) return proxy_url;
  return proxy_url.substr(0, colon + 1) + "***" + proxy_url.substr(at);
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
