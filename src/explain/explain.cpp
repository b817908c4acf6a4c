#include "explain/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/profile.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

struct StatusNote {
  long status;
  std::string_view reason, note;
};

// The statuses gateways answer with, and what each usually means there.
const std::vector<StatusNote>& status_notes() {
  static const std::vector<StatusNote> notes = {
      {400, "Bad Request", "A parameter or the body shape was rejected; some gateways also use 400 for an unknown model or a prompt longer than the context."},
      {401, "Unauthorized", "No key was sent, or the gateway does not know it."},
      {402, "Payment Required", "The balance or credit is used up (DeepSeek, OpenRouter)."},
      {403, "Forbidden", "A known key was refused: its role may not use the route; One API and New API gateways also answer 403 when the quota is used up."},
      {404, "Not Found", "The path is wrong (check the base URL's prefix) or the model code is not in the catalog."},
      {405, "Method Not Allowed", "Something answers at that path, but not to POST: usually a base URL that points at a web page."},
      {408, "Request Timeout", "The gateway stopped waiting: retry with a smaller request."},
      {409, "Conflict", "The request conflicts with the state of a resource: check its parameters."},
      {413, "Payload Too Large", "The body is too large for the gateway: shorten the prompt or attachments."},
      {415, "Unsupported Media Type", "Send Content-Type: application/json."},
      {422, "Unprocessable Entity", "Well-formed JSON with invalid parameters (DeepSeek, vLLM, FastAPI-based gateways)."},
      {429, "Too Many Requests", "Either a rate limit (Retry-After or x-ratelimit-* headers: wait) or an exhausted balance (insufficient_quota: top up). The body's code tells which."},
      {499, "Client Closed Request", "The caller closed the connection before the answer was complete."},
      {500, "Internal Server Error", "The gateway failed while handling the request."},
      {502, "Bad Gateway", "The upstream provider failed or answered something unusable (OpenRouter: the provider is down)."},
      {503, "Service Unavailable", "No upstream is available or it is overloaded (OpenRouter: no provider; DeepSeek: overloaded)."},
      {504, "Gateway Timeout", "The upstream did not answer in time: retry, or ask for fewer tokens."},
      {520, "Web Server Returned an Unknown Error", "Cloudflare's own status: the origin behind it answered Cloudflare with something empty or invalid. The API is behind an edge; tell its operator (quote the cf-ray header)."},
      {521, "Web Server Is Down", "Cloudflare's own status: the origin refused Cloudflare's connection."},
      {522, "Connection Timed Out", "Cloudflare's own status: Cloudflare could not connect to the origin in time. Not your request: the origin is down or firewalled."},
      {523, "Origin Is Unreachable", "Cloudflare's own status: Cloudflare has no route to the origin."},
      {524, "A Timeout Occurred", "Cloudflare's own status: the origin took longer than Cloudflare's ~100 s limit to send the first byte of its answer. The API may be up: a long non-streaming completion exceeds the limit. Stream (stream: true) so bytes flow early, or ask for fewer tokens."},
  };
  return notes;
}

// Platform codes worth knowing by name, beyond the category ids.
const std::vector<std::pair<std::string_view, std::string_view>>& code_notes() {
  static const std::vector<std::pair<std::string_view, std::string_view>> notes = {
      {"insufficient_quota", "OpenAI's code for an exhausted balance or quota, under 429: not a rate limit."},
      {"rate_limit_exceeded", "A rate limit: wait for the time in Retry-After."},
      {"invalid_api_key", "The key is unknown to the gateway."},
      {"model_not_found", "The model code is not served at this route."},
      {"context_length_exceeded", "The prompt and max_tokens exceed the model's context window."},
      {"insufficient_user_quota", "One API: the user's quota is used up."},
      {"pre_consume_token_quota_failed", "One API / New API: the quota cannot cover the request (a 403 that means balance)."},
      {"unknown_url", "The path does not exist: check the base URL."},
      {"unsupported_parameter", "The model refuses a parameter: reasoning models want max_completion_tokens instead of max_tokens (PARAMETER_UNSUPPORTED)."},
      {"unsupported_country_region_territory", "OpenAI refuses calls from the caller's country or region (ACCESS_BLOCKED)."},
      {"budget_exceeded", "LiteLLM: the key's or team's max budget is spent (BALANCE_REJECTED); raise it in the proxy's admin."},
      {"resource_exhausted", "Gemini: a rate limit or quota per minute; wait the retry delay the message names."},
      {"mismatched_organization", "OpenAI: the key is valid, but not for the OpenAI-Organization header sent (OPENAI_ORG_ID): unset it or set the key's own."},
      {"mismatched_project", "OpenAI: the key is valid, but not for the OpenAI-Project header sent (OPENAI_PROJECT_ID): unset it or set the key's own."},
      {"deploymentnotfound", "Azure OpenAI: no deployment of that name on the resource; the model in the path is the deployment's name (NOT_FOUND)."},
      {"content_filter", "Azure OpenAI: the content filter refused the prompt or the answer (INVALID_REQUEST_BODY); rephrase, or adjust the deployment's filter."},
      {"convert_request_failed", "New API: the route exists, but the model's channel cannot translate this API (API_UNSUPPORTED); call the model through the API its channel speaks. Codex reports it as \"high demand\"."},
      // Anthropic's error types ({"type":"error","error":{"type":...}}), as gateways of the Messages API send them.
      {"authentication_error", "Anthropic: the key was refused (UNAUTHORIZED). Claude Code sends ANTHROPIC_API_KEY as x-api-key and ANTHROPIC_AUTH_TOKEN as Authorization: Bearer; the gateway may take only one."},
      {"permission_error", "Anthropic: the key may not use this model or route (FORBIDDEN)."},
      {"not_found_error", "Anthropic: the model or the route does not exist (NOT_FOUND); a root that ends in /v1 makes clients call /v1/v1/messages."},
      {"rate_limit_error", "Anthropic: a rate limit (BALANCE_REJECTED, but wait: topping up does not help); retry after the time in retry-after."},
      {"billing_error", "Anthropic: the account's credit is used up (BALANCE_REJECTED): top up."},
      {"overloaded_error", "Anthropic: the upstream is overloaded (HTTP 529, UPSTREAM_FAILURE): retry later; the balance is not the cause."},
      {"api_error", "Anthropic: the upstream failed (HTTP 500, UPSTREAM_FAILURE): retry, or pick another model."},
  };
  return notes;
}

Explanation for_status(long status) {
  Explanation e;
  e.http_status = status;
  HttpResponse r;
  r.status = status;
  e.category = classify(r).category;
  auto it = std::find_if(status_notes().begin(), status_notes().end(),
                         [&](const StatusNote& n) { return n.status == status; });
  e.topic = it == status_notes().end() ? fmt::format("HTTP {}", status)
                                       : fmt::format("HTTP {} {}", status, it->reason);
  if (it != status_notes().end()) e.notes.emplace_back(it->note);
  return e;
}

}  // namespace

std::optional<Explanation> explain_topic(std::string_view raw) {
  const std::string topic = text::trim(raw);
  if (!topic.empty() && topic.size() == 3 && std::all_of(topic.begin(), topic.end(), ::isdigit)) {
    long status = std::stol(topic);
    if (status >= 100 && status <= 599) return for_status(status);
  }
  if (auto c = category_from_id(topic)) {
    Explanation e;
    e.topic = std::string(id_of(*c));
    e.category = c;
    return e;
  }
  const std::string code = text::lower(topic);
  auto note = std::find_if(code_notes().begin(), code_notes().end(),
                           [&](const auto& n) { return n.first == code; });
  auto category = category_for_code(code);
  if (note == code_notes().end() && !category) return std::nullopt;
  Explanation e;
  e.topic = "code " + topic;
  e.category = category;
  if (note != code_notes().end()) e.notes.emplace_back(note->second);
  return e;
}

Explanation explain_response(long status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  Classification c = classify(r);
  Explanation e = status ? for_status(status) : Explanation{};
  if (!status) e.topic = "the saved response";
  e.error = c.error;
  e.request_id = c.request_id;
  e.category = c.category ? c.category : category_for_code(c.error.code);
  if (e.category == Category::balance_rejected)  // the body decides what the status could not
    e.notes = {c.rate_limited ? "This one is a rate limit: wait and retry."
                              : "This one is an exhausted balance or quota, not a rate limit: top up."};
  for (const auto& [code, note] : code_notes())
    if (text::lower(c.error.code) == code || text::lower(c.error.type) == code)
      e.notes.emplace_back(note);
  return e;
}

// Fixes in explanations are written for the default gateway, as `check` without --profile.
const Profile& explain_profile() { return *find_profile("anlinkai"); }

std::vector<std::string> explain_vocabulary() {
  std::vector<std::string> words;
  for (const auto& c : category_table()) words.emplace_back(c.id);
  for (const auto& [code, note] : code_notes()) words.emplace_back(code);
  return words;
}

std::string render_explanation_text(const Explanation& e) {
  std::string out = e.topic;
  if (!e.error.code.empty() || !e.error.message.empty())
    out += fmt::format(": {}{}", e.error.code.empty() ? "" : e.error.code + " ",
                       e.error.message.empty() ? "" : "\"" + text::shorten(e.error.message, 200) + "\"");
  if (!e.request_id.empty()) out += fmt::format(" (request id {})", e.request_id);
  out += "\n";
  if (e.category) out += fmt::format("→ {}: {}\n", id_of(*e.category), info(*e.category).title);
  else out += "→ no failure category: this is not an error status the doctor knows\n";
  for (const auto& n : e.notes) out += "\n  " + n + "\n";
  if (!e.category) return out;
  const auto& i = info(*e.category);
  out += fmt::format("\n  {}\n\n  What to do:\n", i.meaning);
  for (const auto& fix : fixes_for(*e.category, explain_profile())) out += fmt::format("  • {}\n", fix);
  return out;
}

std::string render_explanation_json(const Explanation& e) {
  nlohmann::ordered_json doc;
  doc["topic"] = e.topic;
  doc["category"] = e.category ? nlohmann::ordered_json(std::string(id_of(*e.category))) : nullptr;
  if (e.category) {
    doc["title"] = std::string(info(*e.category).title);
    doc["meaning"] = std::string(info(*e.category).meaning);
    doc["fixes"] = fixes_for(*e.category, explain_profile());
  }
  doc["notes"] = e.notes;
  if (e.http_status) doc["http_status"] = e.http_status;
  if (e.error.kind != BodyKind::empty)
    doc["error"] = {{"kind", std::string(to_string(e.error.kind))}, {"code", e.error.code},
                    {"type", e.error.type}, {"message", e.error.message}};
  if (!e.request_id.empty()) doc["request_id"] = e.request_id;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace anlink
