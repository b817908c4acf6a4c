#include <catch2/catch.hpp>

#include "classify/classifier.hpp"

using namespace anlink;

namespace {

HttpResponse answer(long status, std::string body, std::string content_type = "application/json",
                    std::multimap<std::string, std::string> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace("content-type", std::move(content_type));
  return r;
}

}  // namespace

TEST_CASE("classifier reads OpenAI error bodies with a string code") {
  auto c = classify(answer(401, R"({"error":{"message":"Incorrect API key provided","type":
      "invalid_request_error","param":null,"code":"invalid_api_key"}})"));
  CHECK(c.category == Category::unauthorized);
  CHECK(c.error.kind == BodyKind::json);
  CHECK(c.error.code == "invalid_api_key");
  CHECK(c.error.type == "invalid_request_error");
  CHECK(c.error.message == "Incorrect API key provided");
}

TEST_CASE("classifier matches on type when the code is null, as in older OpenAI bodies") {
  auto c = classify(answer(429, R"({"error":{"message":"You exceeded your current quota",
      "type":"insufficient_quota","param":null,"code":null}})"));
  CHECK(c.category == Category::balance_rejected);
  CHECK(c.error.code.empty());
  CHECK_FALSE(c.rate_limited);
}

TEST_CASE("classifier tells a rate limit from an empty balance under 429") {
  auto c = classify(answer(429, R"({"error":{"message":"Rate limit reached for requests",
      "type":"requests","code":"rate_limit_exceeded"}})", "application/json",
                           {{"retry-after", "20"}}));
  CHECK(c.category == Category::balance_rejected);
  CHECK(c.rate_limited);
  CHECK(c.retry_after == "20");
}

TEST_CASE("classifier maps model_not_found to NOT_FOUND under 404 and 400") {
  for (long status : {400L, 404L}) {
    auto c = classify(answer(status, R"({"error":{"message":"The model `gpt-5x` does not exist",
        "type":"invalid_request_error","code":"model_not_found"}})"));
    CHECK(c.category == Category::not_found);
  }
}

TEST_CASE("classifier names a context-length refusal in each gateway's words") {
  for (const std::string& message :
       {std::string("This model's maximum context length is 8192 tokens. However, you requested 9000 tokens"),
        std::string("The input token count (1048577) exceeds the maximum number of tokens allowed (1048576)."),
        std::string("Range of input length should be [1, 30720]"), std::string("prompt is too long: 210000 tokens > 200000 maximum")}) {
    INFO(message);
    auto c = classify(answer(400, R"({"error":{"message":")" + message + R"(","type":"invalid_request_error"}})"));
    CHECK(c.category == Category::invalid_request_body);
    CHECK(c.rule == "context length exceeded");
  }
}

TEST_CASE("classifier reads context_length_exceeded as an invalid request body") {
  auto c = classify(answer(400, R"({"error":{"message":"This model's maximum context length is 8192",
      "type":"invalid_request_error","code":"context_length_exceeded"}})"));
  CHECK(c.category == Category::invalid_request_body);
}

TEST_CASE("classifier strips One API request-id suffixes and keeps the first id") {
  auto c = classify(answer(403, R"j({"error":{"message":"user quota is not enough (request id: 2024A) (request id: 2024B)",
      "type":"new_api_error","code":"pre_consume_token_quota_failed"}})j"));
  CHECK(c.category == Category::balance_rejected);  // a 403 that means balance
  CHECK(c.error.message == "user quota is not enough");
  CHECK(c.request_id == "2024A");
}

TEST_CASE("classifier reads One API's insufficient_user_quota and channel errors") {
  CHECK(classify(answer(403, R"({"error":{"message":"quota","type":"one_api_error",
      "code":"insufficient_user_quota"}})")).category == Category::balance_rejected);
  CHECK(classify(answer(503, R"({"error":{"message":"no available key","type":"upstream_error",
      "code":"channel:no_available_key"}})")).category == Category::upstream_failure);
}

TEST_CASE("classifier reads OpenRouter's numeric codes") {
  auto c = classify(answer(402, R"({"error":{"code":402,"message":"Insufficient credits","metadata":{}}})"));
  CHECK(c.category == Category::balance_rejected);
  CHECK(c.error.code == "402");
  CHECK(classify(answer(502, R"({"error":{"code":502,"message":"Provider returned error"}})")).category ==
        Category::upstream_failure);
  CHECK(classify(answer(503, R"({"error":{"code":503,"message":"No provider available"}})")).category ==
        Category::upstream_failure);
}

TEST_CASE("classifier reads DeepSeek's 402 and 422") {
  CHECK(classify(answer(402, R"({"error":{"message":"Insufficient Balance","type":"unknown_error"}})"))
            .category == Category::balance_rejected);
  CHECK(classify(answer(422, R"({"error":{"message":"Invalid max_tokens value"}})")).category ==
        Category::invalid_request_body);
}

TEST_CASE("classifier reads LiteLLM's string codes and \"None\" params") {
  auto c = classify(answer(401, R"({"error":{"message":"Authentication Error","type":"auth_error",
      "param":"None","code":"401"}})"));
  CHECK(c.category == Category::unauthorized);
  CHECK(c.error.code == "401");
}

TEST_CASE("classifier reads vLLM's integer codes") {
  auto c = classify(answer(400, R"({"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400})"));
  CHECK(c.category == Category::invalid_request_body);
  CHECK(c.error.code == "400");
  CHECK(c.error.message == "bad");
}

TEST_CASE("classifier reads flat {code, message} bodies") {
  auto c = classify(answer(403, R"({"code":"MODEL_DISABLED","message":"model qwen-max is disabled"})"));
  CHECK(c.category == Category::model_disabled);
  CHECK(c.error.code == "MODEL_DISABLED");
}

TEST_CASE("classifier knows the platform's stream codes whatever the status") {
  CHECK(classify(answer(200, R"({"error":{"code":"UPSTREAM_STREAM_INTERRUPTED","message":"x"}})"))
            .category == Category::upstream_stream_interrupted);
  CHECK(classify(answer(502, R"({"code":"STREAM_USAGE_MISSING"})")).category ==
        Category::stream_usage_missing);
  CHECK(classify(answer(499, R"({"code":"CLIENT_STREAM_CLOSED","message":"closed"})")).category ==
        Category::client_stream_closed);
}

TEST_CASE("classifier reads an error given as a bare string") {
  auto c = classify(answer(401, R"({"error":"invalid token"})"));
  CHECK(c.category == Category::unauthorized);
  CHECK(c.error.message == "invalid token");
}

TEST_CASE("classifier reads HTML pages by their title") {
  auto c = classify(answer(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                           "text/html"));
  CHECK(c.category == Category::upstream_failure);
  CHECK(c.error.kind == BodyKind::html);
  CHECK(c.error.message == "502 Bad Gateway");
}

TEST_CASE("classifier recognises HTML without a content type") {
  auto c = classify(answer(200, "  <!DOCTYPE html><html></html>", ""));
  CHECK(c.error.kind == BodyKind::html);
  CHECK_FALSE(c.category.has_value());
}

TEST_CASE("classifier reads plain text bodies, first line only") {
  auto c = classify(answer(404, "404 page not found\nmore", "text/plain"));
  CHECK(c.category == Category::not_found);
  CHECK(c.error.kind == BodyKind::text);
  CHECK(c.error.message == "404 page not found");
}

TEST_CASE("classifier takes the request id from headers before the body") {
  auto c = classify(answer(500, R"j({"error":{"message":"x (request id: body-id)"}})j", "application/json",
                           {{"x-oneapi-request-id", "header-id"}}));
  CHECK(c.request_id == "header-id");
  auto gen = classify(answer(500, "{}", "application/json", {{"x-generation-id", "gen-1"}}));
  CHECK(gen.request_id == "gen-1");
  Profile profile;
  profile.request_id_headers = {"X-Trace"};
  auto own = classify(answer(500, "{}", "application/json", {{"x-trace", "t-1"}}), &profile);
  CHECK(own.request_id == "t-1");
}

TEST_CASE("classifier maps a transport failure to NETWORK") {
  HttpResponse r;
  r.error = TransportError::dns;
  CHECK(classify(r).category == Category::network);
}

TEST_CASE("classifier leaves a success unclassified and survives empty and invalid bodies") {
  CHECK_FALSE(classify(answer(200, R"({"choices":[]})")).category.has_value());
  auto empty = classify(answer(500, ""));
  CHECK(empty.category == Category::upstream_failure);
  CHECK(empty.error.kind == BodyKind::empty);
  CHECK(classify(answer(400, "{\"error\": ")).error.kind == BodyKind::text);
  CHECK(classify(answer(400, "[1,2]")).category == Category::invalid_request_body);
}

TEST_CASE("classifier reads a profile's own no-balance statuses, unless the body names another cause") {
  Profile p;
  p.name = "gw";
  p.balance_statuses = {403};
  auto plain = classify(answer(403, R"({"error":{"message":"nope"}})"), &p);
  CHECK(plain.category == Category::balance_rejected);
  CHECK(plain.rule == "profile gw: status 403 means no balance");
  auto disabled = classify(answer(403, R"({"error":{"code":"model_disabled","message":"x"}})"), &p);
  CHECK(disabled.category == Category::model_disabled);
  CHECK(classify(answer(403, R"({"error":{"message":"nope"}})")).category == Category::forbidden);
}

TEST_CASE("classifier reads every form of a rate limit's wait before the balance wording") {
  const std::string quota = R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota"}})";
  struct Case {
    std::string body;
    std::multimap<std::string, std::string> headers;
    std::string wait;
  };
  for (const Case& k : std::vector<Case>{
           {quota, {{"retry-after", "20"}}, "20 s"},
           {quota, {{"retry-after-ms", "1500"}}, "1.5 s"},
           {quota, {{"date", "Wed, 02 Dec 2026 07:28:00 GMT"}, {"retry-after", "Wed, 02 Dec 2026 07:31:00 GMT"}}, "3 min"},
           {R"({"error":{"code":429,"message":"quota","details":[{"retryDelay": "2m5s"}]}})", {}, "3 min"},
           {R"({"error":{"message":"Quota exceeded. Please try again in 1.5s.","type":"tokens"}})", {}, "1.5 s"},
           {R"({"error":{"message":"quota: retry after 30 seconds"}})", {}, "30 s"},
           {R"({"error":{"message":"Please retry in 12.5 seconds"}})", {}, "13 s"},
           {R"({"error":{"message":"balance: try again in 20ms"}})", {}, "1 s"},
           {R"({"error":{"message":"quota reached, please try again in 1m30.5s."}})", {}, "91 s"},
           {R"({"error":{"message":"quota reached; try again in 6m0s"}})", {}, "6 min"},
           {R"({"error":{"message":"quota: retry after 1500 milliseconds"}})", {}, "1.5 s"},
           {quota, {{"date", "Wed, 02 Dec 2026 07:28:00 GMT"}, {"retry-after", "Wednesday, 02-Dec-26 07:28:40 GMT"}}, "40 s"},
           {quota, {{"date", "Wed, 02 Dec 2026 07:28:00 GMT"}, {"retry-after", "Wed Dec  2 07:28:10 2026"}}, "10 s"},
           {quota, {{"x-ratelimit-remaining-tokens", "0"}, {"x-ratelimit-reset-tokens", "6m0s"}}, "6 min"},
       }) {
    INFO(k.body);
    auto c = classify(answer(429, k.body, "application/json", k.headers));
    CHECK(c.category == Category::balance_rejected);
    CHECK(c.rate_limited);
    CHECK(c.wait == k.wait);
  }
  // No wait in any form: an empty balance.
  auto c = classify(answer(429, quota, "application/json", {{"x-ratelimit-reset-tokens", "6m0s"}}));
  CHECK_FALSE(c.rate_limited);
  CHECK(c.wait.empty());
}

TEST_CASE("classifier: a wait that is no wait is not read as one") {
  for (const std::string& header : {std::string("soon"), std::string("-5"), std::string("99999999999999"),
                                    std::string("Wed, 02 Dec 2026 07:31:00"), std::string(5000, '9')}) {
    auto c = classify(answer(429, R"({"error":{"message":"insufficient balance"}})", "application/json",
                             {{"retry-after", header}}));
    INFO(header.substr(0, 40));
    CHECK(c.wait.empty());
  }
}
