#include "classify/classifier.hpp"

#include <algorithm>
#include <string_view>

#include "util/text.hpp"

namespace anlink {

namespace {

// A row matches when the status is in [lo, hi] and, if words are given, one of them occurs
// in the platform's code or type (codes) or in its message (messages). First match wins.
struct Rule {
  long lo, hi;
  std::vector<std::string_view> codes;
  std::vector<std::string_view> messages;
  Category category;
  std::string_view name;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      {0, 999, {"upstream_stream_interrupted"}, {}, Category::upstream_stream_interrupted,
       "platform code UPSTREAM_STREAM_INTERRUPTED"},
      {0, 999, {"stream_usage_missing"}, {}, Category::stream_usage_missing,
       "platform code STREAM_USAGE_MISSING"},
      {0, 999, {"client_stream_closed"}, {}, Category::client_stream_closed,
       "platform code CLIENT_STREAM_CLOSED"},
      {401, 401, {}, {}, Category::unauthorized, "status 401"},
      {400, 429,
       {"insufficient_quota", "insufficient_user_quota", "quota_failed", "insufficient_balance",
        "balance", "billing", "credit", "payment"},
       {"insufficient balance", "insufficient_quota", "insufficient quota", "balance",
        "quota", "credit", "top up", "recharge", "payment required"},
       Category::balance_rejected, "balance or quota wording"},
      {400, 429, {"invalid_api_key", "invalid_key", "unauthorized", "authentication"},
       {"invalid api key", "incorrect api key"}, Category::unauthorized, "invalid key wording"},
      {400, 499, {"model_disabled", "model_inactive", "model_not_active"},
       {"model is disabled", "model disabled", "model is not active", "model is inactive"},
       Category::model_disabled, "model disabled wording"},
      {400, 404, {"model_not_found", "unknown_model"},
       {"model not found", "does not exist", "no such model", "unknown model"},
       Category::not_found, "model not found wording"},
      {400, 404, {"unknown_url", "not_found"}, {}, Category::not_found, "unknown route code"},
      {402, 402, {}, {}, Category::balance_rejected, "status 402"},
      {403, 403, {}, {}, Category::forbidden, "status 403"},
      {404, 405, {}, {}, Category::not_found, "status 404/405"},
      {429, 429, {}, {}, Category::balance_rejected, "status 429"},
      {400, 400, {}, {}, Category::invalid_request_body, "status 400"},
      {413, 415, {}, {}, Category::invalid_request_body, "status 413-415"},
      {422, 422, {}, {}, Category::invalid_request_body, "status 422"},
      {408, 408, {}, {}, Category::upstream_failure, "status 408"},
      {409, 409, {}, {}, Category::invalid_request_body, "status 409"},
      {499, 499, {}, {}, Category::client_stream_closed, "status 499 (client closed request)"},
      {500, 599, {}, {}, Category::upstream_failure, "status 5xx"},
  };
  return table;
}

bool any_in(const std::vector<std::string_view>& words, const std::string& haystack) {
  for (auto w : words)
    if (haystack.find(w) != std::string::npos) return true;
  return false;
}

bool matches(const Rule& r, long status, const PlatformError& e) {
  if (status < r.lo || status > r.hi) return false;
  if (r.codes.empty() && r.messages.empty()) return true;
  const std::string code = text::lower(e.code + " " + e.type);
  return any_in(r.codes, code) || any_in(r.messages, text::lower(e.message));
}

bool says_rate_limit(const HttpResponse& res, const PlatformError& e) {
  const std::string code = text::lower(e.code + " " + e.type);
  const std::string msg = text::lower(e.message);
  if (code.find("rate_limit") != std::string::npos || msg.find("rate limit") != std::string::npos ||
      msg.find("too many requests") != std::string::npos)
    return true;
  if (!res.header("retry-after").empty()) return true;
  for (const auto& [name, value] : res.headers)
    if (name.rfind("x-ratelimit-remaining", 0) == 0 && text::trim(value) == "0") return true;
  return false;
}

}  // namespace

std::optional<Category> category_for_code(const std::string& code) {
  const std::string c = text::lower(text::trim(code));
  if (c.empty()) return std::nullopt;
  for (const auto& r : rules())
    if (any_in(r.codes, c)) return r.category;
  if (auto by_id = category_from_id(c)) return by_id;
  return std::nullopt;
}

const std::vector<std::string>& default_request_id_headers() {
  static const std::vector<std::string> names = {
      "x-request-id", "x-oneapi-request-id", "x-generation-id", "request-id",
      "x-litellm-call-id", "openai-request-id"};
  return names;
}

Classification classify(const HttpResponse& res, const Profile* profile) {
  Classification c;
  static const std::vector<std::string> none;
  const auto& own_headers = profile ? profile->request_id_headers : none;
  for (const auto* names : {&own_headers, &default_request_id_headers()}) {
    for (const auto& h : *names) {
      c.request_id = res.header(text::lower(h));
      if (!c.request_id.empty()) break;
    }
    if (!c.request_id.empty()) break;
  }
  if (!res.ok_transport()) {
    c.category = Category::network;
    c.rule = "transport error";
    return c;
  }
  c.error = parse_error_body(res.content_type(), res.body);
  if (c.request_id.empty()) c.request_id = c.error.request_id;
  c.retry_after = res.header("retry-after");
  for (const auto& r : rules()) {
    if (matches(r, res.status, c.error)) {
      c.category = r.category;
      c.rule = std::string(r.name);
      break;
    }
  }
  // A status the gateway uses for "no balance" (and that did not name something else).
  if (profile && (c.category == Category::forbidden || c.category == Category::invalid_request_body ||
                  c.category == Category::upstream_failure || !c.category)) {
    const auto& statuses = profile->balance_statuses;
    if (std::find(statuses.begin(), statuses.end(), res.status) != statuses.end()) {
      c.category = Category::balance_rejected;
      c.rule = "profile " + profile->name + ": status " + std::to_string(res.status) + " means no balance";
    }
  }
  if (c.category == Category::balance_rejected) c.rate_limited = says_rate_limit(res, c.error);
  return c;
}

}  // namespace anlink
