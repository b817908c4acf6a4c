#include "classify/classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "classify/retry_wait.hpp"
#include "classify/proxy_answer.hpp"
#include "http/url.hpp"
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
  std::string_view note = {};  // what the answer means, when its words mislead
  std::string_view fix = {};   // the fix this cause calls for, before the category's
  bool fix_is_whole = false;   // and instead of them: the category's own would mislead
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      {0, 999, {"upstream_stream_interrupted"}, {}, Category::upstream_stream_interrupted,
       "platform code UPSTREAM_STREAM_INTERRUPTED"},
      {0, 999, {"stream_usage_missing"}, {}, Category::stream_usage_missing,
       "platform code STREAM_USAGE_MISSING"},
      {0, 999, {"client_stream_closed"}, {}, Category::client_stream_closed,
       "platform code CLIENT_STREAM_CLOSED"},
      {400, 451, {"unsupported_country_region_territory", "unsupported_region"},
       {"country, region, or territory not supported", "not available in your region",
        "not supported in your region", "unsupported region", "region is not supported",
        "not available in your country"},
       Category::access_blocked, "region block wording"},
      {400, 422, {"context_length_exceeded", "context_window_exceeded", "string_above_max_length"},
       {"maximum context length", "context length exceeded", "exceeds the context window",
        "exceeds the model's context", "prompt is too long", "input is too long for", "too many tokens",
        "exceeds the maximum number of tokens allowed", "range of input length should be",
        "reduce the length of the messages", "input length exceeds", "context window exceeds",
        "maximum prompt length"},
       Category::invalid_request_body, "context length exceeded",
       "the request (its messages and the max_tokens it asks for) is longer than the model's context "
       "window",
       "Shorten the messages (drop or summarise old turns, trim long documents), lower max_tokens, or "
       "use a model with a longer context"},
      {400, 428, {}, {"header is required", "headers is required", "header required",
                      "missing required header", "missing header", "header is missing"},
       Category::config, "required header wording"},
      {401, 403, {"mismatched_organization", "mismatched_project", "invalid_organization"},
       {"openai-organization header should match", "openai-project header should match",
        "does not have access to organization", "no such organization"},
       Category::unauthorized, "organization or project header mismatch",
       "the key is valid, but not for the organization or project the request names "
       "(OpenAI-Organization / OpenAI-Project: OPENAI_ORG_ID / OPENAI_PROJECT_ID)",
       "Unset OPENAI_ORG_ID and OPENAI_PROJECT_ID (the key's own organization and project are "
       "then used), or set them to the ones the key belongs to",
       true},
      {400, 599, {"convert_request_failed"}, {}, Category::api_unsupported,
       "the gateway cannot convert the request (New API)",
       "the gateway serves this route, but its channel for this model cannot translate this API "
       "(New API's convert_request_failed): clients read a server error and retry in vain (Codex "
       "says \"high demand\", Claude Code \"API Error: 500 not implemented\")",
       "Call this model through the API its channel speaks (often Chat Completions), or ask the "
       "gateway's operator for a channel that converts this API"},
      {401, 401, {}, {}, Category::unauthorized, "status 401"},
      {400, 404, {}, {"no endpoints found that support", "no endpoints found matching"},
       Category::parameter_unsupported, "no provider supports a parameter (OpenRouter)",
       "no provider of this model supports a parameter of the request (tools, "
       "response_format, ...): the path is right"},
      {400, 422, {"unsupported_parameter", "unsupported_value", "unknown_parameter"},
       {"unsupported parameter", "unknown parameter", "use 'max_completion_tokens'", "use max_completion_tokens",
        "is not supported with this model", "does not support parameter",
        "unrecognized request argument", "extra inputs are not permitted"},
       Category::parameter_unsupported, "unsupported parameter wording"},
      {400, 599, {"model_not_available"},
       {"no available channel", "\xe6\x97\xa0\xe5\x8f\xaf\xe7\x94\xa8\xe6\xb8\xa0\xe9\x81\x93"},
       Category::model_disabled, "no channel for the model in the key's group (One/New API)",
       "the model is not enabled for the key's group on this gateway: this is not an outage",
       "Enable the model for the key's group in the gateway's admin (add it to a channel of that "
       "group), or use a key of a group that has it"},
      {400, 429,
       {"insufficient_quota", "insufficient_user_quota", "quota_failed", "insufficient_balance",
        "balance", "billing", "credit", "payment", "budget_exceeded", "resource_exhausted"},
       {"insufficient balance", "insufficient_quota", "insufficient quota", "balance",
        "quota", "credit", "top up", "recharge", "payment required", "budget has been exceeded",
        "exceeded budget", "budget exceeded"},
       Category::balance_rejected, "balance or quota wording"},
      {400, 429, {"invalid_api_key", "invalid_key", "unauthorized", "authentication"},
       {"invalid api key", "incorrect api key"}, Category::unauthorized, "invalid key wording"},
      {400, 499, {"model_disabled", "model_inactive", "model_not_active"},
       {"model is disabled", "model disabled", "model is not active", "model is inactive"},
       Category::model_disabled, "model disabled wording"},
      {400, 404, {"deploymentnotfound"}, {"the api deployment for this resource does not exist"},
       Category::not_found, "no such deployment (Azure)",
       "Azure has no deployment of that name on this resource: the model in Azure's path is the "
       "deployment's name, not the model's",
       "Pass the deployment's name as --model (Azure AI Foundry, Deployments); one created in the "
       "last few minutes may not serve yet"},
      {400, 400, {"content_filter", "responsibleaipolicyviolation"},
       {"triggering azure openai's content management policy", "content management policy"},
       Category::invalid_request_body, "content filter (Azure)",
       "Azure's content filter refused the prompt",
       "Rephrase the prompt, or ask the resource's owner to adjust the deployment's content filter"},
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
      msg.find("too many requests") != std::string::npos ||
      code.find("resource_exhausted") != std::string::npos || msg.find("retry in ") != std::string::npos)
    return true;
  if (!res.header("retry-after").empty()) return true;
  for (const auto& [name, value] : res.headers)
    if (name.rfind("x-ratelimit-remaining", 0) == 0 && text::trim(value) == "0") return true;
  return false;
}

bool is_header_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
}

// The header names a "header is required" message mentions: words with a '-' that look
// like header names ("x-portkey-provider", "api-key"), at most three, joined by " or ".
std::string named_headers(std::string_view msg) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while (at < msg.size() && names.size() < 3) {
    while (at < msg.size() && !is_header_char(msg[at])) ++at;
    std::size_t end = at;
    while (end < msg.size() && is_header_char(msg[end])) ++end;
    std::string word = text::lower(msg.substr(at, end - at));
    if (word.size() >= 3 && word.size() <= 64 && word.find('-') != std::string::npos &&
        word.front() != '-' && word.back() != '-' &&
        std::find(names.begin(), names.end(), word) == names.end())
      names.push_back(word);
    at = end;
  }
  return text::join(names, " or ");
}

bool is_param_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
}

// The request field a refusal names: the error's "param", else the first quoted word of the
// message ("Unsupported parameter: 'max_tokens'"), else the word after "argument supplied:"
// (Azure's "Unrecognized request argument supplied: tools"). One pass over at most 4 KiB.
std::string refused_param(const PlatformError& e) {
  auto plausible = [](std::string_view w) {
    return !w.empty() && w.size() <= 64 &&
           std::all_of(w.begin(), w.end(), is_param_char) &&
           !std::isdigit(static_cast<unsigned char>(w.front()));
  };
  if (plausible(e.param)) return e.param;
  const std::string_view msg = std::string_view(e.message).substr(0, 4096);
  for (std::size_t open = msg.find('\''); open != std::string_view::npos;
       open = msg.find('\'', open + 1)) {
    std::size_t end = open + 1;
    while (end < msg.size() && is_param_char(msg[end])) ++end;
    if (end < msg.size() && msg[end] == '\'' && plausible(msg.substr(open + 1, end - open - 1)))
      return std::string(msg.substr(open + 1, end - open - 1));
  }
  const std::string lower = text::lower(msg);
  for (std::string_view lead : {"argument supplied: ", "unsupported parameter: ", "unknown parameter: "}) {
    const std::size_t at = lower.find(lead);
    if (at == std::string::npos) continue;
    std::size_t end = at + lead.size();
    while (end < msg.size() && is_param_char(msg[end])) ++end;
    if (plausible(msg.substr(at + lead.size(), end - at - lead.size())))
      return std::string(msg.substr(at + lead.size(), end - at - lead.size()));
  }
  return "";
}

// Azure OpenAI's words for a key it did not find where it looks (the api-key header).
bool says_azure_auth(const std::string& message) {
  const std::string m = text::lower(message.substr(0, 4096));
  return m.find("audience is incorrect (https://cognitiveservices.azure.com") != std::string::npos ||
         m.find("invalid subscription key or wrong api endpoint") != std::string::npos ||
         (m.find("cognitiveservices.azure.com") != std::string::npos && m.find("token") != std::string::npos);
}

bool is_challenge_title(const std::string& title) {
  const std::string t = text::lower(title);
  for (std::string_view words : {"just a moment", "attention required", "checking your browser",
                                 "access denied", "security check", "captcha", "ddos-guard"})
    if (t.find(words) != std::string::npos) return true;
  return false;
}

// What Cloudflare's own 52x statuses mean (they are the edge speaking, not the API).
std::string cloudflare_note(long status) {
  switch (status) {
    case 520: return "Cloudflare 520: the origin server answered Cloudflare with something empty or invalid";
    case 521: return "Cloudflare 521: the origin server refused Cloudflare's connection";
    case 522: return "Cloudflare 522: Cloudflare could not connect to the origin server in time";
    case 523: return "Cloudflare 523: Cloudflare cannot reach the origin server";
    case 524: return "Cloudflare 524: the origin server took longer than Cloudflare's ~100 s limit to answer";
    case 525: return "Cloudflare 525: the TLS handshake between Cloudflare and the origin failed";
    case 526: return "Cloudflare 526: the origin's certificate is not valid for Cloudflare";
    default: return "";
  }
}

// Reads what rules alone cannot: who answered (an edge, a wrapper) and what it means.
void read_the_answer(const HttpResponse& res, Classification& c) {
  const bool cloudflare = text::contains_icase(res.header("server"), "cloudflare") ||
                          !res.header("cf-ray").empty();
  const std::string mitigated = res.header("cf-mitigated");
  if (!mitigated.empty() ||
      (c.error.kind == BodyKind::html && (res.status == 403 || res.status == 429 || res.status == 503) &&
       is_challenge_title(c.error.message))) {
    c.category = Category::access_blocked;
    c.rule = mitigated.empty() ? "challenge page" : "cf-mitigated: " + mitigated;
    c.note = fmt::format("{} answered with a bot challenge page: API clients cannot pass it",
                         cloudflare ? "Cloudflare" : "something in front of the API");
    c.fixes = {"Ask the gateway's operator to exempt the API route from bot challenges (a WAF "
               "skip rule for API clients), or call it from an address the edge trusts"};
    return;
  }
  if (cloudflare && res.status >= 520 && res.status <= 526) {
    c.category = Category::upstream_failure;
    c.rule = "cloudflare " + std::to_string(res.status);
    c.note = cloudflare_note(res.status);
    if (res.status == 524)
      c.fixes = {"Stream long answers (stream: true), so that bytes flow before Cloudflare's "
                 "~100 s limit; or ask for fewer tokens",
                 "Run `anlink-doctor explain 524` for what the edge's limit means"};
    else
      c.fixes = {"The API behind Cloudflare is not answering it: tell the gateway's operator "
                 "(the cf-ray header identifies the request)"};
    return;
  }
  if (c.error.wrapped_html) {
    const std::string msg = text::lower(c.error.message);
    if (msg.find("econnrefused") != std::string::npos || msg.find("enotfound") != std::string::npos ||
        msg.find("etimedout") != std::string::npos || msg.find("econnreset") != std::string::npos) {
      c.category = Category::upstream_failure;
      c.rule = "gateway cannot reach its upstream";
      c.note = "the gateway could not reach its upstream";
      c.fixes = {"Check the upstream the gateway forwards to (its provider URL or custom host): "
                 "the address it names does not accept connections",
                 "Once the upstream runs, check again"};
    } else if (res.status >= 200 && res.status < 300) {
      c.category = Category::upstream_failure;
      c.rule = "web page wrapped as JSON";
      c.note = "the gateway passed on a web page from its upstream, wrapped as JSON";
      c.fixes = {"Point the gateway at the upstream's API address, not at a web site (its "
                 "provider URL or custom host)"};
    }
  }
  if (c.category == Category::parameter_unsupported && c.refused_param.empty() &&
      c.rule == "unsupported parameter wording") {
    c.refused_param = refused_param(c.error);
    if (c.refused_param == "max_tokens") {
      c.note = "the model refuses max_tokens, as reasoning models do (o-series, gpt-5 family)";
      c.fixes = {"Send max_completion_tokens instead of max_tokens to this model (the OpenAI "
                 "SDKs: max_completion_tokens=N; LangChain: max_completion_tokens)"};
    } else if (!c.refused_param.empty()) {
      c.note = "the model refuses the parameter " + c.refused_param;
      c.fixes = {"Leave " + c.refused_param + " out of requests to this model, or send only the "
                 "value it takes (reasoning models accept only the default temperature and top_p)"};
    }
  }
  if (c.category == Category::config) {  // only the required-header rule names CONFIG
    c.missing_header = named_headers(c.error.message);
    c.note = c.missing_header.empty() ? "the gateway requires a header the request did not carry"
                                      : "the gateway requires the header " + c.missing_header;
  }
}

}  // namespace

std::optional<Category> category_for_code(const std::string& code) {
  const std::string c = text::lower(text::trim(code));
  if (c.empty()) return std::nullopt;
  // Anthropic's error types, whole words: its status alone would not tell a 529 or a stream's
  // error event apart (SPEC: rate limits and billing are the balance, overloaded the upstream).
  static constexpr std::pair<std::string_view, Category> kAnthropicTypes[] = {
      {"authentication_error", Category::unauthorized}, {"permission_error", Category::forbidden},
      {"not_found_error", Category::not_found},         {"rate_limit_error", Category::balance_rejected},
      {"rate_limit_exceeded", Category::balance_rejected},  // OpenAI's code, in a stream's error too
      {"billing_error", Category::balance_rejected},    {"overloaded_error", Category::upstream_failure},
      {"api_error", Category::upstream_failure}};
  for (const auto& [type, category] : kAnthropicTypes)
    if (c == type) return category;
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
      c.note = std::string(r.note);
      if (!r.fix.empty()) c.fixes = {std::string(r.fix)};
      c.fixes_are_whole = r.fix_is_whole;
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
  // Azure's 404 "Resource not found" names no cause: the api-version or the path.
  if (profile && res.status == 404 && text::lower(c.error.message) == "resource not found" &&
      std::any_of(profile->auth.query.begin(), profile->auth.query.end(),
                  [](const auto& q) { return q.first == "api-version"; })) {
    c.category = Category::not_found;
    c.rule = "resource not found (api-version or path)";
    c.note = "Azure answers this when the api-version is missing or not one it serves, or the path is wrong";
    c.fixes = {"Check the api-version (--api-version or OPENAI_API_VERSION; default " +
               std::string(kAzureApiVersion) + ") and that the base URL is https://RESOURCE.openai.azure.com/openai"};
  }
  // Azure OpenAI's own 401 under another profile: the key went as a Bearer token (read as an
  // Entra ID token) or in no api-key header. Its words name Azure; the fix is the profile.
  if (res.status == 401 && (!profile || profile->auth.header != "api-key") && says_azure_auth(c.error.message)) {
    c.category = Category::unauthorized;
    c.rule = "Azure OpenAI's 401 (api-key header expected)";
    c.note = "this is Azure OpenAI: it takes the key in an api-key header, and reads Authorization: Bearer as "
             "an Entra ID token";
    auto origin = parse_url(res.url);  // the resource that answered: its API root is /openai
    const std::string root = origin ? Url{origin->scheme, origin->host, origin->port, "/openai", ""}.str()
                                    : "https://RESOURCE.openai.azure.com/openai";
    c.fixes = {"Check it as Azure OpenAI: --profile azure (the key in api-key, ?api-version=, --model the "
               "deployment's name), with --base-url " + root,
               "In the app, use the SDK's AzureOpenAI client (or send the key as an api-key header), not "
               "Authorization: Bearer"};
    c.fixes_are_whole = true;
  }
  read_the_answer(res, c);
  read_proxy_answer(res, c);  // a proxy's own error page, not the gateway's
  if (c.category == Category::balance_rejected) {
    // Every form of "wait N s" is read before the balance wording decides.
    const auto wait = retry_wait(res, c.error.message);
    c.rate_limited = wait || says_rate_limit(res, c.error);
    if (wait) {
      c.wait = wait_text(wait->seconds);
      if (c.retry_after.empty()) c.retry_after = wait->as_sent;
      c.wait_from = wait->source;
    }
  }
  return c;
}

}  // namespace anlink
