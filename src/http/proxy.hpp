#pragma once
// Which proxy the environment gives a URL, the way libcurl picks it: https_proxy/HTTPS_PROXY
// for https://, http_proxy (lower case only) for http://, then all_proxy/ALL_PROXY; NO_PROXY
// excludes hosts, domains and "*".
#include <string>
#include <vector>

#include "http/url.hpp"

namespace anlink {

struct ProxyChoice {
  std::string variable;  // "HTTPS_PROXY"; "" when none applies
  std::string url;       // with any password masked
  std::string excluded_by;  // "NO_PROXY" when a proxy was set but NO_PROXY excludes the host
};

ProxyChoice proxy_for(const Url& url);

// "http://user:secret@proxy:3128" -> "http://user:***@proxy:3128"; a token alone
// ("http://TOKEN@proxy") -> "http://***@proxy". The userinfo ends at the authority's last '@'.
std::string mask_proxy_credentials(const std::string& proxy_url);

// The credentials in every proxy variable (user, password, raw and percent-decoded): secrets
// for the Redactor, since libcurl's own messages may repeat them.
std::vector<std::string> proxy_secrets();

}  // namespace anlink
