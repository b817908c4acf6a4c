#include "trace/call_judge.hpp"

#include <fmt/format.h>

#include "checks/call.hpp"
#include "core/credential.hpp"
#include "core/suggest.hpp"
#include "checks/http_evidence.hpp"
#include "checks/redirect_note.hpp"
#include "checks/route_missing.hpp"
#include "classify/classifier.hpp"
#include "clients/client.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

bool is_kind(const Call& call, CallKind kind) { return call.route && call.route->kind == kind; }

bool sent_header(const Call& call, std::string_view lower_name) {
  for (const auto& n : call.request_header_names)
    if (n == lower_name) return true;
  return false;
}

bool sent_credential(const Call& call) {
  for (const auto& n : call.request_header_names)
    if (is_credential_header(n)) return true;
  return false;
}

// What the program's request itself got wrong, when the gateway refused it: a header the
// gateway names, its key, its body. Sets the category and summary, and the fixes when they are the whole story
// (a header to send: no key to check, no call in the gateway's logs).
void judge_request(const Call& call, const Classification& c, const Profile& profile, const std::string& answer,
                   Category& cat, std::string& summary, std::vector<std::string>& fixes) {
  const long status = call.response.status;
  if (!c.missing_header.empty()) {  // the program's to send, not the doctor's (--header)
    std::vector<std::string> sent;
    for (const auto& name : text::split(c.missing_header, ' '))
      if (name != "or" && sent_header(call, name)) sent.push_back(name);
    cat = Category::config;
    if (sent.empty()) {
      summary = "the gateway asks for the header " + c.missing_header + ", which the program's request did not carry (" +
                answer + ")";
      fixes = {"Make the program send " + c.missing_header + " with every request (the OpenAI SDKs take headers "
               "for every call: default_headers= in Python, defaultHeaders in Node)"};
    } else {
      summary = "the gateway asks for the header " + c.missing_header + "; the program sent " + text::join(sent, " and ") +
                ", with a value the gateway did not take (" + answer + ")";
      fixes = {"Check the value the program sends in " + text::join(sent, " and ")};
    }
    return;
  }
  if ((status == 401 || (status == 403 && cat != Category::access_blocked)) && !sent_credential(call)) {
    cat = Category::unauthorized;
    const bool own = call.api->key_styles.front() == KeyStyle::profile;  // Messages: x-api-key or Bearer
    summary = "the program sent no key: its request had no " + (own ? profile.auth.header : "x-api-key or Authorization") +
              " header, nor any other header named for a key or token (" + answer + ")";
    fixes = {own ? "Give the program its key where it reads it (the OpenAI SDKs read OPENAI_API_KEY), sent as \"" +
                       profile.auth.header + ": " + (profile.auth.scheme.empty() ? "" : profile.auth.scheme + " ") + "<key>\""
                 : "Give the program its key where it reads it: Claude Code and the Anthropic SDKs read "
                   "ANTHROPIC_API_KEY (sent as x-api-key) or ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer)"};
    return;
  }
  if (!is_kind(call, CallKind::call) || call.method != "POST" || (status != 400 && status != 415 && status != 422)) return;
  if (call.request_truncated) {
    summary = "the gateway refused the program's request: " + answer + "; its body is over " +
              std::to_string(kRequestKept >> 20) + " MiB, more than the forwarder reads to check it";
    return;
  }
  if (auto problem = call.api->lint(call.request_body)) {
    cat = Category::invalid_request_body;
    summary = "the program's request body is malformed: " + *problem + " (" + answer + ")";
    return;
  }
}

// The program closed its stream before the end: its own doing, with its own fixes.
Finding closed_by_program(const Call& call) {
  const StreamSummary& s = call.summary;
  const std::string end(call.api->terminal);
  Finding f = Finding::fail(
      Category::client_stream_closed,
      s.done ? fmt::format("the program closed the connection before reading the stream to its end: all {} "
                           "chunks and {} had been relayed to it ({:.0f} ms in), part of them unread",
                           s.chunks, end, call.duration_ms)
             : fmt::format("the program closed the stream before {}, {} chunks and {:.0f} ms in: the "
                           "rest of the answer was generated, and billed, but never read",
                           end, s.chunks, call.duration_ms));
  f.fixes = {"Read the stream to its end: a loop that breaks early, a short read timeout or "
             "an exception in the chunk handler closes it",
             "If the program meant to stop, ask for fewer tokens (" + std::string(call.api->token_param) +
                 ") instead of closing the stream"};
  return f;
}

// A 2xx answer that is no stream, read the API's way: an answer with the API's shape, or a
// count that counts.
Finding answer_verdict(const Call& call) {
  const HttpResponse& res = call.response;
  if (res.truncated || call.method != "POST") return Finding::pass("");
  if (is_kind(call, CallKind::call)) {
    const Answer a = read_answer(*call.api, res.body);
    if (a.is_answer && a.problem.empty()) return Finding::pass("");
    return Finding::fail(Category::upstream_failure,
                         fmt::format("the gateway answered HTTP {} {}: the program gets no {} answer", res.status,
                                     a.problem.empty() ? "without the API's answer shape" : a.problem,
                                     call.api->title));
  }
  if (is_kind(call, CallKind::count_tokens)) {
    const auto body = parse_untrusted_json(res.body);
    const auto* n = body.is_object() ? json_at::at(body, "/input_tokens") : nullptr;
    if (n && n->is_number() && n->get<double>() <= 0) {
      Finding f = Finding::fail(Category::capability_ignored,
                                "count_tokens answered 0 input tokens for the program's prompt: the count is made "
                                "up, and Claude Code, which trusts it, never compacts its context");
      f.fixes = {"Make the gateway forward count_tokens to a real tokenizer, or have it answer 404 so that "
                 "clients estimate for themselves"};
      return f;
    }
  }
  return Finding::pass("");
}

}  // namespace

namespace {

Finding judge(const Call& call, const TraceJudge& judge) {
  const CheckOptions& opts = judge.opts;
  const HttpResponse& res = call.response;
  if (!call.refused.empty()) {
    Finding f = Finding::fail(Category::config, "the forwarder refused the call: " + call.refused);
    f.fixes = {call.refused_fix};
    return f;
  }
  if (!res.own_limit.empty())  // the forwarder's own limit, not the gateway's (trace then ends with exit 3)
    return Finding::fail(Category::network, "the forwarder failed the call itself: " + res.own_limit);
  if (res.status == 0) {
    Finding f = transport_finding(res, Status::fail);
    f.summary = "the call could not reach the base URL: " + f.summary;
    return f;
  }
  const Classification c = classify(res, &opts.profile);
  Finding f;
  if (res.status >= 200 && res.status < 300 && call.stream) {
    if (!call.client_closed) {  // judged as the stream check judges its own: the API's grammar
      CallResult r{res, c, call.summary, true, call.api};
      f = judge_stream(r, opts, opts.profile, false);
      if (f.status == Status::fail) return f;
      return Finding::pass(f.summary);
    }
    f = closed_by_program(call);
    f.evidence = http_evidence(res, &c);
    add_request_id_fix(f, c.request_id, opts.profile.console_url);
    return f;
  } else if (res.status >= 200 && res.status < 300) {
    f = answer_verdict(call);
    if (f.status == Status::pass) return f;
  } else if (res.status >= 300 && res.status < 400) {  // relayed as it came: the program decides
    f = Finding::fail(Category::not_found,
                      fmt::format("the gateway redirected the program's call (HTTP {}{}): {}", res.status,
                                  res.redirect_url.empty() ? "" : " to " + res.redirect_url,
                                  clients_on_redirect(res.status, res.url, res.redirect_url, opts.profile.auth.header)));
    f.fixes = {"Give the program the address it points to as its base URL: a call should not depend on a "
               "redirect (nor carry its key to another host)"};
    f.evidence = http_evidence(res, &c);
    return f;
  } else if (is_kind(call, CallKind::count_tokens) && route_missing(res)) {
    return Finding::pass(fmt::format("the gateway has no count_tokens route (HTTP {}): clients estimate token "
                                     "counts themselves, which is harmless",
                                     res.status));
  } else {
    if (is_kind(call, CallKind::call) && route_missing(res) && judge.apis_served)
      if (const auto serves = judge.apis_served(*call.api, call.model); !serves.empty()) {
        f = api_unsupported(*call.api, res, c, serves);
        add_request_id_fix(f, c.request_id, opts.profile.console_url);
        return f;
      }
    const std::string answer = describe_answer(res, c);
    Category cat = c.category.value_or(Category::upstream_failure);
    std::string summary = "the gateway refused the program's request: " + answer;
    std::vector<std::string> fixes;
    judge_request(call, c, opts.profile, answer, cat, summary, fixes);
    f = Finding::fail(cat, summary);
    if (!fixes.empty()) {
      f.fixes = fixes;
      f.evidence = http_evidence(res, &c);
      return f;
    }
  }
  f.evidence = http_evidence(res, &c);
  finish_fixes(f, c, opts, opts.profile);
  note_headers_left_out(f, opts);
  return f;
}

}  // namespace

Finding judge_call(const Call& call, const TraceJudge& j) {
  Finding f = judge(call, j);
  if (j.client && call.refused.empty()) in_client_terms(f, call.response, call.path, call.model, *j.client);
  return f;
}

std::string call_line(const Call& call, const Finding& verdict) {
  std::string line = fmt::format("{:<6} {}", call.method, call.path);
  if (call.api != &chat_api()) line += "  [" + std::string(call.api->id) + "]";
  if (!call.model.empty()) line += "  " + call.model;
  line += call.response.status ? fmt::format("  {}", call.response.status) : "  no answer";
  line += fmt::format("  {:.0f} ms", call.duration_ms);
  if (call.stream && call.response.status >= 200 && call.response.status < 300)
    line += !call.client_closed ? fmt::format("  stream: {}{} chunks", call.summary.done ? std::string(call.api->terminal) + ", " : "",
                                              call.summary.chunks)
            : call.summary.done ? fmt::format("  stream: {} chunks relayed, closed by the program before {}",
                                              call.summary.chunks, call.api->terminal)
                                : fmt::format("  stream: closed by the program after {} chunks", call.summary.chunks);
  if (verdict.status != Status::pass && verdict.category) line += "  " + std::string(id_of(*verdict.category));
  return line;
}

}  // namespace anlink
