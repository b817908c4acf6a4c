// stream: a minimal streaming completion with include_usage ends with usage and [DONE].
#include <fmt/format.h>

#include <algorithm>

#include "checks/check.hpp"
#include "checks/hold_stream.hpp"
#include "checks/http_evidence.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

bool rejects_stream_options(const CallResult& r) {
  if (r.response.status != 400 && r.response.status != 422) return false;
  return text::contains_icase(r.classification.error.message + " " + r.response.body,
                              "stream_options");
}

// Enough tokens to see how they arrive (a reasoning model's larger budget when the probe
// learned it needs one).
std::string stream_body(const Context& ctx, int max_tokens, bool include_usage,
                        const std::string& token_param = "max_tokens") {
  return counting_body(*ctx.api, ctx.opts.model.value, std::max(max_tokens, kStreamTokens), include_usage,
                       token_param);
}

CallResult send_stream(Context& ctx, const std::string& body) {
  CallResult r = send_call(ctx.call_target(), body, true);
  if (!r.classification.request_id.empty()) ctx.own_request_ids.push_back(r.classification.request_id);
  return r;
}

}  // namespace

std::vector<HttpRequest> plan_stream(const Context& ctx) {
  if (!ctx.opts.stream || !planned_probe(ctx)) return {};  // --no-probe, or a body that fails lint
  if (replays_a_stream(ctx)) return {};  // the probe covers it
  return {call_request(ctx.call_target(), stream_body(ctx, 1, true), true)};
}

namespace {

Finding stream_finding(Context& ctx) {
  const ProbeResult& probe = ensure_probe(ctx);
  if (probe.replayed && probe.call.streamed)
    return Finding::skip("the replayed request body was itself a stream: see probe");

  // As the probe learned to ask (max_completion_tokens for a reasoning model); a replayed
  // body teaches nothing about that, so a refusal of max_tokens here is asked again too.
  std::string token_param = probe.token_param;
  CallResult r = send_stream(ctx, stream_body(ctx, probe.max_tokens, true, token_param));
  std::string adaptation;
  if (refuses_max_tokens(r) && token_param == "max_tokens") {
    token_param = "max_completion_tokens";
    adaptation = "the model refused max_tokens (" + text::shorten(r.classification.error.message, 120) +
                 "); the stream was sent again with max_completion_tokens";
    r = send_stream(ctx, stream_body(ctx, probe.max_tokens, true, token_param));
  }
  if (!rejects_stream_options(r)) {
    Finding f = judge_stream(r, ctx.opts, ctx.profile, true);
    const Classification& c = r.classification;
    if (f.status == Status::fail && c.category == Category::invalid_request_body &&
        c.rule.starts_with("status") && !probe.replayed) {
      // As the probe judges it: a bare refusal of the doctor's own request is no verdict.
      f = Finding::warn(std::nullopt, "the platform refused the doctor's minimal streaming request (" +
                                          describe_answer(r.response, c) + "); this says nothing "
                                          "about your own requests");
      f.evidence = http_evidence(r.response, &c);
    }
    if (!adaptation.empty() && f.status == Status::pass) {
      auto evidence = std::move(f.evidence);
      f = Finding::warn(Category::parameter_unsupported,
                        "a stream succeeded only with max_completion_tokens in place of max_tokens: "
                        "apps that send max_tokens to " + ctx.opts.model.value + " fail");
      f.evidence = std::move(evidence);
      f.fixes = {"Send max_completion_tokens instead of max_tokens to " + ctx.opts.model.value};
    }
    if (!adaptation.empty()) f.evidence["adaptation"] = adaptation;
    return f;
  }

  // Tell "the gateway rejects stream_options" apart from "the stream itself is broken".
  const std::string refusal = describe_answer(r.response, r.classification);
  CallResult plain = send_stream(ctx, stream_body(ctx, probe.max_tokens, false, token_param));
  Finding f = judge_stream(plain, ctx.opts, ctx.profile, false);
  f.evidence["stream_options_rejected"] = refusal;
  if (f.status == Status::pass || f.category == Category::stream_usage_missing) {
    // Every client stream that asks for usage (the SDKs' include_usage) gets this refusal.
    auto evidence = std::move(f.evidence);
    f = Finding::fail(Category::parameter_unsupported,
                      "the gateway refuses stream_options (" + refusal + "): every stream that "
                      "asks for usage (include_usage, as SDKs and frameworks send it) fails; "
                      "without it the stream works");
    f.evidence = std::move(evidence);
    f.fixes = {"Send streams without stream_options on this route, and count tokens another way",
               "If a proxy or SDK in between strips or rejects unknown fields, update it"};
    add_request_id_fix(f, r.classification.request_id, ctx.profile.console_url);
  }
  return f;
}

// A client that asks again without streaming when a stream breaks (Claude Code) still
// answers, from a request like the probe's: the failure is what it costs, a warning.
void recovered_by_client(const Context& ctx, Finding& f) {
  const ClientDef* client = ctx.opts.client;
  const bool stream_broke = f.category == Category::stream_malformed ||
                            f.category == Category::upstream_stream_interrupted ||
                            f.category == Category::stream_usage_missing;
  if (f.status != Status::fail || !stream_broke || !client || !client->stream_fallback || !ctx.probe ||
      !ctx.probe->sent || ctx.probe->call.classification.category || ctx.probe->call.response.status < 200 ||
      ctx.probe->call.response.status >= 300 || !read_answer(*ctx.api, ctx.probe->call.response.body).is_answer)
    return;
  f.status = Status::warn;
  f.summary = fmt::format("{} still answers (it keeps what a stream without its end event brought, and asks "
                          "again without streaming when one is cut or fails, paying twice); other clients do not: {}",
                          client->title, f.summary);
  f.evidence["client_recovers"] = true;
}

}  // namespace

Finding check_stream(Context& ctx) {
  if (!ctx.opts.probe) return Finding::skip("--no-probe: no billable request is sent");
  if (!ctx.opts.stream) return Finding::skip("--no-stream");
  Finding f = stream_finding(ctx);
  recovered_by_client(ctx, f);
  // --hold: once, with the first model, after a stream that worked.
  if (ctx.opts.hold.count() == 0 || f.status == Status::fail || f.status == Status::skip ||
      (!ctx.opts.models.empty() && ctx.opts.model.value != ctx.opts.models.front()))
    return f;
  Finding held = hold_stream(ctx);
  if (held.status == Status::pass) {
    f.summary += "; " + held.summary;
    f.evidence["hold"] = std::move(held.evidence);
    return f;
  }
  // The hold's own verdict leads (the user asked for it); the short stream's evidence stays.
  auto short_stream = std::move(f.evidence);
  if (held.status == Status::warn && f.status == Status::warn) {  // keep both warnings
    f.summary += "; " + held.summary;
    f.evidence = std::move(short_stream);
    f.evidence["hold"] = std::move(held.evidence);
    return f;
  }
  auto hold_evidence = std::move(held.evidence);
  held.evidence = std::move(short_stream);
  held.evidence["hold"] = std::move(hold_evidence);
  return held;
}

}  // namespace anlink
