#include "http/url.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <memory>

#include "util/text.hpp"

namespace anlink {

namespace {

struct UrlHandle {
  CURLU* h = curl_url();
  ~UrlHandle() { curl_url_cleanup(h); }
  std::string get(CURLUPart part) const {
    char* out = nullptr;
    if (curl_url_get(h, part, &out, 0) != CURLUE_OK || !out) return "";
    std::string s(out);
    curl_free(out);
    return s;
  }
};

}  // namespace

std::string Url::str() const {
  std::string out = scheme + "://" + host;
  if (!port.empty()) out += ":" + port;
  out += path;
  if (!query.empty()) out += "?" + query;
  return out;
}

std::optional<Url> parse_url(std::string_view text, UrlError* error) {
  auto fail = [&](std::string reason, std::string suggestion = "") -> std::optional<Url> {
    if (error) *error = {std::move(reason), std::move(suggestion)};
    return std::nullopt;
  };
  std::string s = text::trim(text);
  if (s.empty()) return fail("is empty");
  if (s.find("://") == std::string::npos) {
    if (s.find('/') != 0 && s.find('.') != std::string::npos)
      return fail("has no scheme", "https://" + s);
    return fail("is not a URL");
  }
  UrlHandle u;
  CURLUcode rc = curl_url_set(u.h, CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) return fail(std::string("does not parse: ") + curl_url_strerror(rc));
  Url url;
  url.scheme = text::lower(u.get(CURLUPART_SCHEME));
  url.host = u.get(CURLUPART_HOST);
  url.port = u.get(CURLUPART_PORT);
  url.path = u.get(CURLUPART_PATH);
  url.query = u.get(CURLUPART_QUERY);
  while (!url.path.empty() && url.path.back() == '/') url.path.pop_back();
  if (url.host.empty()) return fail("has no host");
  return url;
}

std::string join_url(std::string_view base, std::string_view route) {
  std::string b(base);
  while (!b.empty() && b.back() == '/') b.pop_back();
  while (!route.empty() && route.front() == '/') route.remove_prefix(1);
  return b + "/" + std::string(route);
}

bool is_loopback_host(std::string_view host) {
  std::string h = text::lower(host);
  if (h == "localhost" || h == "[::1]" || h == "::1") return true;
  // 127.0.0.0/8 as an address, never a name that begins with "127." (127.evil.example).
  in_addr a{};
  return h.rfind("127.", 0) == 0 && ::inet_pton(AF_INET, h.c_str(), &a) == 1;
}

}  // namespace anlink
