#include "classify/proxy_answer.hpp"

#include <fmt/format.h>

#include <string_view>

#include "classify/classifier.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Proxies whose Server header marks the answers they write themselves (a relayed answer
// keeps the gateway's own Server header, or none).
constexpr std::string_view kProxyServers[] = {"squid", "tinyproxy", "mitmproxy", "privoxy", "3proxy",
                                              "polipo", "ccproxy", "wingate", "ziproxy", "apache traffic server"};

bool has_any(std::string_view haystack, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (haystack.find(w) != std::string_view::npos) return true;
  return false;
}

ProxyAnswer::Cause cause_of(const HttpResponse& res, const std::string& squid_error, const PlatformError& e) {
  using Cause = ProxyAnswer::Cause;
  const std::string words = text::lower(squid_error + " " + e.message + " " + res.body.substr(0, 8192));
  if (res.status == 407 || res.status == 401 || has_any(words, {"err_cache_access_denied", "proxy authentication required"}))
    return Cause::auth;
  if (has_any(words, {"certificate verify failed", "err_secure_connect_fail", "certificate_verify_failed",
                      "unable to get local issuer", "self-signed certificate", "self signed certificate"}))
    return Cause::tls_verify;
  if (has_any(words, {"err_dns_fail", "name resolution", "unable to resolve", "could not resolve",
                      "name or service not known"}))
    return Cause::dns;
  if (has_any(words, {"err_read_timeout", "err_lifetime_exp", "err_connect_timeout", "timed out", "timeout"}))
    return Cause::timeout;
  if (has_any(words, {"err_connect_fail", "unable to connect", "connection refused", "err_zero_size_object",
                      "err_read_error", "server disconnected", "connection reset"}) ||
      (res.status >= 502 && res.status <= 504))  // a proxy's own 502-504: its upstream failed it
    return Cause::connect;
  if (res.status == 403 || has_any(words, {"err_access_denied", "access denied", "access violation", "filtered"}))
    return Cause::refused;
  return Cause::other;
}

std::string where_of(const HttpResponse& res) {
  auto url = parse_url(res.url);
  if (!url) return "the gateway";
  const std::string port = !url->port.empty() ? url->port : url->scheme == "https" ? "443" : "80";
  return url->host + ":" + port;
}

}  // namespace

std::string proxy_phrase(const HttpResponse& res) {
  return res.proxy.url + " (from " + res.proxy.variable + ")";
}

std::optional<ProxyAnswer> proxy_answer(const HttpResponse& res, const PlatformError& e) {
  if (res.status < 400) return std::nullopt;
  ProxyAnswer a;
  const std::string squid_error = res.header("x-squid-error");
  const std::string server = text::shorten(text::one_line(res.header("server")), 60);
  const std::string lower = text::lower(server);
  if (!squid_error.empty()) {
    a.who = lower.rfind("squid", 0) == 0 ? server : "squid";
    a.evidence = "X-Squid-Error: " + text::shorten(text::one_line(squid_error), 60);
  } else {
    for (auto name : kProxyServers)
      if (lower.rfind(name, 0) == 0) a.who = server;
    if (a.who.empty()) return std::nullopt;
    a.evidence = "Server: " + server;
  }
  a.cause = cause_of(res, squid_error, e);
  return a;
}

void read_proxy_answer(const HttpResponse& res, Classification& c) {
  const auto a = proxy_answer(res, c.error);
  if (!a) return;
  using Cause = ProxyAnswer::Cause;
  const std::string target = where_of(res);
  const bool forward = res.via_proxy();
  c.rule = "proxy's own answer (" + a->evidence + ")";
  c.fixes_are_whole = true;
  if (forward) {
    // Through a proxy variable: the gateway never saw the request.
    c.category = Category::network;
    const std::string proxy = "the proxy " + proxy_phrase(res);
    switch (a->cause) {
      case Cause::refused:
        c.note = fmt::format("{} ({}) refused the request itself, by its access rules: it never reached {}",
                             proxy, a->evidence, target);
        c.fixes = {fmt::format("Ask the proxy's administrator to allow {} (Squid: an http_access rule "
                               "for the destination; tinyproxy: Allow and Filter)", target),
                   "If the gateway is reachable without the proxy, add its host to NO_PROXY"};
        break;
      case Cause::auth:
        if (res.proxy.url.find('@') != std::string::npos) {
          c.note = fmt::format("{} ({}) refused the credentials in {}", proxy, a->evidence, res.proxy.variable);
          c.fixes = {"Check the user name and password in " + res.proxy.variable +
                     " (percent-encode @ : / in them as %40 %3A %2F)"};
        } else {
          c.note = fmt::format("{} ({}) wants credentials", proxy, a->evidence);
          c.fixes = {"Put the proxy's credentials in " + res.proxy.variable + " (http://user:password@host:port)"};
        }
        break;
      case Cause::tls_verify:
        c.note = fmt::format("{} ({}) intercepts TLS and could not verify the certificate of {}: the "
                             "proxy, not this machine, refused the gateway's certificate",
                             proxy, a->evidence, target);
        c.fixes = {"Give the proxy the CA that signs the gateway's certificate (mitmproxy: --set "
                   "ssl_verify_upstream_trusted_ca=PATH; Squid: tls_outgoing_options cafile=PATH), or "
                   "have the gateway use a certificate from a public CA",
                   "If the gateway is reachable without the proxy, add its host to NO_PROXY"};
        break;
      case Cause::connect:
      case Cause::timeout:
        c.note = fmt::format("{} ({}) could not {} {}: the proxy answered for it", proxy, a->evidence,
                             a->cause == Cause::timeout ? "get an answer in time from" : "connect to", target);
        c.fixes = {fmt::format("Check that the gateway runs at {} and that the proxy's host can reach it", target),
                   "If the gateway is reachable without the proxy, add its host to NO_PROXY"};
        break;
      case Cause::dns:
        c.note = fmt::format("{} ({}) could not resolve the gateway's host", proxy, a->evidence);
        c.fixes = {"Check the host in the base URL: the proxy's resolver does not know it"};
        break;
      case Cause::other:
        c.note = fmt::format("{} ({}) answered HTTP {} itself: the request did not reach {}", proxy,
                             a->evidence, res.status, target);
        c.fixes = {"Read the proxy's error page or log for the reason, or ask its administrator",
                   "If the gateway is reachable without the proxy, add its host to NO_PROXY"};
        break;
    }
    return;
  }
  // A proxy in front of the gateway (the base URL points at it): its front answered.
  const std::string front = fmt::format("{} in front of the gateway ({})", a->who, a->evidence);
  switch (a->cause) {
    case Cause::refused:
    case Cause::auth:
      c.category = Category::access_blocked;
      c.note = front + " refused the request by its own access rules";
      c.fixes = {"Ask the gateway's operator to let API clients through the proxy's access rules"};
      break;
    case Cause::other:
      c.fixes_are_whole = false;
      c.note = fmt::format("the answer is from {}, not from the API", front);
      break;
    default:
      c.category = Category::upstream_failure;
      c.note = front + (a->cause == Cause::tls_verify ? " could not verify its upstream's certificate"
                        : a->cause == Cause::dns     ? " could not resolve its upstream"
                                                     : " could not reach its upstream");
      c.fixes = {"Tell the gateway's operator: the proxy in front of the API cannot reach the API behind it"};
      break;
  }
}

}  // namespace anlink
