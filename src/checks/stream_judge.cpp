// What a streamed chat answer says: complete, interrupted, closed by our own limit, or
// complete without usage.
#include <fmt/format.h>

#include "checks/call.hpp"
#include "checks/http_evidence.hpp"
#include "checks/stream_delivery.hpp"
#include "core/suggest.hpp"
#include "util/input_file.hpp"
#include "util/json_at.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// A stream's error event, in whatever shape a gateway sends it (the SSE fuzzer found a
// numeric "message", which threw here).
std::string error_text(const nlohmann::json& error) {
  if (!error.is_object()) return error.is_string() ? error.get<std::string>() : error.dump();
  std::string code = json_at::text(error, "/code");
  if (code.empty()) code = json_at::text(error, "/type");  // Anthropic's: overloaded_error, api_error
  std::string msg = json_at::text(error, "/message");
  if (msg.empty()) msg = error.dump();
  return code.empty() ? msg : code + ": " + msg;
}

}  // namespace

Finding judge_stream(const CallResult& chat, const CheckOptions& opts, const Profile& profile,
                     bool asked_usage) {
  const std::chrono::milliseconds limit = opts.timeout;
  const HttpResponse& res = chat.response;
  const StreamSummary& s = chat.stream;
  const Classification& c = chat.classification;
  const ApiDef& api = *chat.api;
  const std::string end = std::string(api.terminal);
  Finding f;
  if (res.error == TransportError::stream_reset && res.time_limit.empty()) {
    // Before or after its headers: a client's stream ends in an error either way.
    f = Finding::fail(Category::upstream_stream_interrupted,
                      fmt::format("the HTTP/2 stream was reset after {} chunks ({}): the server or "
                                  "a proxy in front of it ended the stream before its end",
                                  s.chunks, text::shorten(res.error_message, 120)));
    f.fixes = {"Look in the front proxy's log (nghttpx, a load balancer, a CDN) for why it reset "
               "the stream: its upstream broke off, or a stream or idle timeout passed"};
    f.evidence = http_evidence(res, &c);
    finish_fixes(f, c, opts, profile);
    return f;
  }
  if (res.status == 0) {
    f = transport_finding(res, Status::warn);
    f.summary = "could not start the stream: " + f.summary;
    return f;
  }
  auto evidence = http_evidence(res, &c);
  evidence["chunks"] = s.chunks;
  evidence["done"] = s.done;
  if (!s.terminal.empty()) evidence["ended_with"] = s.terminal;
  if (s.pings > 0) evidence["pings"] = s.pings;
  if (!s.malformed.empty()) evidence["grammar_break"] = s.malformed;
  if (!s.notes.empty()) evidence["stream_notes"] = s.notes;
  if (!s.finish_reason.empty()) evidence["finish_reason"] = s.finish_reason;
  if (s.usage) evidence["usage"] = *s.usage;
  if (s.first_chunk_ms >= 0) evidence["first_chunk_ms"] = static_cast<long>(s.first_chunk_ms);
  if (!s.not_json.empty()) evidence["chunk_not_json"] = s.not_json;
  evidence["total_ms"] = static_cast<long>(res.timings.total);
  add_delivery_evidence(s, res, evidence);

  if (res.status < 200 || res.status >= 300) {
    Category cat = c.category.value_or(Category::upstream_failure);
    f = Finding::fail(cat, "the streaming request was refused: " + describe_answer(res, c));
  } else if (auto overflow = header_overflow(res)) {
    f = std::move(*overflow);
  } else if (!res.time_limit.empty()) {
    f = transport_finding(res, Status::warn);  // the run's own limit: says nothing of the stream
  } else if (res.truncated && !s.error) {
    // The doctor's own cap on what it reads ended the stream, not the gateway.
    f = Finding::warn(std::nullopt, fmt::format("the stream was still going after {} (the doctor's "
                                                "own cap on an answer), {} chunks so far; it "
                                                "stopped reading there",
                                                describe_size(res.body.size()), s.chunks));
    f.fixes = {"A test stream of max_tokens 1 is far smaller: check that the gateway honours "
               "max_tokens, or judge this stream with a client of your own"};
  } else if (res.error == TransportError::timeout) {
    f = Finding::fail(Category::client_stream_closed,
                      fmt::format("the stream had not finished when the doctor's limit of {} s "
                                  "ran out ({} chunks so far): a client with this limit closes "
                                  "the stream early",
                                  std::chrono::duration<double>(limit).count(), s.chunks));
    const std::string longer = longer_timeout(opts);
    f.fixes = {fmt::format("Raise the doctor's limit (--timeout {}) to see whether the stream ends",
                           longer),
               "Raise your client's read timeout for streams"};
    f.commands = {suggest_check(opts, {{"--timeout", longer}})};
  } else if (s.error) {
    f = Finding::fail(Category::upstream_stream_interrupted,
                      (s.terminal == "response.failed" ? "the stream ended in response.failed: "
                                                       : "the stream carried an error event: ") +
                          error_text(*s.error));
    for (const char* field : {"/type", "/code"})  // the answer refused for the account, mid-stream
      if (category_for_code(json_at::text(*s.error, field)) == Category::balance_rejected)
        f.category = Category::balance_rejected;
    if (const std::string type = json_at::text(*s.error, "/type"); type == "overloaded_error" || type == "api_error")
      f.fixes = {"The upstream behind the gateway failed mid-answer (" + type + "): retry later, or pick "
                 "another model or channel"};
  } else if (s.malformed_fatal) {
    f = Finding::fail(Category::stream_malformed,
                      fmt::format("the {} stream breaks its grammar: {}; {} fail with a parser error "
                                  "or lose the answer",
                                  api.id, s.malformed, api.clients));
  } else if (res.error == TransportError::broken_transfer) {
    f = Finding::fail(Category::upstream_stream_interrupted,
                      fmt::format("the stream broke off after {} chunks (the transfer was cut "
                                  "before its end)",
                                  s.chunks));
  } else if (!res.ok_transport()) {
    f = transport_finding(res, Status::fail);
    f.category = Category::upstream_stream_interrupted;
  } else if (s.chunks == 0 && !s.done && c.error.kind == BodyKind::json && !c.error.message.empty()) {
    // A failure wrapped in a 200 (Portkey's {"status": "failure"}, {"html-message": ...}).
    f = Finding::fail(c.category.value_or(Category::upstream_failure),
                      "the streaming request was answered with an error under HTTP 200: " +
                          describe_answer(res, c));
  } else if (s.chunks == 0 && !s.done && res.content_type() == "application/json") {
    f = Finding::fail(Category::parameter_unsupported,
                      "the gateway ignored \"stream\": true and answered with one JSON body: "
                      "streaming clients (the OpenAI SDKs) read no event and end with empty "
                      "text, without an error");
    f.fixes = {"Make the gateway stream (check its stream setting for this route or model), "
               "or call this route without stream: true"};
  } else if (s.chunks == 0 && !s.done) {
    f = Finding::fail(Category::upstream_stream_interrupted,
                      fmt::format("the streaming request was answered without a single event "
                                  "({}): streaming clients end with empty text and no error",
                                  res.content_type().empty() ? "no content type" : res.content_type()));
  } else if (!s.done) {
    f = Finding::fail(Category::upstream_stream_interrupted,
                      fmt::format("the stream ended after {} chunks without {} (the "
                                  "connection was closed early){}",
                                  s.chunks, end,
                                  api.id == "chat" ? "" : fmt::format(": {} treat it as a broken answer", api.clients)));
  } else if (!s.malformed.empty()) {
    f = Finding::warn(Category::stream_malformed,
                      fmt::format("the {} stream breaks its grammar: {}; the official SDKs read past "
                                  "it, stricter parsers and translating proxies fail or lose part of the answer",
                                  api.id, s.malformed));
  } else if (s.incomplete_reason == "max_output_tokens" && s.content_chunks == 0) {
    f = Finding::warn(std::nullopt, "the stream ended in response.incomplete (max_output_tokens) before any text: "
                                    "the doctor's own token limit was spent first (a reasoning model thinks "
                                    "before it writes); apps need a larger max_output_tokens");
  } else if (!s.incomplete_reason.empty() && s.content_chunks == 0) {
    f = Finding::fail(Category::upstream_failure,
                      fmt::format("the stream ended in response.incomplete ({}) before any text: "
                                  "clients get an empty answer",
                                  s.incomplete_reason));
  } else if (!s.incomplete_reason.empty() && s.incomplete_reason != "max_output_tokens") {
    f = Finding::warn(std::nullopt, fmt::format("the stream ended in response.incomplete ({}) after some "
                                                "text: clients show a cut answer",
                                                s.incomplete_reason));
  } else if (!s.usage) {
    f = Finding::warn(Category::stream_usage_missing,
                      fmt::format("the stream ended with {} but carried no usage, so it may not be "
                                  "billed and clients cannot count its tokens",
                                  s.terminal.empty() ? end : s.terminal));
  } else if (auto held = buffered_finding(s, res)) {
    f = std::move(*held);
  } else {
    const std::string delivery = delivery_phrase(s);
    std::string how = api.id == "chat" ? "usage and [DONE]" : "usage and " + s.terminal;
    if (!s.incomplete_reason.empty()) how += " (" + s.incomplete_reason + ", after text: the doctor's own token limit)";
    if (s.pings > 0) how += fmt::format(", {} pings", s.pings);
    f = Finding::pass(fmt::format("a stream completed with {} ({}, total {:.0f} ms)", how,
                                  delivery.empty() ? fmt::format("first chunk {:.0f} ms", std::max(0.0, s.first_chunk_ms))
                                                   : delivery,
                                  res.timings.total));
  }
  if (f.evidence.empty() || !f.evidence.contains("header_bytes")) f.evidence = evidence;
  finish_fixes(f, c, opts, profile);
  if (asked_usage)  // the doctor asked for usage: do not tell the user to ask for it
    std::erase_if(f.fixes, [](const std::string& fix) { return fix.starts_with("Send stream_options"); });
  return f;
}

}  // namespace anlink
