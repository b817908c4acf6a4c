#include "trace/call_judge.hpp"

#include <fmt/format.h>

#include "checks/call.hpp"
#include "core/credential.hpp"
#include "core/suggest.hpp"
#include "checks/http_evidence.hpp"
#include "checks/redirect_note.hpp"
#include "classify/classifier.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

bool is_chat(const Call& call) { return call.path.ends_with("/chat/completions"); }

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
    summary = "the program sent no key: its request had no " + profile.auth.header +
              " header, nor any other header named for a key or token (" + answer + ")";
    fixes = {"Give the program its key where it reads it (the OpenAI SDKs read OPENAI_API_KEY), sent as \"" +
             profile.auth.header + ": " + (profile.auth.scheme.empty() ? "" : profile.auth.scheme + " ") + "<key>\""};
    return;
  }
  if (!is_chat(call) || call.method != "POST" || (status != 400 && status != 415 && status != 422)) return;
  if (call.request_truncated) {
    summary = "the gateway refused the program's request: " + answer + "; its body is over " +
              std::to_string(kRequestKept >> 20) + " MiB, more than the forwarder reads to check it";
    return;
  }
  if (auto problem = lint_chat_body(call.request_body)) {
    cat = Category::invalid_request_body;
    summary = "the program's request body is malformed: " + *problem + " (" + answer + ")";
    return;
  }
}

Finding stream_verdict(const Call& call) {
  const StreamSummary& s = call.summary;
  const HttpResponse& res = call.response;
  if (call.client_closed) {
    Finding f = Finding::fail(
        Category::client_stream_closed,
        s.done ? fmt::format("the program closed the connection before reading the stream to its end: all {} "
                             "chunks and [DONE] had been relayed to it ({:.0f} ms in), part of them unread",
                             s.chunks, call.duration_ms)
               : fmt::format("the program closed the stream before [DONE], {} chunks and {:.0f} ms in: the "
                             "rest of the answer was generated, and billed, but never read",
                             s.chunks, call.duration_ms));
    f.fixes = {"Read the stream to its end: a loop that breaks early, a short read timeout or "
               "an exception in the chunk handler closes it",
               "If the program meant to stop, ask for fewer tokens (max_tokens) instead of "
               "closing the stream"};
    return f;
  }
  if (s.error)
    return Finding::fail(Category::upstream_stream_interrupted,
                         "the stream carried an error event after " + std::to_string(s.chunks) + " chunks");
  if (res.error == TransportError::stream_reset)
    return Finding::fail(Category::upstream_stream_interrupted,
                         fmt::format("the HTTP/2 stream was reset after {} chunks ({})", s.chunks,
                                     text::shorten(res.error_message, 120)));
  if (!res.ok_transport())
    return Finding::fail(Category::upstream_stream_interrupted,
                         fmt::format("the stream broke off after {} chunks ({})", s.chunks,
                                     text::shorten(res.error_message, 120)));
  if (!s.done && !res.truncated)
    return Finding::fail(Category::upstream_stream_interrupted,
                         fmt::format("the stream ended after {} chunks without [DONE]", s.chunks));
  return Finding::pass(s.done ? fmt::format("stream: [DONE], {} chunks", s.chunks)
                              : "stream: longer than the forwarder keeps, relayed to its end");
}

}  // namespace

Finding judge_call(const Call& call, const CheckOptions& opts) {
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
  if (res.status >= 200 && res.status < 300) {
    f = call.stream ? stream_verdict(call) : Finding::pass("");
    if (f.status == Status::pass) return f;
    if (f.category == Category::client_stream_closed) {  // the program's doing: its own fixes
      f.evidence = http_evidence(res, &c);
      add_request_id_fix(f, c.request_id, opts.profile.console_url);
      return f;
    }
  } else if (res.status >= 300 && res.status < 400) {  // relayed as it came: the program decides
    f = Finding::fail(Category::not_found,
                      fmt::format("the gateway redirected the program's call (HTTP {}{}): {}", res.status,
                                  res.redirect_url.empty() ? "" : " to " + res.redirect_url,
                                  clients_on_redirect(res.status, res.url, res.redirect_url, opts.profile.auth.header)));
    f.fixes = {"Give the program the address it points to as its base URL: a call should not depend on a "
               "redirect (nor carry its key to another host)"};
    f.evidence = http_evidence(res, &c);
    return f;
  } else {
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

std::string call_line(const Call& call, const Finding& verdict) {
  std::string line = fmt::format("{:<6} {}", call.method, call.path);
  if (!call.model.empty()) line += "  " + call.model;
  line += call.response.status ? fmt::format("  {}", call.response.status) : "  no answer";
  line += fmt::format("  {:.0f} ms", call.duration_ms);
  if (call.stream && call.response.status >= 200 && call.response.status < 300)
    line += !call.client_closed ? fmt::format("  stream: {}{} chunks", call.summary.done ? "[DONE], " : "",
                                              call.summary.chunks)
            : call.summary.done ? fmt::format("  stream: {} chunks relayed, closed by the program before [DONE]",
                                              call.summary.chunks)
                                : fmt::format("  stream: closed by the program after {} chunks", call.summary.chunks);
  if (verdict.status != Status::pass && verdict.category) line += "  " + std::string(id_of(*verdict.category));
  return line;
}

}  // namespace anlink
