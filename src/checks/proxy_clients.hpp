#pragma once
// The doctor (libcurl) follows the proxy variables; Node's fetch (the OpenAI Node SDK) does
// not, and goes direct. When a proxy is in use, the chat route is asked once more directly,
// as those clients would ask it: when only the proxy reaches it, a warning names the clients
// that will fail and what each needs.
#include <optional>

#include "core/finding.hpp"
#include "http/client.hpp"

namespace anlink {

// The direct twin of `req` (never through a proxy), with a short limit of its own.
HttpRequest direct_request(HttpRequest req);

// Given the answer through the proxy (which answered as the API) and the direct one: a
// warning when the direct one got no HTTP answer; nullopt when it did.
std::optional<Finding> direct_route_finding(const HttpResponse& via_proxy, const HttpResponse& direct);

}  // namespace anlink
