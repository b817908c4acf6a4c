// The capability checks (--capabilities, capabilities/): each capability's requests, sent
// after the probe's prerequisites passed (planned, so they go out together with every
// other check's), a refusal read the same way for all, and the answers judged by the
// capability's row. The finding's evidence says what was sent and what decided.
#include <fmt/format.h>

#include <algorithm>

#include "capabilities/capability.hpp"
#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

const ProbeNonce& nonce_of(const CheckOptions& opts) {
  static const ProbeNonce process_nonce = fresh_nonce();  // options not made by resolve_inputs (tests)
  return opts.nonce.word.empty() ? process_nonce : opts.nonce;
}

ProbeArgs args_for(const Context& ctx, const std::string& token_param, int max_tokens) {
  return {*ctx.api, ctx.opts.model.value, token_param, max_tokens, nonce_of(ctx.opts)};
}

std::string gateway_name(const Profile& p) { return p.name.empty() || p.name == "generic" ? "the gateway" : p.name; }

std::string fill(std::string_view fix, const Context& ctx, std::string_view param) {
  std::string s = text::replace_all(fix, "{gateway}", gateway_name(ctx.profile));
  s = text::replace_all(s, "{model}", ctx.opts.model.value);
  s = text::replace_all(s, "{param}", param);
  s = text::replace_all(s, "{api}", ctx.api->title);
  s = text::replace_all(s, "{{", "{");
  return text::replace_all(s, "}}", "}");
}

// A refusal's words as one searchable string: lower case, spaces and hyphens as '_'.
std::string refusal_words(const CallResult& r) {
  const PlatformError& e = r.classification.error;
  std::string words = e.message.empty() ? r.response.body.substr(0, 2000) : e.message;
  words += " " + e.param + " " + e.code + " " + e.type;
  words = text::lower(words);
  std::replace(words.begin(), words.end(), ' ', '_');
  std::replace(words.begin(), words.end(), '-', '_');
  return words;
}

struct Refused {
  Verdict verdict;
  std::string param;  // what the gateway refused, in the API's words
  std::string why;
};

// A non-2xx answer to a capability's request: refused (its words name the capability, or name
// nothing while only this request was refused), or inconclusive (another cause: the key,
// the balance, a rate limit, the upstream; or the gateway refused what it needs but does not probe).
Refused read_refusal(const CapabilityDef& cap, const ApiDef& api, const CallResult& r) {
  const std::string words = refusal_words(r);
  for (const auto& [word, part] : cap.words)
    if (words.find(word) != std::string::npos) return {Verdict::refused, std::string(param_of(api, part)), ""};
  for (const auto& [word, part] : cap.needs_words)
    if (words.find(word) != std::string::npos) {
      const std::string needed(param_of(api, part));
      return {Verdict::inconclusive, needed,
              fmt::format("the gateway refuses {}, which this probe needs, so whether it takes {} is not known (see "
                          "the tools check): {}",
                          needed, cap.title, describe_answer(r.response, r.classification))};
    }
  const auto category = r.classification.category;
  const long st = r.response.status;
  const bool cannot_convert = words.find("convert_request_failed") != std::string::npos ||
                              words.find("not_implemented") != std::string::npos ||
                              words.find("not_supported") != std::string::npos ||
                              words.find("unsupported") != std::string::npos;
  const bool other_cause = st == 401 || st == 402 || st == 403 || st == 404 || st == 408 || st == 429 ||
                           (category && (*category == Category::balance_rejected || *category == Category::unauthorized ||
                                         *category == Category::model_disabled || *category == Category::not_found));
  if (!other_cause && (cannot_convert || (st >= 400 && st < 500)))
    return {Verdict::refused, std::string(param_of(api, cap.part)), ""};
  return {Verdict::inconclusive, "",
          fmt::format("the gateway answered {}, which is not about {}", describe_answer(r.response, r.classification),
                      cap.title)};
}

Finding finding_for(const Judged& j, const CapabilityDef& cap, const Context& ctx) {
  switch (j.verdict) {
    case Verdict::works: return Finding::pass(j.summary);
    case Verdict::ignored:
    case Verdict::emulated: {
      Finding f = Finding::fail(Category::capability_ignored, j.summary);
      f.fixes = {fill(cap.fix_ignored, ctx, param_of(*ctx.api, cap.part))};
      return f;
    }
    case Verdict::partial: {
      Finding f = Finding::warn(Category::capability_ignored, j.summary);
      f.fixes = {fill(cap.fix_ignored, ctx, param_of(*ctx.api, cap.part))};
      return f;
    }
    default: return Finding::warn(std::nullopt, j.summary);
  }
}

}  // namespace

std::vector<HttpRequest> plan_capability(const Context& ctx, const CapabilityDef& cap) {
  if (!ctx.opts.probe || !planned_probe(ctx) || !cap.bodies) return {};
  std::vector<HttpRequest> out;
  for (const auto& body : cap.bodies(args_for(ctx, std::string(ctx.api->token_param), 0)))
    out.push_back(call_request(ctx.call_target(), body, false));
  return out;
}

Finding check_capability(Context& ctx, const CapabilityDef& cap) {
  if (!ctx.opts.probe) return Finding::skip("--no-probe: capability requests are billable");
  const ProbeResult& probe = ensure_probe(ctx);
  if (!probe.sent) return Finding::skip(probe.not_sent.empty() ? "the probe was not sent" : probe.not_sent);
  // As the probe learned to ask: max_completion_tokens for a reasoning model, and a floor the
  // platform named. Not the probe's room for a reasoning model: the requests planned ahead
  // would then be sent, and paid, twice.
  ProbeArgs args = args_for(ctx, probe.replayed ? std::string(ctx.api->token_param) : probe.token_param,
                            probe.replayed ? 0 : probe.floor);
  std::vector<std::string> bodies = cap.bodies(args);
  std::vector<CallResult> calls;
  std::vector<Answer> answers;
  Finding f;
  bool decided = false;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < bodies.size() && !decided; ++i) {
    CallResult r = send_call(ctx.call_target(), bodies[i], false);
    bytes += bodies[i].size();
    if (refuses_max_tokens(r) && args.token_param == "max_tokens") {  // as the probe and stream do
      args.token_param = "max_completion_tokens";
      bodies = cap.bodies(args);
      r = send_call(ctx.call_target(), bodies[i], false);
      bytes += bodies[i].size();
    }
    r.api = ctx.api;
    if (!r.classification.request_id.empty()) ctx.own_request_ids.push_back(r.classification.request_id);
    const HttpResponse& res = r.response;
    calls.push_back(r);
    if (res.status == 0) {
      f = transport_finding(res, Status::warn);
      f.summary = fmt::format("inconclusive: the {} request got no answer: {}", cap.title, f.summary);
      f.evidence["verdict"] = "inconclusive";
      f.evidence["decided"] = "no answer";
      decided = true;
    } else if (res.status < 200 || res.status >= 300 || (!r.classification.error.message.empty() && !read_answer(*ctx.api, res.body).is_answer)) {
      // (an error in a 200, as some gateways send their refusals, is read as one)
      const Refused why = read_refusal(cap, *ctx.api, r);
      const std::string words = describe_answer(res, r.classification);
      if (why.verdict == Verdict::refused) {
        f = Finding::fail(Category::parameter_unsupported,
                          fmt::format("{} refused: the gateway refuses {} ({}) for {}: {}", cap.title, why.param,
                                      ctx.api->title, ctx.opts.model.value, words));
        f.fixes = {fill(cap.fix_refused, ctx, why.param)};
        f.evidence["refused"] = why.param;
      } else {
        // Refused what it needs: PARAMETER_UNSUPPORTED; another cause keeps the answer's own category.
        f = Finding::warn(why.param.empty() ? r.classification.category : Category::parameter_unsupported,
                          "inconclusive: " + why.why);
        if (!why.param.empty()) f.evidence["refused"] = why.param;
      }
      f.evidence["verdict"] = std::string(to_string(why.verdict));
      f.evidence["decided"] = text::shorten(text::one_line(words), 300);
      decided = true;
    } else {
      Answer a = read_answer(*ctx.api, res.body);
      if (!a.is_answer) {
        f = Finding::warn(std::nullopt, fmt::format("inconclusive: HTTP {}, an answer {}", res.status, a.problem));
        f.evidence["verdict"] = "inconclusive";
        f.evidence["decided"] = text::shorten(text::one_line(res.body), 200);
        decided = true;
      }
      answers.push_back(std::move(a));
    }
  }
  if (!decided) {
    const Judged j = cap.judge(args, answers);
    f = finding_for(j, cap, ctx);
    f.evidence["verdict"] = std::string(to_string(j.verdict));
    f.evidence["decided"] = j.decided;
  }
  const CallResult& last = calls.back();
  auto evidence = http_evidence(last.response, &last.classification);
  for (auto& [k, v] : f.evidence.items()) evidence[k] = v;
  f.evidence = std::move(evidence);
  f.evidence["capability"] = std::string(cap.id);
  f.evidence["sent"] = cap.sent(args, nlohmann::json::parse(bodies.front()));
  f.evidence["requests"] = calls.size();
  f.evidence["request_bytes"] = bytes;  // of the requests sent
  nlohmann::ordered_json usage = nlohmann::ordered_json::array();
  for (const auto& a : answers)
    if (!a.usage.is_null()) usage.push_back(nlohmann::ordered_json::parse(a.usage.dump()));
  if (!usage.empty()) f.evidence["usage"] = usage.size() == 1 ? usage.front() : usage;
  return f;
}

}  // namespace anlink
