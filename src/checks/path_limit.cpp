#include "checks/path_limit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "classify/proxy_answer.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Who answered, as far as the headers tell: "nginx", "nghttpx", "Cloudflare", or "".
std::string front_of(const HttpResponse& res) {
  const std::string server = text::lower(res.header("server"));
  if (server.find("nginx") != std::string::npos || server.find("openresty") != std::string::npos)
    return "nginx";
  if (server.find("nghttpx") != std::string::npos) return "nghttpx";
  if (server.find("cloudflare") != std::string::npos || !res.header("cf-ray").empty()) return "Cloudflare";
  return "";
}

// A proxy between the doctor and the gateway, as the evidence names it: the proxy variable
// in use, else a Via header ("1.1 vm (squid/5.7)"); "" when none shows.
std::string proxy_on_path(const HttpResponse& res) {
  if (res.via_proxy()) return "the proxy " + proxy_phrase(res);
  // Via alone names a proxy only when it is proxy software whose timer works so; a CDN's Via
  // (CloudFront, Google, Varnish, Akamai) says nothing of how it cuts an idle stream.
  const std::string via = res.header("via");
  const std::string lower = text::lower(via.substr(0, 512));
  for (std::string_view software : {"squid", "tinyproxy", "mitmproxy", "privoxy", "polipo", "ziproxy"})
    if (lower.find(software) != std::string::npos)
      return "a proxy (Via: " + text::shorten(text::one_line(via), 60) + ")";
  return "";
}

// Proxies whose idle timeout fires on their own clock tick, a little after the value set:
// the silence before the cut, not a round number, shows it.
PathLimit idle_cut(double silent_s, const std::string& proxy) {
  // A timer fires at its value or after it (Squid's, up to a second after); the client sees a
  // little less silence than the proxy did: just under a whole number is that number.
  const double whole = std::floor(silent_s);
  const long n = static_cast<long>(silent_s - whole >= 0.9 ? whole + 1 : whole);
  return {fmt::format("an idle (read) timeout of about {} s in {}: the stream was cut {:.1f} s after its "
                      "last byte, so the limit is {} s or a second less (Squid's read_timeout, 15 min by "
                      "default, fires up to a second after its value; tinyproxy: Timeout; Dante: timeout.io)",
                      n, proxy, silent_s, n),
          "Raise the idle or read timeout of " + proxy + " above the model's longest silence (Squid: "
          "read_timeout; tinyproxy: Timeout; Dante: timeout.io), or keep the stream busy with SSE "
          "comments (: keep-alive) while the model thinks",
          n};
}

PathLimit by_status(const HttpResponse& res, const std::string& front, double at_s) {
  const std::string who = front.empty() ? "a proxy or load balancer in front of the API" : front;
  switch (res.status) {
    case 524: {
      const auto n = round_seconds(at_s);
      return {"Cloudflare stopped waiting for the origin's answer (HTTP 524: a timeout occurred; its "
              "limit is 100 s unless the plan raised it)",
              "Have the origin send the stream's headers and first bytes within Cloudflare's limit "
              "(SSE comments while the model thinks), or serve long requests on a hostname Cloudflare "
              "does not proxy",
              n.value_or(0)};
    }
    case 522:
      return {"Cloudflare could not connect to the origin in time (HTTP 522)",
              "Check that the origin server is up and that its firewall lets Cloudflare's addresses in", 0};
    case 520:
      return {"the origin gave Cloudflare an empty or unreadable answer (HTTP 520): it closed the "
              "connection, often at its own timeout",
              "Look in the origin's log at that time: a worker killed or timed out mid-request", 0};
    default: {  // 504
      const auto n = round_seconds(at_s);
      PathLimit out{fmt::format("a gateway timeout (HTTP {}) from {}{}", res.status, who,
                                n ? fmt::format(" after {} s: its limit for the upstream's answer", *n) : ""),
                    front == "nginx"
                        ? "Raise proxy_read_timeout in nginx's location for the API above the "
                          "model's longest silence (a reasoning model can think for minutes)"
                        : "Raise the upstream or read timeout of " + who,
                    n.value_or(0)};
      return out;
    }
  }
}

}  // namespace

std::optional<long> round_seconds(double seconds) {
  if (!(seconds >= 0.85) || seconds > 1e7) return std::nullopt;
  const long n = std::lround(seconds);
  if (std::fabs(seconds - static_cast<double>(n)) > std::max(0.15, 0.02 * static_cast<double>(n)))
    return std::nullopt;
  return n;
}

PathLimit name_path_limit(double at_s, double silent_s, const HttpResponse& res) {
  const std::string front = front_of(res);
  if (res.status == 504 || res.status == 520 || res.status == 522 || res.status == 524)
    return by_status(res, front, at_s);
  // Silent for the last second or more before the cut, with a proxy on the path: its idle
  // timeout, whatever the exact number.
  if (const std::string proxy = proxy_on_path(res); !proxy.empty() && front.empty() && silent_s >= 1.0)
    return idle_cut(silent_s, proxy);
  if (auto n = round_seconds(silent_s)) {
    std::string holder = front == "nginx"        ? " (nginx: proxy_read_timeout, 60 s by default)"
                         : front == "nghttpx"    ? " (nghttpx: --backend-read-timeout, 3 min by default)"
                         : front == "Cloudflare" ? " (Cloudflare waits 100 s for a byte from the origin)"
                                                 : "";
    return {fmt::format("a read (idle) timeout of {} s on the path: the stream was cut {:.1f} s after "
                        "its last byte{}",
                        *n, silent_s, holder),
            front == "nginx"
                ? "Raise proxy_read_timeout in nginx's location for the API above the model's longest "
                  "silence, or have the upstream send SSE comments (: keep-alive) while it thinks"
                : "Raise the idle or read timeout of the proxy or load balancer in front of the API "
                  "above the model's longest silence, or keep the stream busy with SSE comments",
            *n};
  }
  if (auto n = round_seconds(at_s))
    return {fmt::format("a limit of {} s on the whole request (a proxy's or platform's maximum "
                        "request time), cut while bytes were still arriving",
                        *n),
            "Raise the request-time limit of whatever fronts the API (a load balancer's request "
            "timeout, a serverless function's maximum duration), or keep requests shorter than it",
            *n};
  return {fmt::format("no round number of seconds ({:.1f} s in, {:.1f} s after the last byte): "
                      "more likely the server or the provider than a configured limit",
                      at_s, silent_s),
          "", 0};
}

}  // namespace anlink
