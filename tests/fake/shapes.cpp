#include "fake/shapes.hpp"

namespace fake {

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> table = {
      {"cf-challenge", "front", 403, "text/html; charset=UTF-8",
       "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body>"
       "<noscript>Enable JavaScript and cookies to continue</noscript></body></html>",
       {{"server", "cloudflare"}, {"cf-ray", "8c1f2a3b4d5e6f70-FRA"}, {"cf-mitigated", "challenge"}}},
      {"region-block", "front", 403, "application/json",
       R"js({"error": {"code": "unsupported_country_region_territory", "message": "Country, region, or territory not supported", "param": null, "type": "request_forbidden"}})js"},
      {"portkey-no-provider", "front", 400, "application/json",
       R"js({"status": "failure", "message": "Either x-portkey-config or x-portkey-provider header is required"})js",
       {}, "x-portkey-provider"},
      {"cf-524", "completion", 524, "text/html; charset=UTF-8",
       "<!DOCTYPE html><html><head><title>api.example.com | 524: A timeout occurred</title></head>"
       "<body>The origin web server timed out responding to this request.</body></html>",
       {{"server", "cloudflare"}, {"cf-ray", "8c1f2a3b4d5e6f71-FRA"}}},
      {"litellm-budget", "completion", 400, "application/json",
       R"js({"error": {"message": "Budget has been exceeded! Current cost: 10.52, Max budget: 10.0", "type": "budget_exceeded", "param": null, "code": "400"}})js"},
      {"gemini-exhausted", "completion", 429, "application/json",
       R"js({"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details. Please retry in 45s.", "status": "RESOURCE_EXHAUSTED"}})js"},
      // Google's RetryInfo: the wait is in the details, not the message, which speaks of quota.
      {"gemini-retry-info", "completion", 429, "application/json",
       R"js({"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]}, {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "38s"}]}})js"},
      // Retry-After as an HTTP date, 590 s after the answer's Date ({http-date+N}: replies.hpp).
      {"retry-after-date", "completion", 429, "application/json",
       R"js({"error": {"message": "Request quota exceeded for this minute", "type": "requests", "code": "quota_exceeded"}})js",
       {{"Retry-After", "{http-date+590}"}}},
      // Azure OpenAI answering a key sent as a Bearer token (as the OpenAI client sends it).
      {"azure-bearer-401", "front", 401, "application/json",
       R"js({"error": {"code": "401", "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}})js"},
      {"oneapi-no-channel", "completion", 503, "application/json",
       R"js({"error": {"message": "no available channel for model qwen-flash under group default (request id: 20261125120000123456789)", "type": "new_api_error", "param": "", "code": null}})js"},
      {"openrouter-no-tools", "completion", 404, "application/json",
       R"js({"error": {"message": "No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing", "code": 404}})js"},
      {"unsupported-max-tokens", "completion", 400, "application/json",
       R"js({"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "type": "invalid_request_error", "param": "max_tokens", "code": "unsupported_parameter"}})js"},
      {"azure-content-filter", "completion", 400, "application/json",
       R"js({"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766", "type": null, "param": "prompt", "code": "content_filter", "status": 400, "innererror": {"code": "ResponsibleAIPolicyViolation", "content_filter_result": {"hate": {"filtered": false, "severity": "safe"}, "jailbreak": {"filtered": true, "detected": true}}}}})js"},
      {"portkey-upstream-down", "completion", 500, "application/json",
       R"js({"html-message": "<html><body><pre>Error: connect ECONNREFUSED 127.0.0.1:9</pre></body></html>"})js"},
      {"wrapped-page", "plain", 200, "application/json",
       R"js({"html-message": "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>"})js"},
      {"reasoning-exhausted", "plain", 200, "application/json",
       R"js({"id": "chatcmpl-r1", "object": "chat.completion", "model": "qwen-flash", "choices": [{"index": 0, "message": {"role": "assistant", "content": ""}, "finish_reason": "length"}], "usage": {"prompt_tokens": 9, "completion_tokens": 16, "total_tokens": 25, "completion_tokens_details": {"reasoning_tokens": 16}}})js"},
      {"stream-no-events", "stream", 200, "text/event-stream", ""},
      {"stream-json", "stream", 200, "application/json",
       R"js({"id": "chatcmpl-1", "object": "chat.completion", "model": "qwen-flash", "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}})js"},
  };
  return table;
}

const Shape* find_shape(const std::string& name) {
  for (const auto& s : shapes())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace fake
