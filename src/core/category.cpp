#include "core/category.hpp"

#include "core/profile.hpp"
#include "util/text.hpp"

namespace anlink {

const std::vector<CategoryInfo>& category_table() {
  static const std::vector<CategoryInfo> table = {
      {Category::config, "CONFIG", "the doctor's inputs are missing or malformed",
       "Something the request needs is missing or would be sent malformed: no key, a key with "
       "stray characters, or a base URL that does not parse. Nothing was sent.",
       {"Set the key in ANLINKAI_API_KEY, or pass --api-key-file PATH",
        "Copy the key again from the console, without quotes, spaces or a 'Bearer ' prefix"}},
      {Category::network, "NETWORK", "the API could not be reached",
       "The request never got an HTTP answer: the host did not resolve, the connection was "
       "refused or timed out, or TLS could not be established.",
       {"Check the host name in the base URL",
        "Check proxy settings (HTTPS_PROXY, NO_PROXY) and firewalls between you and the API"}},
      {Category::unauthorized, "UNAUTHORIZED", "the API key was not accepted",
       "The request carried no valid bearer token: the key is mistyped, truncated, revoked, "
       "or belongs to another platform.",
       {"Send the header as 'Authorization: Bearer <key>'",
        "Copy the key again from the console; make sure it was not truncated",
        "If the key was revoked or deleted, create a new one in the console"}},
      {Category::forbidden, "FORBIDDEN", "the key is valid but may not do this",
       "The platform knows the key but refused the action: the route may be reserved for "
       "another role, or the key belongs to an account that cannot use it.",
       {"Check whether the route is reserved for administrators",
        "Check the account's role in the console",
        "Retry with a key of the account that should make this call"}},
      {Category::not_found, "NOT_FOUND", "the path or the model code is wrong",
       "The request reached a server, but not the chat route, or the model code is not in "
       "the catalog exactly as written.",
       {"The chat route is {base}{chat_path}; the base URL must end in the API "
        "prefix{prefix_note} and not in {chat_path}",
        "Copy the model code exactly as the model catalog lists it"}},
      {Category::balance_rejected, "BALANCE_REJECTED", "balance or limits do not permit the call",
       "The platform accepted the key but will not run the request: the prepaid balance or "
       "trial credit is used up, or a rate or spending limit applies.",
       {"Check the remaining balance in the console and top up",
        "If the limit is a rate limit, wait for the time the platform names and retry",
        "Make validation requests small (few tokens)"}},
      {Category::model_disabled, "MODEL_DISABLED", "the model exists but is not active",
       "The model code is in the catalog, but its status is not active, so the platform will "
       "not route calls to it.",
       {"Switch to an active model for test traffic",
        "Check the model catalog to see when it is active again"}},
      {Category::upstream_failure, "UPSTREAM_FAILURE", "the platform failed while serving the call",
       "The request was accepted but failed while the platform routed or ran it upstream.",
       {"Look the call up in the gateway's logs ({console})",
        "Retry with a smaller prompt and a simpler payload"}},
      {Category::upstream_stream_interrupted, "UPSTREAM_STREAM_INTERRUPTED",
       "a streaming answer broke off",
       "A streaming request started, but the upstream connection ended before the stream "
       "finished.",
       {"Retry once with a small prompt", "Look up the stream's request id in the logs ({console})",
        "Use non-streaming calls while the route is unstable"}},
      {Category::stream_usage_missing, "STREAM_USAGE_MISSING", "a stream ended without usage",
       "The stream finished but carried no usage data, so the platform did not bill it and "
       "your client cannot count tokens.",
       {"Send stream_options: {\"include_usage\": true}",
        "Check whether the selected upstream reports usage in streams",
        "@anlinkai Try a model known to report stream usage, such as qwen-flash or deepseek-v4-flash"}},
      {Category::client_stream_closed, "CLIENT_STREAM_CLOSED",
       "the client closed the stream before it finished",
       "The caller's side ended the streaming connection early, usually through a timeout or "
       "a closed page.",
       {"Raise the client's read timeout", "Keep the connection open until [DONE] arrives",
        "Ask for fewer tokens (a smaller max_tokens)"}},
      {Category::invalid_request_body, "INVALID_REQUEST_BODY", "the request body is malformed",
       "The JSON body is not of the shape the chat route expects.",
       {"Include \"model\"", "Send \"messages\" as a JSON array of {role, content} objects",
        "Send the header Content-Type: application/json"}},
      {Category::parameter_unsupported, "PARAMETER_UNSUPPORTED",
       "the model or gateway refuses a parameter clients send",
       "The request is well-formed, but the model or the gateway does not take one of its "
       "parameters: max_tokens on reasoning models (they want max_completion_tokens), "
       "temperature, stream_options, tools or response_format. Clients that send it fail.",
       {"Leave the parameter out, or send the form the model takes (max_completion_tokens "
        "instead of max_tokens for reasoning models)",
        "Choose a model or a provider that supports the parameter"}},
      {Category::access_blocked, "ACCESS_BLOCKED",
       "something in front of the API refused the caller",
       "The request was stopped before the key mattered: a bot challenge or firewall page "
       "(Cloudflare and similar), or a block on the caller's country or region.",
       {"Call the API from a server whose address the gateway's edge accepts (not a browser "
        "challenge page; ask the operator to allow API traffic from your address)",
        "If the block names your region, use an endpoint or provider available there"}},
      {Category::stream_buffered, "STREAM_BUFFERED",
       "the stream works, but its chunks arrive all at once",
       "Something on the path (nginx's proxy_buffering, gzip on text/event-stream, a CDN or a "
       "tunnel) held the stream's chunks back and delivered them together: the answer is "
       "complete, but clients show no token until the end.",
       {"Turn off response buffering for text/event-stream in every proxy, CDN or tunnel "
        "between the client and the API",
        "Do not compress text/event-stream"}},
      {Category::api_unsupported, "API_UNSUPPORTED",
       "the gateway does not serve the API the client speaks",
       "The base URL serves one of the three APIs (Chat Completions, Anthropic's Messages, "
       "OpenAI's Responses) but not the one this client speaks, or serves it but cannot convert "
       "it for this model or channel. The client's own error usually blames something else "
       "(Claude Code: \"an issue with the selected model\"; Codex: \"high demand\").",
       {"Use the API the gateway serves, where the client can speak it (an SDK of the other API)",
        "Put a gateway in front that translates the API (LiteLLM and others serve Messages and "
        "Responses over a Chat Completions upstream)",
        "Ask the gateway's operator, or choose a plan or provider that serves this API"}},
      {Category::stream_malformed, "STREAM_MALFORMED",
       "the stream breaks its API's event grammar",
       "The stream arrives, but its events are out of order, unpaired, repeated or misnamed "
       "for its API (Messages' message_start ... message_stop, Responses' sequence numbers and "
       "one terminal event). Clients fail with a parser error or lose the answer; a translating "
       "proxy or gateway is the usual cause.",
       {"Update or fix the gateway or proxy that translates this API's stream: it must pass "
        "the events through in the API's order",
        "Call the upstream's own endpoint for this API to confirm that it streams correctly"}},
      {Category::capability_ignored, "CAPABILITY_IGNORED",
       "a feature was accepted but had no effect",
       "The gateway answered HTTP 200, but what the request asked for did not happen: tools "
       "dropped, a tool call written as text instead of made (emulated), a schema not applied, "
       "an image not seen, a reasoning effort with no effect, a count made up. The model was "
       "billed and answered, so nothing reports an error: the SDK finds no tool call or cannot "
       "parse the answer, and agents that need the feature cannot act.",
       {"Ask the gateway's operator whether this model's channel passes the feature through "
        "(function calling, structured outputs, image input, reasoning effort)",
        "Use a model or provider whose channel supports the feature natively",
        "Until then, check in the app that the answer holds what was asked for (a call, the "
        "schema's keys) and fail loudly when it does not"}},
  };
  return table;
}

const CategoryInfo& info(Category c) {
  for (const auto& row : category_table())
    if (row.category == c) return row;
  return category_table().front();  // unreachable: every enumerator has a row
}

std::string_view id_of(Category c) { return info(c).id; }

std::optional<Category> category_from_id(std::string_view id) {
  const std::string want = text::lower(id);
  for (const auto& row : category_table())
    if (text::lower(row.id) == want) return row.category;
  return std::nullopt;
}

std::vector<std::string> fixes_for(Category c, const Profile& profile) {
  std::vector<std::string> out;
  for (std::string_view fix : info(c).fixes) {
    if (fix.starts_with('@')) {
      const std::size_t space = fix.find(' ');
      if (fix.substr(1, space - 1) != profile.name) continue;
      fix.remove_prefix(space + 1);
    }
    std::string s(fix);
    if (s.find("{console}") != std::string::npos) {
      if (profile.console_url.empty()) continue;
      s = text::replace_all(s, "{console}", profile.console_url);
    }
    s = text::replace_all(s, "{chat_path}", profile.chat_path.empty() ? "/chat/completions" : profile.chat_path);
    s = text::replace_all(s, "{prefix_note}",
                          profile.api_prefix.empty()
                              ? std::string()
                              : " (" + profile.api_prefix + " for " + profile.name + ")");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace anlink
