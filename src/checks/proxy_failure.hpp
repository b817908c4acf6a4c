#pragma once
// Failures the proxy on the path caused, named from what it said: its TLS on a plain port
// (https:// for an HTTP proxy), a CONNECT it refused (the port: proxies commonly allow
// only 443), credentials it wants or refused, a SOCKS reply, or a port that speaks the
// other protocol (a SOCKS port as http://, an HTTP proxy as socks5://).
#include <optional>

#include "core/finding.hpp"
#include "http/client.hpp"

namespace anlink {

// The proxy's part in a request that got no answer from the gateway; nullopt when the
// failure was not the proxy's (or no proxy was used).
std::optional<Finding> proxy_failure(const HttpResponse& res, Status status);

// HTTP 407 from the proxy (to a CONNECT or to a plain http:// request): credentials wanted,
// or, when the proxy URL carries some, refused.
Finding proxy_auth_finding(const HttpResponse& res, Status status);

}  // namespace anlink
