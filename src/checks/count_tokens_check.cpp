// count_tokens (Messages only): {root}/v1/messages/count_tokens counts a prompt's tokens.
// Absent is harmless (clients estimate); a made-up count is not: Claude Code trusts it to
// decide when to compact its context, and a 0 means it never does. Never billed.
#include <fmt/format.h>

#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "core/route.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

// A prompt of a known size: about 60 words, which any tokenizer counts as 40 to 200 tokens.
constexpr const char* kPrompt =
    "The doctor counts the tokens of this prompt to learn whether the gateway really counts "
    "them. It is a plain English paragraph of about sixty words, long enough that a count of "
    "zero, or of one, cannot be right, and short enough to cost nothing. A real count lands "
    "between forty and two hundred tokens, whatever the tokenizer.";
constexpr double kLeast = 10, kMost = 1000;  // a count outside these is no count of the prompt

HttpRequest count_request(const Context& ctx) {
  HttpRequest req = call_request(ctx.call_target(),
                                 nlohmann::json{{"model", ctx.opts.model.value},
                                                {"messages", {user_message(kPrompt)}}}.dump(),
                                 false);
  req.url = messages_url(ctx.profile, ctx.opts.base_url.value, "/v1/messages/count_tokens");
  return req;
}

}  // namespace

std::vector<HttpRequest> plan_count_tokens(const Context& ctx) {
  return {count_request(ctx)};
}

Finding check_count_tokens(Context& ctx) {
  const HttpResponse res = ctx.http.send(count_request(ctx));
  if (!res.ok_transport()) {
    Finding f = transport_finding(res, Status::warn);
    f.summary = "could not ask count_tokens: " + f.summary;
    return f;
  }
  const Classification c = classify(res, &ctx.profile);
  Finding f;
  if (res.status == 404 || res.status == 405 || res.status == 501) {
    f = Finding::pass(fmt::format("the gateway has no count_tokens route (HTTP {}): clients estimate "
                                  "token counts themselves, which is harmless",
                                  res.status));
  } else if (res.status < 200 || res.status >= 300) {
    f = Finding::warn(c.category, "count_tokens answered " + describe_answer(res, c) +
                                      ": clients that count tokens before sending get an error");
  } else {
    const auto body = parse_untrusted_json(res.body);
    const auto* n = body.is_object() ? json_at::at(body, "/input_tokens") : nullptr;
    if (!n || !n->is_number()) {
      f = Finding::warn(std::nullopt, fmt::format("count_tokens answered HTTP {} without a number in "
                                                  "input_tokens: clients cannot use it",
                                                  res.status));
    } else if (const double count = n->get<double>(); count < kLeast || count > kMost) {
      f = Finding::fail(Category::capability_ignored,
                        fmt::format("count_tokens says a prompt of about 60 words is {} tokens: the "
                                    "count is made up, and Claude Code, which trusts it, {}",
                                    count,
                                    count < kLeast ? "never compacts its context and fails once the "
                                                     "conversation outgrows the model's window"
                                                   : "compacts its context far too early"));
      f.fixes = {"Make the gateway forward count_tokens to a real tokenizer, or have it answer 404 so "
                 "that clients estimate for themselves",
                 "Until then, compact long Claude Code sessions by hand (/compact)"};
    } else {
      f = Finding::pass(fmt::format("count_tokens counts a prompt of about 60 words as {} tokens", count));
    }
  }
  f.evidence = http_evidence(res, &c);
  f.evidence["request"] = "POST {root}/v1/messages/count_tokens, one prompt of about 60 words";
  return f;
}

}  // namespace anlink
