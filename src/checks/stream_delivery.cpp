#include "checks/stream_delivery.hpp"

#include <fmt/format.h>

#include <cmath>

#include "checks/tls_interception.hpp"
#include "classify/proxy_answer.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Tokens per second after the first: content chunks over the time they took to arrive.
std::optional<double> tokens_per_s(const StreamSummary& s) {
  const double span = s.last_content_ms - s.first_content_ms;
  if (s.content_chunks < 2 || span <= 0) return std::nullopt;
  return (s.content_chunks - 1) * 1000.0 / span;
}

// Held back: on average kHeldPerBurst or more chunks of text arrived together. A model
// streaming on its own sends one per read; nginx's proxy_buffering passes a 4 KiB buffer at
// a time (about 26 chunks), gzip the whole answer at its end. A short answer too few to
// count that way is judged by its timing: all of its text in one read, and that read late
// (kLateBurstMs after the request) with the answer's end, is what a client sees as nothing,
// then everything. A fast server that has a short answer whole at once sends it before that;
// a slow model that flushes its first tokens together sends its end later.
bool held_back(const StreamSummary& s) {
  if (s.content_chunks >= kJudgeableChunks) return s.content_chunks >= kHeldPerBurst * s.bursts;
  return s.content_chunks >= kShortHeldChunks && s.bursts == 1 && s.first_content_ms >= kLateBurstMs &&
         s.end_ms >= 0 && s.end_ms - s.last_content_ms <= StreamSummary::kBurstMs;
}

}  // namespace

std::string buffered_by(const HttpResponse& res) {
  const std::string encoding = text::lower(res.header("content-encoding"));
  if (!encoding.empty() && encoding != "identity")
    return fmt::format("{} compression (Content-Encoding: {})", text::one_line(encoding), text::one_line(encoding));
  if (text::lower(text::trim(res.header("x-accel-buffering"))) == "yes") return "nginx (X-Accel-Buffering: yes)";
  // The proxy in the proxy variable reads the stream only over http://, or when it re-signs
  // TLS; through a plain CONNECT tunnel it cannot hold anything back.
  auto url = parse_url(res.url);
  std::string on_path;
  if (res.via_proxy() && ((url && url->scheme == "http") || intercepting_issuer(res)))
    on_path = "the proxy " + proxy_phrase(res) +
              (url && url->scheme == "http" ? "" : ", which re-signs TLS (certificate issuer " +
                                                       text::shorten(text::one_line(res.certificate->issuer), 60) + ")");
  else if (!res.header("via").empty())
    on_path = "a proxy (Via: " + text::shorten(text::one_line(res.header("via")), 60) + ")";
  // nginx named by the answer, and a proxy on the way as well: either may hold it back.
  const std::string server = text::lower(res.header("server"));
  if (server.find("nginx") != std::string::npos || server.find("openresty") != std::string::npos)
    return on_path.empty() ? "nginx (proxy_buffering)" : "nginx (proxy_buffering) or " + on_path;
  if (!on_path.empty()) return on_path;
  if (server.find("cloudflare") != std::string::npos || !res.header("cf-ray").empty()) return "Cloudflare";
  if (!server.empty()) return "the server " + text::shorten(text::one_line(res.header("server")), 40);
  return "";
}

void add_delivery_evidence(const StreamSummary& s, const HttpResponse& res, nlohmann::ordered_json& evidence) {
  if (s.content_chunks == 0) return;
  evidence["ttft_ms"] = std::lround(s.first_content_ms);
  if (auto rate = tokens_per_s(s)) evidence["tokens_per_s"] = std::round(*rate * 10) / 10;
  evidence["max_gap_ms"] = std::lround(s.max_gap_ms);
  evidence["content_chunks"] = s.content_chunks;
  evidence["bursts"] = s.bursts;
  if (s.bursts > 0) evidence["chunks_per_read"] = std::round(s.content_chunks * 10.0 / s.bursts) / 10;
  evidence["largest_burst"] = s.largest_burst;
  if (held_back(s))
    if (auto by = buffered_by(res); !by.empty()) evidence["buffered_by"] = by;
}

std::string delivery_phrase(const StreamSummary& s) {
  if (s.content_chunks == 0) return "";
  std::string out = fmt::format("first token {:.0f} ms", s.first_content_ms);
  if (auto rate = tokens_per_s(s)) out += fmt::format(", {:.0f} tokens/s", *rate);
  return out;
}

std::optional<Finding> buffered_finding(const StreamSummary& s, const HttpResponse& res) {
  if (!held_back(s)) return std::nullopt;
  const std::string by = buffered_by(res);
  const std::string how =
      s.bursts == 1 ? fmt::format("arrived together after {:.0f} ms", s.first_content_ms)
                    : fmt::format("arrived in {} bursts of up to {} (the first after {:.0f} ms)",
                                  s.bursts, s.largest_burst, s.first_content_ms);
  Finding f = Finding::warn(
      Category::stream_buffered,
      fmt::format("the stream works, but its {} chunks of text {}{}: clients show nothing until "
                  "a burst is there",
                  s.content_chunks, how, by.empty() ? "" : ", held back by " + by));
  if (by.find("compression") != std::string::npos)
    f.fixes.push_back("Do not compress text/event-stream: compression waits for a full buffer "
                      "(nginx: leave text/event-stream out of gzip_types, or gzip off for the API)");
  else if (by.find("nginx") != std::string::npos)
    f.fixes.push_back("In nginx's location for the API: proxy_buffering off; (or have the upstream "
                      "send X-Accel-Buffering: no), with proxy_http_version 1.1");
  else if (by == "Cloudflare")
    f.fixes.push_back("Behind Cloudflare: the origin must answer Content-Type: text/event-stream "
                      "without Content-Length, and no compression or caching rule may apply to the route");
  else if (by.empty())
    f.fixes.push_back("Behind nginx: proxy_buffering off; in the API's location (or the upstream sends "
                      "X-Accel-Buffering: no)");
  if (text::contains_icase(by, "mitmproxy"))
    f.fixes.push_back("mitmproxy holds every answer until its end unless told to stream: run it with "
                      "--set stream_large_bodies=1 (or exempt the gateway's host from interception)");
  else if (by.find("the proxy ") != std::string::npos || by.find("a proxy (") != std::string::npos)
    f.fixes.push_back("Make the proxy on the way pass text/event-stream on as it arrives (its response "
                      "buffering or content scanning for the gateway's host), or add the host to NO_PROXY "
                      "if it is reachable directly");
  return f;  // the category's own fixes follow (finish_fixes)
}

}  // namespace anlink
