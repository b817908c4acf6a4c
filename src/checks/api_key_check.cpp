// api_key: is the key accepted? A pass needs evidence that the gateway authenticated it:
// the same request is refused without the key (401/403) but not with it, or a call that
// needs the key succeeded. The request is a chat request with no messages, which gateways
// refuse after authenticating; under --no-probe (nothing billable) the catalog is asked
// instead, with and without the key.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/endpoint.hpp"
#include "checks/http_evidence.hpp"
#include "checks/route_missing.hpp"
#include "core/route.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// The API's empty request with the key as `style` carries it, or (nullopt) without a key.
HttpRequest key_request(const Context& ctx, std::optional<KeyStyle> style) {
  CallTarget target = ctx.call_target();
  if (style) target.style = *style;
  HttpRequest req = call_request(target, ctx.api->unbillable_body(ctx.opts.model.value), false);
  if (!style) std::erase_if(req.headers, [&](const std::string& h) { return is_key_header(ctx.profile, h); });
  return req;
}

// How a style is named to the user: the header, and the variable Claude Code reads for it.
std::string style_name(KeyStyle s) {
  switch (s) {
    case KeyStyle::x_api_key: return "x-api-key (ANTHROPIC_API_KEY)";
    case KeyStyle::bearer: return "Authorization: Bearer (ANTHROPIC_AUTH_TOKEN)";
    case KeyStyle::both: return "both x-api-key (ANTHROPIC_API_KEY) and Authorization: Bearer (ANTHROPIC_AUTH_TOKEN)";
    case KeyStyle::profile: break;
  }
  return "the profile's key header";
}

// The ways to try: the API's, and first the client's own when it sends both at once.
std::vector<KeyStyle> styles_to_try(const Context& ctx) {
  std::vector<KeyStyle> out = ctx.api->key_styles;
  const auto& client = ctx.opts.client_key_styles;
  if (out.size() > 1 && std::find(client.begin(), client.end(), KeyStyle::both) != client.end())
    out.insert(out.begin(), KeyStyle::both);
  return out;
}

std::string_view style_id(KeyStyle s) {
  return s == KeyStyle::x_api_key ? "x-api-key" : s == KeyStyle::both ? "both" : "bearer";
}

// Under --no-probe: the catalog, which is never billed. Empty when the profile has none.
std::vector<HttpRequest> catalog_requests(const Context& ctx) {
  if (!ctx.profile.catalog) return {};
  HttpRequest with = endpoint_request(ctx, ctx.profile.catalog->path);
  HttpRequest without = with;
  std::erase_if(without.headers, [&](const std::string& h) { return is_key_header(ctx.profile, h); });
  return {with, without};
}

bool refuses_the_caller(const HttpResponse& res, const Classification& c) {
  return res.ok_transport() &&
         (c.category == Category::unauthorized || c.category == Category::forbidden ||
          res.status == 401 || res.status == 403);
}

bool is_completion(const ApiDef& api, const HttpResponse& res) {
  return res.status >= 200 && res.status < 300 && read_answer(api, res.body).is_answer;
}

// What the answer to the request with the key says before any comparison: a refusal of
// the key, or something in front of it that every call meets. nullopt: no verdict yet.
std::optional<Finding> verdict_of_answer(const Context& ctx, const HttpResponse& res,
                                         const Classification& c) {
  const std::string answer = describe_answer(res, c);
  switch (c.category.value_or(Category::invalid_request_body)) {
    case Category::unauthorized: {
      if (!c.note.empty())  // the key is fine, something sent with it is not (an organization)
        return Finding::fail(Category::unauthorized, "the key was refused with what was sent along: " + answer);
      Finding f = Finding::fail(Category::unauthorized, "the key was rejected: " + answer);
      if (!ctx.profile.console_url.empty())
        f.fixes.push_back(fmt::format("Check the key in the console ({}): it may be revoked, "
                                      "or copied incompletely",
                                      ctx.profile.console_url));
      return f;
    }
    case Category::forbidden:
      return Finding::fail(Category::forbidden, "the key is known but not allowed: " + answer);
    case Category::access_blocked:
      return Finding::fail(Category::access_blocked,
                           "the request was refused before the key mattered: " + answer);
    case Category::config:
      return Finding::fail(Category::config, "the gateway refused every request: " + answer);
    case Category::balance_rejected:
      return Finding::warn(Category::balance_rejected,
                           "the key is accepted, but the account is refused for balance or "
                           "rate limits: " + answer);
    case Category::upstream_failure:
      return Finding::warn(Category::upstream_failure,
                           "could not tell whether the key is accepted: " + answer);
    default:
      if (c.error.kind == BodyKind::html)
        return Finding::warn(std::nullopt, fmt::format("could not tell whether the key is "
                                                       "accepted: HTTP {} answered with a web page",
                                                       res.status));
      return std::nullopt;
  }
}

Finding judge_by_catalog(Context& ctx) {
  auto requests = catalog_requests(ctx);
  if (requests.empty())
    return Finding::warn(std::nullopt, fmt::format("could not tell whether the key is accepted: "
                                                   "--no-probe sends nothing billable, and the {} "
                                                   "profile names no catalog route to ask instead",
                                                   ctx.profile.name));
  HttpResponse with = ctx.http.send(requests[0]);
  if (!with.ok_transport()) {
    Finding f = transport_finding(with, Status::warn);
    f.summary = "could not tell whether the key is accepted: " + f.summary;
    return f;
  }
  Classification c = classify(with, &ctx.profile);
  HttpResponse without = ctx.http.send(requests[1]);
  Classification n = classify(without, &ctx.profile);
  Finding f;
  if (auto v = verdict_of_answer(ctx, with, c)) {
    f = std::move(*v);
  } else if (with.status == 200 && refuses_the_caller(without, n)) {
    f = Finding::pass(fmt::format("the key is accepted: the catalog answers HTTP 200 with it and "
                                  "HTTP {} without it",
                                  without.status));
  } else {
    f = Finding::warn(std::nullopt,
                      fmt::format("could not tell whether the key is accepted: --no-probe sends "
                                  "nothing billable, and the catalog answers HTTP {} with the key "
                                  "and HTTP {} without it",
                                  with.status, without.status));
    f.fixes = {"Run without --no-probe: one minimal completion (max_tokens 1) shows whether "
               "calls with this key work"};
  }
  f.evidence = http_evidence(with, &c);
  f.evidence["request"] = "GET catalog with the key, and again without it";
  f.evidence["status_without_key"] = without.status;
  finish_fixes(f, c, ctx.opts, ctx.profile);
  return f;
}

}  // namespace

std::vector<HttpRequest> plan_api_key(const Context& ctx) {
  if (!ctx.opts.probe && ctx.api->key_styles.size() == 1) return catalog_requests(ctx);
  std::vector<HttpRequest> out;
  for (KeyStyle style : styles_to_try(ctx)) out.push_back(key_request(ctx, style));
  out.push_back(key_request(ctx, std::nullopt));
  return out;
}

namespace {

// What trying each way of sending the key found (APIs whose clients send it in more than
// one: Messages' x-api-key and Bearer). `answer` is the one to judge: the first way the
// gateway did not refuse, which later checks then use (ctx.key_style).
struct KeyWays {
  HttpResponse answer;
  std::string said;   // "takes the key as X only: Y is refused", "...both...", or empty
  std::string fix;    // for the clients that send it the way refused, when one way is
  bool client_refused = false;  // --client sends it only ways the gateway refuses, and another works
  nlohmann::ordered_json statuses;  // the status each way got
};

bool sends(const CheckOptions& o, KeyStyle s) {
  return o.client_key_styles.empty() ||
         std::find(o.client_key_styles.begin(), o.client_key_styles.end(), s) != o.client_key_styles.end();
}

KeyWays try_key_ways(Context& ctx) {
  KeyWays out;
  std::vector<KeyStyle> refused, taken;
  std::optional<HttpResponse> first, chosen;
  const std::vector<KeyStyle> styles = styles_to_try(ctx);
  const bool several = styles.size() > 1;
  for (KeyStyle style : styles) {
    HttpResponse res = ctx.http.send(key_request(ctx, style));
    const bool no = refuses_the_caller(res, classify(res, &ctx.profile));
    if (several) out.statuses[std::string(style_id(style))] = res.ok_transport() ? res.status : 0;
    (no ? refused : taken).push_back(style);
    // The way to judge and to go on with: one the client sends, if it names its ways.
    if (!no && (!chosen || (!sends(ctx.opts, ctx.key_style) && sends(ctx.opts, style)))) {
      chosen = res;
      ctx.key_style = style;
    }
    if (!first) first = std::move(res);
  }
  out.answer = chosen ? *chosen : *first;
  if (!several || taken.empty()) return out;
  const std::string title = ctx.opts.client ? std::string(ctx.opts.client->title) : "";
  if (ctx.opts.client && !ctx.opts.client_key_styles.empty() && !sends(ctx.opts, ctx.key_style)) {
    // The gateway takes the key, but not the way this client sends it.
    out.client_refused = true;
    out.said = fmt::format("takes the key as {} only, and {} sends it as {}", style_name(taken.front()), title,
                           style_name(ctx.opts.client_key_styles.front()));
    out.fix = taken.front() == KeyStyle::bearer
                  ? "Give " + title + " the key as ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer) and unset "
                    "ANTHROPIC_API_KEY, in the environment and in the env blocks of its settings files"
                  : "Give " + title + " the key as ANTHROPIC_API_KEY (sent as x-api-key) and unset "
                    "ANTHROPIC_AUTH_TOKEN, in the environment and in the env blocks of its settings files";
    return out;
  }
  if (ctx.opts.client && !ctx.opts.client_key_styles.empty()) {  // the client's way works: that is what counts
    out.said = fmt::format("takes it the way {} sends it, as {}", title, style_name(ctx.key_style));
    return out;
  }
  if (refused.empty()) {
    out.said = "takes the key both as x-api-key (ANTHROPIC_API_KEY) and as Bearer (ANTHROPIC_AUTH_TOKEN)";
    return out;
  }
  out.said = fmt::format("takes the key as {} only: {} is refused", style_name(taken.front()),
                         style_name(refused.front()));
  out.fix = taken.front() == KeyStyle::x_api_key
                ? "Clients that send the key as Authorization: Bearer are refused (Claude Code with "
                  "ANTHROPIC_AUTH_TOKEN; the Anthropic TypeScript SDK, which sends its apiKey that way): give "
                  "Claude Code ANTHROPIC_API_KEY instead, and send an SDK's key as an x-api-key header, or "
                  "have the gateway accept Bearer"
                : "Clients that send the key as x-api-key are refused (Claude Code with ANTHROPIC_API_KEY, "
                  "SDKs that send their apiKey that way): give Claude Code ANTHROPIC_AUTH_TOKEN instead (it "
                  "sends it as Bearer), or have the gateway accept x-api-key";
  return out;
}

}  // namespace

Finding check_api_key(Context& ctx) {
  if (!ctx.opts.probe && ctx.api->key_styles.size() == 1) {
    Finding f = judge_by_catalog(ctx);
    // Undecided for want of a probe: watch's free runs keep the last paid run's verdict.
    if (f.status == Status::warn && !f.category) f.evidence["undecided_without_probe"] = true;
    return f;
  }
  const KeyWays ways = try_key_ways(ctx);
  const HttpResponse& res = ways.answer;
  if (!res.ok_transport()) {
    // The route answered a moment ago: this is a blip, never a verdict on the key.
    Finding f = transport_finding(res, Status::warn);
    f.summary = "could not tell whether the key is accepted: " + f.summary;
    return f;
  }
  Classification c = classify(res, &ctx.profile);
  HttpResponse without = ctx.http.send(key_request(ctx, std::nullopt));
  // A route missing in so many words (not a model or deployment that a later check names).
  if (route_missing(res) && (c.rule.starts_with("status") || c.rule == "unknown route code")) {
    // A gateway that asks for the key before it routes: only with the key is the route missing.
    if (auto unsupported = unsupported_api(ctx, res, c, true)) return std::move(*unsupported);
    Finding f = Finding::fail(Category::not_found,
                              fmt::format("{} answers {} once the key is given: the gateway checks the key "
                                          "before the route, and has no such route",
                                          res.url, describe_answer(res, c)));
    f.evidence = http_evidence(res, &c);
    finish_fixes(f, c, ctx.opts, ctx.profile);
    return f;
  }
  Classification n = classify(without, &ctx.profile);
  Finding f;
  if (auto v = verdict_of_answer(ctx, res, c)) {
    f = std::move(*v);
  } else if (refuses_the_caller(without, n)) {
    f = Finding::pass(fmt::format("the key is accepted: a test request is refused without it (HTTP "
                                  "{}) and answered HTTP {} with it",
                                  without.status, res.status));
  } else if (is_completion(*ctx.api, res) && is_completion(*ctx.api, without)) {
    f = Finding::pass("the gateway asks for no key: it answered a test request without one too");
  } else {
    // The same answer with and without the key: it says nothing about the key. A call
    // that needs the key, the probe's completion, decides.
    const ProbeResult& p = ensure_probe(ctx);
    const HttpResponse& pr = p.call.response;
    const Classification& pc = p.call.classification;
    if (p.sent && pr.ok_transport() && pc.category == Category::unauthorized) {
      f = Finding::fail(Category::unauthorized,
                        "the key was rejected: the completion answered " + describe_answer(pr, pc));
      f.evidence = http_evidence(pr, &pc);  // the completion is the evidence, not the test request
      f.evidence["request"] = "the probe's completion, with the key";
      f.evidence["status_without_key"] = without.status;
      finish_fixes(f, pc, ctx.opts, ctx.profile);
      return f;
    } else if (p.sent && is_completion(*ctx.api, pr) && !pc.category) {
      f = Finding::pass(fmt::format("the key is accepted: a completion with it succeeded (HTTP {}); "
                                    "the test request got HTTP {} with or without the key",
                                    pr.status, res.status));
    } else {
      f = Finding::warn(std::nullopt,
                        fmt::format("could not tell whether the key is accepted: the gateway "
                                    "answers a test request the same way with and without it "
                                    "(HTTP {}){}",
                                    res.status,
                                    p.sent ? ", and the completion did not succeed (see probe)"
                                           : ", and no completion was sent (" + p.not_sent + ")"));
    }
  }
  if (f.status == Status::pass && ways.client_refused) {
    // The key is good, and the client will still be refused: it sends it the other way.
    f = Finding::fail(Category::unauthorized, "the key works, but the gateway " + ways.said + ", which is refused");
    f.fixes = {ways.fix};
  } else if (f.status == Status::pass && !ways.fix.empty()) {
    // Taken one way only: the clients that send it the other way fail, whatever this key is.
    f = Finding::warn(Category::unauthorized, "the key works, but the gateway " + ways.said);
    f.fixes = {ways.fix};
  } else if (!ways.said.empty()) {
    f.summary += "; it " + ways.said;
  } else if (!ways.statuses.empty() && f.status == Status::fail && f.category == Category::unauthorized) {
    f.summary += " (refused both as x-api-key and as Authorization: Bearer)";
  }
  if (is_completion(*ctx.api, res) && f.status == Status::pass)
    f.summary += "; note: the gateway answered a request with no messages with a completion, "
                 "so that request may be billed";
  f.evidence = http_evidence(res, &c);
  f.evidence["request"] = fmt::format("POST {} route, an empty conversation, with the key, and again without it",
                                      ctx.api->id);
  if (!ways.statuses.empty()) {
    f.evidence["status_by_key_header"] = ways.statuses;
    f.evidence["key_header_used"] = ctx.key_style == KeyStyle::bearer ? "authorization"
                                    : ctx.key_style == KeyStyle::both ? "both" : "x-api-key";
  }
  f.evidence["status_without_key"] = without.status;
  finish_fixes(f, c, ctx.opts, ctx.profile);
  if (!ways.statuses.empty())  // the generic "send it as Bearer" is one of the two ways tried
    std::erase_if(f.fixes, [](const std::string& fix) { return fix.starts_with("Send the header"); });
  if (!ways.fix.empty() && (f.status == Status::warn || ways.client_refused)) f.fixes = {ways.fix};  // the key itself is fine
  return f;
}

}  // namespace anlink
