#include "checks/proxy_clients.hpp"

#include <fmt/format.h>

#include "checks/http_evidence.hpp"
#include "classify/proxy_answer.hpp"
#include "util/text.hpp"

namespace anlink {

HttpRequest direct_request(HttpRequest req) {
  req.direct = true;
  req.total = std::chrono::seconds(5);
  req.total_what = "the direct try (5 s)";
  return req;
}

std::optional<Finding> direct_route_finding(const HttpResponse& via_proxy, const HttpResponse& direct) {
  // A certificate the direct try did not trust still came from a server that answers there
  // (the CA given may be the proxy's): the route itself is reachable.
  if (direct.status != 0 || direct.error == TransportError::tls_untrusted ||
      direct.error == TransportError::tls_hostname || direct.error == TransportError::tls_expired)
    return std::nullopt;
  const std::string& var = via_proxy.proxy.variable;
  Finding failed = transport_finding(direct, Status::warn);
  const std::string why = direct.time_limit.empty() ? failed.summary : "no answer within 5 s";
  Finding f = Finding::warn(
      Category::network,
      fmt::format("the chat route answers as the API through the proxy {}, but not directly ({}): "
                  "clients that do not follow {} fail here while the doctor and curl pass; Node's fetch "
                  "(the OpenAI Node SDK) is one of them",
                  proxy_phrase(via_proxy), why, var));
  f.fixes = {fmt::format("Node ignores {}: on Node 24 and later start it with NODE_USE_ENV_PROXY=1; on "
                         "older Node give fetch undici's EnvHttpProxyAgent (import {{ setGlobalDispatcher, "
                         "EnvHttpProxyAgent }} from 'undici'; setGlobalDispatcher(new EnvHttpProxyAgent())), "
                         "or pass the SDK a fetch or agent that uses the proxy",
                         var),
             fmt::format("Python's httpx (the OpenAI Python SDK) and requests, Go's net/http and curl follow "
                         "{} already (curl reads http_proxy only in lower case)",
                         var)};
  f.evidence = http_evidence(via_proxy);
  f.evidence["direct"] = http_evidence(direct);
  return f;
}

}  // namespace anlink
