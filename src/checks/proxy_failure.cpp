#include "checks/proxy_failure.hpp"

#include <fmt/format.h>

#include "checks/http_evidence.hpp"
#include "classify/classifier.hpp"
#include "classify/proxy_answer.hpp"
#include "http/proxy_probe.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

struct ProxyUrl {
  std::string scheme, host, port;
  bool credentials = false;
  // The proxy URL with another scheme, for a fix to paste: its credentials as placeholders
  // (the user's own are never written out).
  std::string as(std::string_view with_scheme) const {
    const bool v6 = host.find(':') != std::string::npos;
    return fmt::format("{}://{}{}{}{}:{}", with_scheme, credentials ? "USER:PASSWORD@" : "", v6 ? "[" : "", host,
                       v6 ? "]" : "", port);
  }
};

// The proxy URL as libcurl reads it: no scheme means http://, no port 1080 (443 for https://).
ProxyUrl parse_proxy(const ProxyChoice& p) {
  ProxyUrl out;
  std::string url = p.url;
  const auto sep = url.find("://");
  out.scheme = sep == std::string::npos ? "http" : text::lower(url.substr(0, sep));
  std::string rest = sep == std::string::npos ? url : url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    out.credentials = true;
    rest.erase(0, at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {  // [::1]:3128
    const auto close = rest.find(']');
    out.host = rest.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 1 < rest.size() && rest[close + 1] == ':') out.port = rest.substr(close + 2);
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    out.host = rest.substr(0, colon);
    out.port = rest.substr(colon + 1);
  } else {
    out.host = rest;
  }
  if (out.port.empty()) out.port = out.scheme == "https" ? "443" : "1080";
  return out;
}

// "127.0.0.1:8443": where the request was going.
std::string target_of(const HttpResponse& res) {
  auto url = parse_url(res.url);
  if (!url) return res.url;
  return url->host + ":" + (!url->port.empty() ? url->port : url->scheme == "https" ? "443" : "80");
}

std::string target_port(const HttpResponse& res) {
  const std::string t = target_of(res);
  return t.substr(t.rfind(':') + 1);
}

// The proxy's software, when its answer names it.
std::string software(const HttpResponse& res) {
  for (const char* h : {"server", "proxy-agent"})
    if (auto v = res.header(h); !v.empty()) return " (" + text::shorten(text::one_line(v), 40) + ")";
  return "";
}

Finding make(Status status, std::string summary, std::vector<std::string> fixes, const HttpResponse& res) {
  Finding f = status == Status::fail ? Finding::fail(Category::network, std::move(summary))
                                     : Finding::warn(Category::network, std::move(summary));
  f.fixes = std::move(fixes);
  f.evidence = http_evidence(res);
  if (res.connect_status) f.evidence["proxy_connect_status"] = res.connect_status;
  return f;
}

const std::string kNoProxy = "If the gateway is reachable without the proxy, add its host to NO_PROXY";

std::optional<Finding> socks_failure(const HttpResponse& res, const ProxyUrl& p, Status status) {
  const std::string proxy = "the SOCKS proxy " + proxy_phrase(res);
  const std::string target = target_of(res);
  const std::string& var = res.proxy.variable;
  switch (res.proxy_fault) {
    case ProxyFault::login_required:
      return make(status, fmt::format("{} wants a user name and password, and {} carries none (no "
                                      "authentication method was acceptable)", proxy, var),
                  {fmt::format("Put the proxy's credentials in {}: {}://user:password@{}:{}", var, p.scheme, p.host, p.port)},
                  res);
    case ProxyFault::login_rejected:
      return make(status, fmt::format("{} refused the user name and password in {}", proxy, var),
                  {fmt::format("Check the user name and password in {} (percent-encode @ : / in them as "
                               "%40 %3A %2F)", var)},
                  res);
    case ProxyFault::not_allowed:
      return make(status, fmt::format("{} refused to connect to {} by its rules (SOCKS5 reply 2: "
                                      "connection not allowed by ruleset)", proxy, target),
                  {fmt::format("Ask the proxy's administrator to allow {} (Dante: a socks pass rule for "
                               "that address and port)", target),
                   kNoProxy},
                  res);
    case ProxyFault::target_refused:
    case ProxyFault::unreachable:
      return make(status, fmt::format("{} could not connect to {} ({})", proxy, target,
                                      res.proxy_fault == ProxyFault::target_refused
                                          ? "SOCKS5 reply 5: connection refused"
                                          : "network or host unreachable: the proxy may not resolve the host, or has no route to it"),
                  {fmt::format("Check that the gateway runs at {} and that the proxy's host can reach it", target),
                   kNoProxy},
                  res);
    case ProxyFault::unsupported:
      return make(status, fmt::format("{} does not take the request (command or address type not "
                                      "supported)", proxy),
                  {p.scheme == "socks5h" ? fmt::format("Let this machine resolve the host: {}={}", var, p.as("socks5"))
                                         : fmt::format("Let the proxy resolve the host: {}={}", var, p.as("socks5h"))},
                  res);
    case ProxyFault::socks4_rejected:
      return make(status, fmt::format("{} rejected the SOCKS4 request to {} (91: request rejected or failed)", proxy, target),
                  {fmt::format("If the proxy speaks SOCKS5, say so: {}={}", var, p.as("socks5h")),
                   fmt::format("Otherwise ask its administrator to allow {}", target)},
                  res);
    case ProxyFault::server_failure:
      return make(status, fmt::format("{} failed (SOCKS5 reply 1: general server failure)", proxy),
                  {"Look in the proxy's log for the reason", kNoProxy}, res);
    default:
      break;
  }
  // No SOCKS answer at all: an HTTP proxy on that port?
  if (res.proxy_fault == ProxyFault::not_socks || res.error == TransportError::connect_timeout ||
      res.error == TransportError::proxy)
    if (proxy_speaks(p.host, p.port, ProxyProtocol::http))
      return make(status, fmt::format("{}:{} is an HTTP proxy, but {} says {}://: it did not answer "
                                      "the SOCKS greeting", p.host, p.port, var, p.scheme),
                  {fmt::format("Set {}={} (the scheme the proxy speaks)", var, p.as("http"))}, res);
  return std::nullopt;
}

}  // namespace

Finding proxy_auth_finding(const HttpResponse& res, Status status) {
  const ProxyUrl p = parse_proxy(res.proxy);
  const std::string& var = res.proxy.variable.empty() ? std::string("HTTPS_PROXY") : res.proxy.variable;
  const std::string scheme = text::lower(res.header("proxy-authenticate"));
  const bool basic = scheme.empty() || scheme.find("basic") != std::string::npos;
  const std::string proxy = res.proxy.variable.empty() ? "a proxy" : "the proxy " + proxy_phrase(res);
  const long code = res.connect_status ? res.connect_status : res.status;
  std::vector<std::string> fixes;
  std::string summary;
  if (p.credentials) {
    summary = fmt::format("{} refused the credentials in {} (HTTP {})", proxy, var, code);
    fixes.push_back(fmt::format("Check the user name and password in {} (percent-encode @ : / in them as "
                                "%40 %3A %2F)", var));
  } else {
    summary = fmt::format("{} requires authentication (HTTP {}), and {} carries no credentials", proxy, code, var);
    fixes.push_back(fmt::format("Put the proxy's credentials in {} (http://user:password@host:port)", var));
  }
  if (!basic)
    fixes.push_back(fmt::format("The proxy asks for {} only (Proxy-Authenticate), not a password in the "
                                "URL: run a local relay that speaks it (such as cntlm) and point {} at it",
                                text::shorten(text::one_line(res.header("proxy-authenticate")), 40), var));
  fixes.push_back(kNoProxy);
  Finding f = make(status, summary, fixes, res);
  return f;
}

std::optional<Finding> proxy_failure(const HttpResponse& res, Status status) {
  if (!res.via_proxy()) return std::nullopt;
  const ProxyUrl p = parse_proxy(res.proxy);
  const std::string& var = res.proxy.variable;
  const bool tls_failed = res.error == TransportError::tls_handshake || res.error == TransportError::tls_untrusted ||
                          res.error == TransportError::tls_hostname || res.error == TransportError::tls_expired;
  if (p.scheme == "https" && res.connect_status == 0 && tls_failed) {
    // The TLS that failed is the proxy's own: no tunnel answer came.
    if (text::contains_icase(res.error_message, "wrong version number"))
      return make(status,
                  fmt::format("{} says https://, but the proxy at {}:{} speaks plain HTTP (the TLS "
                              "handshake with the proxy failed: wrong version number)", var, p.host, p.port),
                  {fmt::format("Set {}={}: the proxy speaks plain HTTP, and the gateway's "
                               "https:// still goes through it encrypted (CONNECT)", var, p.as("http"))},
                  res);
    if (res.error == TransportError::tls_untrusted || res.error == TransportError::tls_expired ||
        res.error == TransportError::tls_hostname)
      return make(status, fmt::format("the proxy's own TLS certificate ({}:{}, from {}) is not accepted ({}): the "
                                      "failure is at the proxy, before any tunnel to the gateway",
                                      p.host, p.port, var, res.error_message),
                  {"Add the CA that signs the proxy's certificate to this machine's store (/usr/local/share/"
                   "ca-certificates, then update-ca-certificates): the proxy's TLS is checked against it, not "
                   "against --cacert",
                   fmt::format("Or, if the proxy also speaks plain HTTP, use http:// in {}", var)},
                  res);
    return make(status, fmt::format("the TLS connection to the proxy {} failed ({})", proxy_phrase(res), res.error_message),
                {fmt::format("Check that the proxy at {}:{} serves TLS, or use http:// in {} if it speaks plain HTTP",
                             p.host, p.port, var)},
                res);
  }
  // tinyproxy answers a CONNECT that fails its BasicAuth with 401, not 407.
  if (res.connect_status == 407 || res.connect_status == 401 || res.status == 407) return proxy_auth_finding(res, status);
  if (res.status >= 400) {
    // The proxy's own error page, cut short (tinyproxy resets the connection after it).
    Classification c;
    c.error = parse_error_body(res.content_type(), res.body);
    read_proxy_answer(res, c);
    if (!c.rule.empty())
      return make(status, fmt::format("the answer is HTTP {} from the proxy, not from the gateway ({}), and it "
                                      "broke off: {}", res.status, res.error_message, c.note),
                  c.fixes, res);
  }
  if (res.connect_status >= 300) {
    const std::string port = target_port(res);
    const std::string target = target_of(res);
    std::string summary = fmt::format("the proxy {}{} refused to open a tunnel to {} (CONNECT answered HTTP {})",
                                      proxy_phrase(res), software(res), target, res.connect_status);
    std::vector<std::string> fixes;
    if (res.connect_status == 403 && port != "443") {
      summary += fmt::format(": proxies commonly allow CONNECT to port 443 only, and this is port {}", port);
      fixes = {fmt::format("Ask the proxy's administrator to allow CONNECT to port {} (Squid: acl SSL_ports "
                           "port {}; tinyproxy: ConnectPort {})", port, port, port),
               "Or serve the gateway on port 443, the port proxies let through", kNoProxy};
    } else if (res.connect_status == 403) {
      fixes = {fmt::format("The proxy's rules refuse {}: ask its administrator to allow it", target), kNoProxy};
    } else {
      fixes = {fmt::format("The proxy could not reach {}: check that the gateway runs there and that the "
                           "proxy's host can reach it", target), kNoProxy};
    }
    return make(status, summary, fixes, res);
  }
  if (p.scheme.rfind("socks", 0) == 0) return socks_failure(res, p, status);
  // An HTTP proxy URL, and no HTTP answer from the proxy: is the port a SOCKS proxy's?
  const bool no_answer = res.status == 0 && res.connect_status == 0 &&
                         (res.error == TransportError::proxy || res.error == TransportError::no_http_answer ||
                          res.error == TransportError::broken_transfer || res.error == TransportError::other);
  if (!no_answer) return std::nullopt;
  if (proxy_speaks(p.host, p.port, ProxyProtocol::socks5))
    return make(status,
                fmt::format("{}:{} is a SOCKS5 proxy, but {} says {}:// (the proxy closed the connection "
                            "on the HTTP request)", p.host, p.port, var, p.scheme),
                {fmt::format("Set {}={} (SOCKS5, the proxy resolving the host)", var, p.as("socks5h"))},
                res);
  if (p.scheme == "http" && proxy_speaks(p.host, p.port, ProxyProtocol::tls))
    return make(status,
                fmt::format("{}:{} speaks TLS, but {} says http:// (the proxy closed the connection on the "
                            "plain request)", p.host, p.port, var),
                {fmt::format("Set {}={} (a proxy reached over TLS)", var, p.as("https"))}, res);
  // Over https:// the CONNECT got no answer: the proxy's doing. Over http:// the proxy relays
  // the request itself, and may pass on the gateway's silence.
  const bool tunnel = parse_url(res.url) && parse_url(res.url)->scheme == "https";
  return make(status,
              tunnel ? fmt::format("the proxy {} closed the connection without answering the CONNECT to {} ({})",
                                   proxy_phrase(res), target_of(res), res.error_message)
                     : fmt::format("no answer through the proxy {} ({}): the proxy, or {} behind it, closed "
                                   "the connection", proxy_phrase(res), res.error_message, target_of(res)),
              {fmt::format("Check that {}:{} is an HTTP proxy that accepts this machine, and its log", p.host, p.port),
               kNoProxy},
              res);
}

}  // namespace anlink
