// api_key: is the key accepted? Asked with a request the platform must authenticate but
// cannot bill: a chat request with no messages, which it rejects after authenticating.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

std::string unbillable_body(const std::string& model) {
  nlohmann::json body = {{"model", model},
                         {"messages", nlohmann::json::array()},
                         {"max_tokens", 1}};
  return body.dump();
}

HttpRequest key_request(const Context& ctx) {
  return {"POST",
          ctx.chat_url,
          {"Authorization: Bearer " + ctx.opts.api_key.value, "Content-Type: application/json",
           "Accept: application/json"},
          unbillable_body(ctx.opts.model.value)};
}

}  // namespace

std::vector<HttpRequest> plan_api_key(const Context& ctx) { return {key_request(ctx)}; }

Finding check_api_key(Context& ctx) {
  HttpResponse res = ctx.http.send(key_request(ctx));
  if (!res.ok_transport()) {
    // The route answered a moment ago: this is a blip, never a verdict on the key.
    Finding f = transport_finding(res, Status::warn);
    f.summary = "could not tell whether the key is accepted: " + f.summary;
    return f;
  }
  Classification c = classify(res, &ctx.profile);
  const std::string answer = describe_answer(res, c);
  Finding f;
  switch (c.category.value_or(Category::invalid_request_body)) {
    case Category::unauthorized:
      f = Finding::fail(Category::unauthorized, "the key was rejected: " + answer);
      f.fixes.push_back(fmt::format("Check the key in the console ({}): it may be revoked, "
                                    "or copied incompletely",
                                    ctx.profile.console_url));
      break;
    case Category::forbidden:
      f = Finding::fail(Category::forbidden, "the key is known but not allowed: " + answer);
      break;
    case Category::balance_rejected:
      f = Finding::warn(Category::balance_rejected,
                        "the key is accepted, but the account is refused for balance or rate "
                        "limits: " + answer);
      break;
    case Category::upstream_failure:
      f = Finding::warn(Category::upstream_failure,
                        "could not tell whether the key is accepted: " + answer);
      break;
    default:
      if (c.error.kind == BodyKind::html) {
        f = Finding::warn(std::nullopt, fmt::format("could not tell whether the key is accepted: "
                                                    "HTTP {} answered with a web page",
                                                    res.status));
        break;
      }
      f = Finding::pass(fmt::format("the key is accepted (HTTP {} to an empty test request, "
                                    "which cannot be billed)",
                                    res.status));
  }
  f.evidence = http_evidence(res, &c);
  f.evidence["request"] = "POST chat route, messages: [], with the key";
  if (f.status != Status::pass) f.with_generic_fixes();
  return f;
}

}  // namespace anlink
