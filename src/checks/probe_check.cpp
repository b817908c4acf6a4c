// probe: one minimal completion (or the user's own request body) succeeds.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "checks/redirect_note.hpp"
#include "core/suggest.hpp"
#include "util/json_at.hpp"
#include "util/text.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

// A 200 that is not an answer of the API is still a failure of the platform.
Finding judge_success(const ApiDef& api, const HttpResponse& res, const Classification& c, bool replayed) {
  if (c.category) return Finding::fail(*c.category, "the completion answered " + describe_answer(res, c));
  auto body = parse_untrusted_json(res.body);
  auto upstream = [&](const std::string& what) {
    return Finding::fail(Category::upstream_failure,
                         fmt::format("the completion answered HTTP {} {}", res.status, what));
  };
  if (text::trim(res.body).empty()) return upstream("with an empty body");
  if (body.is_discarded() || !body.is_object()) return upstream("with a body that is not JSON");
  if (auto e = body.find("error"); e != body.end() && !e->is_null()) {
    std::string what = json_at::text(*e, "/message");
    if (what.empty()) what = e->dump();
    return upstream("carrying an error: " + text::shorten(what, 200));
  }
  const Answer answer = api.read_answer(body);
  if (answer.budget_spent) {
    Finding f = Finding::fail(Category::parameter_unsupported,
                              "the model used the whole token limit before any text (a reasoning model): " +
                                  std::string(replayed ? "your request" : "a request of 256 tokens") +
                                  " gets an empty answer");
    f.fixes = {"Give reasoning models room: a larger max_output_tokens (thousands, not tens), or a lower "
               "reasoning effort"};
    return f;
  }
  if (!answer.problem.empty()) return upstream(answer.problem);
  // A reasoning model that spent the whole budget thinking (the doctor's own probe has
  // already asked again with room to answer): the app gets empty text.
  if (const double spent = reasoning_spent_all(res); spent > 0) {
    Finding f = Finding::fail(Category::parameter_unsupported,
                              fmt::format("{} gets an empty answer: the model spent the whole budget "
                                          "on reasoning ({} reasoning tokens, finish_reason "
                                          "\"length\") and returned no text",
                                          replayed ? "your request" : "a completion of max_tokens 256",
                                          spent));
    f.fixes = {"Give reasoning models room: a larger max_completion_tokens (thousands, not tens), "
               "or a lower reasoning effort"};
    return f;
  }
  return Finding::pass("");
}

// Passed only after the doctor changed its own request: apps that send what it first sent
// fail, so say so where everyone reads it, naming what the app must send.
Finding adapted_pass(const Context& ctx, const ProbeResult& p) {
  const bool renamed = p.token_param != ctx.api->token_param;
  const std::string limit = fmt::format("{} {}", p.token_param, p.max_tokens);
  Finding f = Finding::warn(
      Category::parameter_unsupported,
      renamed ? fmt::format("a completion succeeded only with max_completion_tokens in place of "
                            "max_tokens: {}; apps that send max_tokens to {} fail",
                            p.adaptation, ctx.opts.model.value)
              : fmt::format("a completion succeeded only with {}: {}; apps that send a smaller "
                            "max_tokens fail", limit, p.adaptation));
  if (renamed)
    f.fixes = {fmt::format("Send max_completion_tokens instead of max_tokens to {} (the OpenAI "
                           "SDKs: max_completion_tokens=N; LangChain: max_completion_tokens){}",
                           ctx.opts.model.value,
                           p.floor > 1 ? fmt::format(", of at least {}", p.floor)
                           : p.max_tokens > 1 ? ", with room to reason (hundreds of tokens, not a few)"
                                              : "")};
  else
    f.fixes = {fmt::format("Send max_tokens of at least {} (or leave it out)", p.max_tokens)};
  return f;
}

void add_usage_and_cost(const Context& ctx, const HttpResponse& res, Finding& f) {
  auto body = parse_untrusted_json(res.body);
  if (body.is_discarded() || !body.is_object() || !body["usage"].is_object()) return;
  const auto& usage = body["usage"];
  f.evidence["usage"] = usage;
  const CatalogEntry* entry = ctx.catalog ? ctx.catalog->find(ctx.opts.model.value) : nullptr;
  if (!entry || entry->input_price_per_1k.empty()) return;
  try {
    double cost = usage.value("prompt_tokens", 0) * std::stod(entry->input_price_per_1k) / 1000 +
                  usage.value("completion_tokens", 0) * std::stod(entry->output_price_per_1k) / 1000;
    f.evidence["cost_estimate"] = fmt::format("{:.8f}", cost);
  } catch (const std::exception&) {
    // prices that are not numbers: no estimate
  }
}

}  // namespace

std::vector<HttpRequest> plan_probe(const Context& ctx) {
  if (auto r = planned_probe(ctx)) return {*r};
  return {};
}

Finding check_probe(Context& ctx) {
  const ProbeResult& p = ensure_probe(ctx);
  if (!p.lint_problem.empty()) {
    Finding f = Finding::fail(Category::invalid_request_body,
                              fmt::format("the request body in {}: {} (not sent)",
                                          ctx.opts.request_body_path, p.lint_problem));
    f.evidence["request_body"] = ctx.opts.request_body_path;
    return f.with_generic_fixes(ctx.profile);
  }
  if (!p.sent) return Finding::skip(p.not_sent);
  const HttpResponse& res = p.call.response;
  const Classification& c = p.call.classification;

  Finding f;
  if (p.call.streamed) {
    f = judge_stream(p.call, ctx.opts, ctx.profile, text::contains_icase(p.body, "include_usage"));
  } else if (auto overflow = header_overflow(res)) {
    f = std::move(*overflow);
  } else if (res.error == TransportError::timeout && res.time_limit.empty()) {
    f = Finding::fail(Category::upstream_failure,
                      fmt::format("the completion did not answer within {} s",
                                  std::chrono::duration<double>(ctx.opts.timeout).count()));
    f.fixes = {fmt::format("If the platform is only slow, raise the limit (--timeout {})",
                           longer_timeout(ctx.opts))};
    f.commands = {suggest_check(ctx.opts, {{"--timeout", longer_timeout(ctx.opts)}})};
    f.evidence = http_evidence(res, &c);
  } else if (!res.ok_transport()) {
    f = transport_finding(res, Status::warn);
    f.summary = "could not complete the probe: " + f.summary;
  } else if (res.status >= 200 && res.status < 300) {
    f = judge_success(*ctx.api, res, c, p.replayed);
    if (f.status == Status::pass)
      f.summary = fmt::format("{} succeeded (HTTP {}, {:.0f} ms{})",
                              p.replayed ? "your request body" : fmt::format("a minimal {} request", ctx.api->id),
                              res.status, res.timings.total,
                              c.request_id.empty() ? "" : ", request id " + c.request_id);
    if (f.status == Status::pass && !p.adaptation.empty()) f = adapted_pass(ctx, p);
    f.evidence = http_evidence(res, &c);
    add_usage_and_cost(ctx, res, f);
  } else if (res.status >= 300 && res.status < 400) {
    // A redirect says where the API is, not what is wrong with the body.
    f = Finding::fail(Category::not_found,
                      fmt::format("the completion was redirected (HTTP {}{}): {}", res.status,
                                  res.redirect_url.empty() ? "" : " to " + res.redirect_url,
                                  clients_on_redirect(res.status, res.url, res.redirect_url, ctx.profile.auth.header)));
    f.fixes = {fmt::format("Use the address it points to as the base URL (its route is {})", ctx.api->route)};
    f.evidence = http_evidence(res, &c);
  } else if (c.category == Category::invalid_request_body && c.rule.starts_with("status") && !p.replayed) {
    // The doctor's own request: never the user's problem.
    f = Finding::warn(std::nullopt, "the platform refused the doctor's minimal request (" +
                                        describe_answer(res, c) + "); this says nothing about "
                                        "your own requests");
    f.evidence = http_evidence(res, &c);
  } else {
    Category cat = c.category.value_or(res.status >= 500 ? Category::upstream_failure
                                                         : Category::invalid_request_body);
    f = Finding::fail(cat, std::string(res.status >= 500 ? "the completion failed: "
                                                          : "the completion was refused: ") +
                               describe_answer(res, c));
    const CatalogEntry* listed = ctx.catalog ? ctx.catalog->find(ctx.opts.model.value) : nullptr;
    if (cat == Category::model_disabled && listed && !listed->status.empty() && c.note.empty())
      f.summary += " (the catalog lists it as \"" + listed->status + "\": it is disabled only at call time)";
    f.evidence = http_evidence(res, &c);
  }
  finish_fixes(f, c, ctx.opts, ctx.profile);
  if (p.replayed) f.evidence["request_body"] = ctx.opts.request_body_path;
  if (!p.adaptation.empty()) f.evidence["adaptation"] = p.adaptation;
  return f;
}

}  // namespace anlink
