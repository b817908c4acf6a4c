#pragma once
// A proxy's own answer, told from the gateway's: Squid's error pages (X-Squid-Error), the
// Server header of tinyproxy, mitmproxy and other proxies, which they send only on answers
// they write themselves. Through a proxy variable the request never reached the gateway
// (NETWORK); in front of the gateway (a reverse proxy) its front refused or failed.
#include <optional>
#include <string>

#include "classify/error_body.hpp"
#include "http/client.hpp"

namespace anlink {

struct Classification;

struct ProxyAnswer {
  std::string who;       // "squid/5.7", "tinyproxy/1.11.1", "mitmproxy 8.1.1"
  std::string evidence;  // "X-Squid-Error: ERR_ACCESS_DENIED 0", "Server: tinyproxy/1.11.1"
  enum class Cause { refused, auth, tls_verify, connect, dns, timeout, other } cause = Cause::other;
};

// The proxy that wrote this answer, or nullopt when the headers name none. The body's own
// words (an HTML page's title and text, in `e`) say why.
std::optional<ProxyAnswer> proxy_answer(const HttpResponse& res, const PlatformError& e);

// Sets the category, note and fixes of an answer a proxy wrote itself.
void read_proxy_answer(const HttpResponse& res, Classification& c);

// The proxy a request went through, for a sentence: "http://127.0.0.1:3128 (from HTTPS_PROXY)".
std::string proxy_phrase(const HttpResponse& res);

}  // namespace anlink
