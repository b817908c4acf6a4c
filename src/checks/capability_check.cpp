// The capability checks (--capabilities, capabilities/): each capability's requests, sent
// after the probe's prerequisites passed (planned, so they go out together with every
// other check's), a refusal read the same way for all, and the answers judged by the
// capability's row. The finding's evidence says what was sent and what decided.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

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

// A refusal's words, lower case, split at anything but letters, digits and '_' (a hyphen
// joins: "multi-modal"), with each pair of neighbours joined too ("tool choice" is also
// "tool_choice"). Bounded: the message, or the body's first 2000 bytes.
std::vector<std::string> refusal_tokens(const CallResult& r) {
  const PlatformError& e = r.classification.error;
  std::string words = e.message.empty() ? r.response.body.substr(0, 2000) : e.message.substr(0, 2000);
  words += " " + e.param.substr(0, 200) + " " + e.code.substr(0, 200) + " " + e.type.substr(0, 200);
  std::vector<std::string> tokens;
  std::string cur;
  for (char ch : text::lower(words)) {
    const bool part = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
    if (part) cur.push_back(ch == '-' ? '_' : ch);
    if (!part && !cur.empty()) tokens.push_back(std::exchange(cur, {}));
  }
  if (!cur.empty()) tokens.push_back(cur);
  const std::size_t n = tokens.size();
  for (std::size_t i = 0; i + 1 < n; ++i) tokens.push_back(tokens[i] + "_" + tokens[i + 1]);
  return tokens;
}

// A word names a token that starts with it, or a part of it after a '_' ("parallel" in
// "disable_parallel_tool_use", "tool" in "tools"; never "format" in "information").
bool names(const std::vector<std::string>& tokens, std::string_view word) {
  const std::string inner = "_" + std::string(word);
  return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return t.starts_with(word) || t.find(inner) != std::string::npos;
  });
}

struct Refused {
  Verdict verdict;
  std::string param;  // what the gateway refused, in the API's words
  std::string why;
};

// A non-2xx answer (or an error in a 200) to a capability's request. First the causes that
// are not about the request's content: the key, the balance, a rate limit, the upstream
// (inconclusive, whatever words they use); then a refusal of the probe's token limit
// (inconclusive: the doctor's, not the capability's); then words naming the capability
// (refused), words naming only what it needs (inconclusive: tools, for tool_choice); then any
// other 4xx or a gateway that cannot convert the request (refused: only this request was).
Refused read_refusal(const CapabilityDef& cap, const ApiDef& api, const CallResult& r) {
  const auto tokens = refusal_tokens(r);
  const std::string said = describe_answer(r.response, r.classification);
  const auto category = r.classification.category;
  const long st = r.response.status;
  // A gateway that cannot pass the feature on says so in any status (New API: 500 "not
  // implemented", convert_request_failed; "does not support tools").
  const bool cannot_convert = names(tokens, "convert_request_failed") || names(tokens, "not_implemented") ||
                              names(tokens, "not_support") || names(tokens, "unsupported");
  const bool other_cause =
      st == 401 || st == 402 || st == 403 || st == 404 || st == 408 || st == 429 || (st >= 500 && !cannot_convert) ||
      (category && (*category == Category::balance_rejected || *category == Category::unauthorized ||
                    *category == Category::forbidden || *category == Category::model_disabled ||
                    *category == Category::not_found || *category == Category::network));
  if (other_cause)
    return {Verdict::inconclusive, "", fmt::format("the gateway answered {}, which is not about {}", said, cap.title)};
  for (auto limit : {"max_tokens", "max_completion_tokens", "max_output_tokens"})
    if (names(tokens, limit))
      return {Verdict::inconclusive, "",
              fmt::format("the gateway refused the probe's token limit, not {}: {}", cap.title, said)};
  for (const auto& [word, part] : cap.words)
    if (names(tokens, word)) return {Verdict::refused, std::string(param_of(api, part)), ""};
  for (const auto& [word, part] : cap.needs_words)
    if (names(tokens, word)) {
      const std::string needed(param_of(api, part));
      return {Verdict::inconclusive, needed,
              fmt::format("the gateway refuses {}, which this probe needs, so whether it takes {} is not known "
                          "(--capabilities tools checks {} alone): {}",
                          needed, cap.title, needed, said)};
    }
  if (cannot_convert || (st >= 400 && st < 500) || (st >= 200 && st < 300))
    return {Verdict::refused, std::string(param_of(api, cap.part)), ""};
  return {Verdict::inconclusive, "", fmt::format("the gateway answered {}, which is not about {}", said, cap.title)};
}

// A gateway may echo the request: the image's base64 (a data: URL) is left out of what is shown.
std::string without_image_data(std::string s) {
  static constexpr std::string_view kMark = "base64,";
  for (std::size_t at = s.find(kMark); at != std::string::npos; at = s.find(kMark, at + 1)) {
    std::size_t end = at + kMark.size();
    while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '+' || s[end] == '/' ||
                              s[end] == '=' || s[end] == '\\'))
      ++end;
    if (end - at - kMark.size() >= 32) s.replace(at + kMark.size(), end - at - kMark.size(), "<image data>");
  }
  return s;
}

// A refusal's finding: refused fails naming the parameter; else inconclusive, a warning with
// PARAMETER_UNSUPPORTED when what the probe needs was refused, or the answer's own category.
Finding refusal_finding(const CapabilityDef& cap, const Context& ctx, const CallResult& r) {
  const Refused why = read_refusal(cap, *ctx.api, r);
  const std::string words = describe_answer(r.response, r.classification);
  Finding f;
  if (why.verdict == Verdict::refused) {
    f = Finding::fail(Category::parameter_unsupported,
                      fmt::format("{} refused: the gateway refuses {} ({}) for {}: {}", cap.title, why.param,
                                  ctx.api->title, ctx.opts.model.value, words));
    f.fixes = {fill(cap.fix_refused, ctx, why.param)};
  } else {
    f = Finding::warn(why.param.empty() ? r.classification.category : Category::parameter_unsupported,
                      "inconclusive: " + why.why);
  }
  if (!why.param.empty()) f.evidence["refused"] = why.param;
  f.evidence["verdict"] = std::string(to_string(why.verdict));
  f.evidence["decided"] = text::shorten(text::one_line(words), 300);
  return f;
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

// As the probe learned to ask: max_completion_tokens for a reasoning model, with the room the
// probe gave it and a floor the platform named (a replayed --request-body teaches nothing).
// The plan runs after the probe (CheckDef::plan_after_prerequisites), so it builds the same.
ProbeArgs learned_args(const Context& ctx) {
  if (!ctx.probe || ctx.probe->replayed || !ctx.probe->sent) return args_for(ctx, std::string(ctx.api->token_param), 0);
  return args_for(ctx, ctx.probe->token_param, ctx.probe->max_tokens);
}

std::vector<HttpRequest> plan_capability(const Context& ctx, const CapabilityDef& cap) {
  if (!ctx.opts.probe || !planned_probe(ctx) || !cap.bodies) return {};
  std::vector<HttpRequest> out;
  for (const auto& body : cap.bodies(learned_args(ctx)))
    out.push_back(call_request(ctx.call_target(), body, false));
  return out;
}

Finding check_capability(Context& ctx, const CapabilityDef& cap) {
  if (!ctx.opts.probe) return Finding::skip("--no-probe: capability requests are billable");
  const ProbeResult& probe = ensure_probe(ctx);
  if (!probe.sent) return Finding::skip(probe.not_sent.empty() ? "the probe was not sent" : probe.not_sent);
  ProbeArgs args = learned_args(ctx);
  std::vector<std::string> bodies = cap.bodies(args);
  CallResult last;  // the last answer: the evidence's own
  std::size_t requests = 0, bytes = 0;  // what was sent
  std::vector<Answer> answers;
  Finding f;
  bool decided = false;
  for (std::size_t i = 0; i < bodies.size() && !decided; ++i) {
    CallResult r = send_call(ctx.call_target(), bodies[i], false);
    ++requests;
    bytes += bodies[i].size();
    if (refuses_max_tokens(r) && args.token_param == "max_tokens") {  // as the probe and stream do
      args.token_param = "max_completion_tokens";
      bodies = cap.bodies(args);
      r = send_call(ctx.call_target(), bodies[i], false);
      ++requests;
      bytes += bodies[i].size();
    }
    r.api = ctx.api;
    if (!r.classification.request_id.empty()) ctx.own_request_ids.push_back(r.classification.request_id);
    last = r;
    const HttpResponse& res = last.response;
    if (res.status == 0) {
      f = transport_finding(res, Status::warn);
      f.summary = fmt::format("inconclusive: the {} request got no answer: {}", cap.title, f.summary);
      f.evidence["verdict"] = "inconclusive";
      f.evidence["decided"] = "no answer";
      decided = true;
      continue;
    }
    const bool ok_status = res.status >= 200 && res.status < 300;
    Answer a = ok_status ? read_answer(*ctx.api, res.body) : Answer{};
    a.finish = text::shorten(text::one_line(a.finish), 40);  // a server's word, in summaries
    // An error in a 200, as some gateways send their refusals (and Responses' status "failed"
    // with its error), is read as one.
    if (!ok_status || (!r.classification.error.message.empty() && (!a.is_answer || !a.problem.empty()))) {
      f = refusal_finding(cap, ctx, last);
      decided = true;
    } else if (!a.is_answer) {
      f = Finding::warn(std::nullopt, fmt::format("inconclusive: HTTP {}, an answer {}", res.status, a.problem));
      f.evidence["verdict"] = "inconclusive";
      f.evidence["decided"] = text::shorten(text::one_line(res.body), 200);
      decided = true;
    } else {
      answers.push_back(std::move(a));
    }
  }
  if (!decided) {
    const Judged j = cap.judge(args, answers);
    f = finding_for(j, cap, ctx);
    f.evidence["verdict"] = std::string(to_string(j.verdict));
    f.evidence["decided"] = j.decided;
  }
  auto evidence = http_evidence(last.response, &last.classification);
  for (auto& [k, v] : f.evidence.items()) evidence[k] = v;
  f.evidence = std::move(evidence);
  f.summary = without_image_data(std::move(f.summary));
  for (const char* k : {"error_message", "decided"})
    if (f.evidence.contains(k) && f.evidence[k].is_string())
      f.evidence[k] = without_image_data(f.evidence[k].get<std::string>());
  f.evidence["capability"] = std::string(cap.id);
  f.evidence["sent"] = cap.sent(args, nlohmann::json::parse(bodies.front()));
  f.evidence["requests"] = requests;  // a request asked again with max_completion_tokens counts twice
  f.evidence["request_bytes"] = bytes;  // of the requests sent
  nlohmann::ordered_json usage = nlohmann::ordered_json::array();
  for (const auto& a : answers)
    if (!a.usage.is_null()) usage.push_back(nlohmann::ordered_json::parse(a.usage.dump()));
  if (!usage.empty()) f.evidence["usage"] = usage.size() == 1 ? usage.front() : usage;
  return f;
}

}  // namespace anlink
