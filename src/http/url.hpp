#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace anlink {

struct Url {
  std::string scheme;  // lower-case
  std::string host;
  std::string port;    // empty when implied by the scheme
  std::string path;    // without a trailing slash; "" for the root
  std::string query;

  std::string str() const;  // scheme://host[:port]path[?query]
};

struct UrlError {
  std::string reason;      // "has no scheme", "does not parse"
  std::string suggestion;  // a corrected URL, when one is obvious
};

// Parses an http(s) URL. Other schemes parse but are reported by the caller.
std::optional<Url> parse_url(std::string_view text, UrlError* error = nullptr);

// base + "/" + route, with exactly one slash between them.
std::string join_url(std::string_view base, std::string_view route);

bool is_loopback_host(std::string_view host);

}  // namespace anlink
