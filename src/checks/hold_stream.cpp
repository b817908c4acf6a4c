// --hold SECONDS (opt-in, part of the stream check): one stream kept open that long, and what
// cut it if anything did: a limit on the path (a proxy's read timeout, an edge's 100 s) named
// with its seconds.
#include <fmt/format.h>

#include <algorithm>

#include "checks/hold_stream.hpp"
#include "checks/http_evidence.hpp"
#include "checks/path_limit.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Enough tokens to outlast the hold at about 100 tokens/s, within what models accept.
int hold_tokens(std::chrono::milliseconds hold) {
  return static_cast<int>(std::clamp<long>(hold.count() / 10, 256, 8192));
}

double last_byte_s(const HttpResponse& res) {
  return res.chunks.empty() ? res.timings.first_byte / 1000 : res.chunks.back().at_ms / 1000;
}

Finding cut_finding(const CallResult& r, double at_s, const std::string& how) {
  const double silent_s = std::max(0.0, at_s - last_byte_s(r.response));
  const PathLimit limit = name_path_limit(at_s, silent_s, r.response);
  Finding f = Finding::fail(Category::upstream_stream_interrupted,
                            fmt::format("a long stream was cut after {:.1f} s ({}): {}", at_s, how, limit.what));
  if (!limit.fix.empty()) f.fixes.push_back(limit.fix);
  f.evidence["cut_after_s"] = std::round(at_s * 10) / 10;
  f.evidence["silent_before_cut_s"] = std::round(silent_s * 10) / 10;
  if (limit.seconds > 0) f.evidence["limit_s"] = limit.seconds;
  return f;
}

}  // namespace

Finding hold_stream(Context& ctx) {
  const auto hold = ctx.opts.hold;
  const ProbeResult& probe = ensure_probe(ctx);
  const double hold_s = std::chrono::duration<double>(hold).count();

  HttpRequest req = call_request(ctx.call_target(),
                                 long_body(*ctx.api, ctx.opts.model.value, std::max(probe.max_tokens, hold_tokens(hold)),
                                                probe.token_param),
                                 true);
  req.total = hold;
  req.total_what = fmt::format("the hold (--hold {})", hold_s);
  const CallResult r = send_call(ctx.call_target(), req, true);
  const HttpResponse& res = r.response;
  const StreamSummary& s = r.stream;
  const double at_s = res.timings.total / 1000;

  auto evidence = http_evidence(res, &r.classification);
  evidence["hold_s"] = hold_s;
  evidence["held_s"] = std::round(at_s * 10) / 10;
  evidence["chunks"] = s.chunks;
  evidence["content_chunks"] = s.content_chunks;
  if (!res.chunks.empty()) evidence["last_byte_s"] = std::round(last_byte_s(res) * 10) / 10;

  const bool own_hold = res.time_limit == req.total_what;
  Finding f;
  if (res.status == 504 || res.status == 520 || res.status == 522 || res.status == 524) {
    f = cut_finding(r, at_s, fmt::format("HTTP {} before the first byte", res.status));
  } else if (res.error == TransportError::stream_reset && res.time_limit.empty()) {
    f = cut_finding(r, at_s, "the HTTP/2 stream was reset");
  } else if (res.status == 0 && own_hold) {
    f = Finding::warn(std::nullopt, fmt::format("no answer at all within the hold of {} s: nothing "
                                                "says what a longer wait would meet", hold_s));
  } else if (res.status == 0) {
    f = transport_finding(res, Status::warn);
    f.summary = "could not start the long stream: " + f.summary;
  } else if (res.status < 200 || res.status >= 300) {
    // A refusal of the doctor's own long request (its token limit, a rate limit) is no verdict
    // on the path: the stream check judged the user's kind of request.
    f = Finding::warn(r.classification.category,
                      "the platform refused the doctor's long streaming request (" +
                          describe_answer(res, r.classification) + "); the path's limits were not tested");
  } else if (own_hold && s.content_chunks > 0) {
    f = Finding::pass(fmt::format("a stream stayed open for the {} s asked ({} chunks of text, the "
                                  "last {:.1f} s before the end): nothing on the path cut it",
                                  hold_s, s.content_chunks, std::max(0.0, at_s - last_byte_s(res))));
  } else if (own_hold) {
    f = Finding::warn(std::nullopt, fmt::format("the stream stayed open for the {} s asked but carried "
                                                "no text: nothing shows that a client would have "
                                                "seen an answer", hold_s));
  } else if (!res.time_limit.empty()) {
    f = transport_finding(res, Status::warn);  // the run's own limit (--max-time)
    f.summary = fmt::format("{} ended the hold after {:.1f} s, before the {} s asked",
                            res.time_limit, at_s, hold_s);
    f.fixes = {"Give the run more time: --max-time above --hold"};
  } else if (s.done && !s.error) {
    f = Finding::warn(std::nullopt,
                      fmt::format("the model finished its answer after {:.1f} s, before the {} s "
                                  "asked: the path let a {:.1f} s stream through, and longer ones "
                                  "were not tested",
                                  at_s, hold_s, at_s));
  } else if (s.error) {
    f = Finding::fail(Category::upstream_stream_interrupted,
                      fmt::format("the long stream carried an error event after {:.1f} s", at_s));
  } else if (!res.ok_transport()) {
    f = cut_finding(r, at_s, "the connection broke off");
  } else {
    f = cut_finding(r, at_s, "closed without [DONE]");
  }
  for (auto& [k, v] : f.evidence.items()) evidence[k] = v;
  f.evidence = std::move(evidence);
  if (f.evidence.contains("cut_after_s")) {
    // The limit's own fix only: a retry, a smaller prompt or a non-streaming call would
    // meet the same limit.
    auto own = std::move(f.fixes);
    if (own.empty())
      own = {"Find the limit in whatever fronts the API (proxy, load balancer, edge) at the time "
             "of the cut, and raise it above your longest request"};
    f.fixes.clear();
    add_request_id_fix(f, r.classification.request_id, ctx.profile.console_url);
    f.fixes.insert(f.fixes.begin(), own.begin(), own.end());
  } else {
    finish_fixes(f, r.classification, ctx.opts, ctx.profile);
  }
  return f;
}

}  // namespace anlink
