// The three APIs (--api): each route, its key, its answers, its stream grammar and its
// errors, against the fake gateway speaking each of them in every way it can fail.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

struct Row {
  const char* scenario;
  const char* api;
  const char* check;
  const char* status;
  const char* category;  // "" for none
  const char* words;     // in the summary
};

void expect(const Row& row, std::vector<std::string> extra = {}) {
  fake::Server server(fake::scenario(row.scenario));
  extra.insert(extra.begin(), {"--api", row.api});
  Run run = check_json(server.base_url(), extra);
  const auto report = run.json();
  const auto c = check_for(report, row.check, row.api);
  INFO(row.scenario << " --api " << row.api << ": " << c.dump(2));
  REQUIRE(c.is_object());
  CHECK(c["status"] == row.status);
  if (*row.category) CHECK(c["category"] == row.category);
  else CHECK(c["category"].is_null());
  CHECK(c["summary"].get<std::string>().find(row.words) != std::string::npos);
  CHECK(run.exit_code == (std::string(row.status) == "fail" ? 1 : 0));
}

}  // namespace

TEST_CASE("apis: --api all on a gateway that serves the three: healthy, every API-dependent check named by its API") {
  fake::Server server(fake::scenario("three-apis"));
  Run run = check_json(server.base_url(), {"--api", "all"});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(report["diagnosis"]["status"] == "pass");
  CHECK(report["target"]["apis"] == nlohmann::json({"chat", "messages", "responses"}));
  for (const char* api : {"chat", "messages", "responses"})
    for (const char* id : {"base_url", "api_key", "model", "probe", "stream"}) {
      INFO(api << " " << id);
      CHECK(check_for(report, id, api)["status"] == "pass");
    }
  CHECK(check_for(report, "count_tokens", "messages")["status"] == "pass");
  CHECK_FALSE(check_of(report, "config").contains("api"));  // the run's own checks name none
  // Each API was spoken on its own route, Messages with its version header.
  bool messages = false, responses = false;
  for (const auto& r : server.received()) {
    messages |= r.path == "/api/v1/messages" && r.headers.count("anthropic-version");
    responses |= r.path == "/api/v1/responses";
  }
  CHECK(messages);
  CHECK(responses);
}

TEST_CASE("a chat-only gateway: Messages and Responses are API_UNSUPPORTED, naming the clients they block") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--api", "messages,responses"});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 1);
  const auto messages = check_for(report, "base_url", "messages");
  CHECK(messages["category"] == "API_UNSUPPORTED");
  CHECK(any_contains(messages["fixes"], "Claude Code"));
  CHECK(messages["evidence"]["apis_served"][0].get<std::string>().find("chat") != std::string::npos);
  const auto responses = check_for(report, "base_url", "responses");
  CHECK(responses["category"] == "API_UNSUPPORTED");
  CHECK(any_contains(responses["fixes"], "Codex"));
  CHECK(report["diagnosis"]["category"] == "API_UNSUPPORTED");
  CHECK(report["diagnosis"]["api"] == "messages");  // the APIs in the order given
}

TEST_CASE("a missing route in each gateway's words is API_UNSUPPORTED") {
  for (const char* scenario : {"missing-oneapi", "missing-fastapi", "missing-plain", "missing-method"})
    expect({scenario, "messages", "base_url", "fail", "API_UNSUPPORTED", "does not serve the Messages"});
}

TEST_CASE("a gateway that serves Messages only: chat is the API it lacks") {
  expect({"messages-only", "chat", "base_url", "fail", "API_UNSUPPORTED", "does not serve the Chat Completions"});
  expect({"messages-only", "messages", "probe", "pass", "", "succeeded"});
}

TEST_CASE("messages: which way the gateway takes the key, and the variable Claude Code needs for it") {
  // One way only: a warning, since the clients that send it the other way are refused.
  expect({"messages-auth-x-api-key", "messages", "api_key", "warn", "UNAUTHORIZED", "as x-api-key (ANTHROPIC_API_KEY) only"});
  expect({"messages-auth-bearer", "messages", "api_key", "warn", "UNAUTHORIZED", "as Authorization: Bearer (ANTHROPIC_AUTH_TOKEN) only"});
  // The way it found is the way the probe and the stream then use.
  expect({"messages-auth-bearer", "messages", "stream", "pass", "", "message_stop"});
  expect({"three-apis", "messages", "api_key", "pass", "", "both as x-api-key"});
  fake::Server server(fake::scenario("three-apis"));
  Run run = check_json(server.base_url(), {"--api", "messages"}, key_env("ak_live_wrongwrongwrongwrong1234"));
  const auto key = check_for(run.json(), "api_key", "messages");
  CHECK(key["category"] == "UNAUTHORIZED");
  CHECK(key["summary"].get<std::string>().find("both as x-api-key and as Authorization: Bearer") != std::string::npos);
}

TEST_CASE("messages: the root for ANTHROPIC_BASE_URL is named, and found from a wrong base") {
  fake::Server server(fake::scenario("three-apis"));
  const auto ok = check_for(check_json(server.base_url(), {"--api", "messages"}).json(), "base_url", "messages");
  CHECK(ok["summary"].get<std::string>().find("ANTHROPIC_BASE_URL=" + server.origin() + "/api") != std::string::npos);
  // A doubled /v1 and a missing /api: NOT_FOUND with the base that works, never API_UNSUPPORTED.
  for (const std::string& wrong : {server.base_url() + "/v1", server.origin() + "/v1"}) {
    const auto f = check_for(check_json(wrong, {"--api", "messages"}).json(), "base_url", "messages");
    INFO(wrong << ": " << f.dump(2));
    CHECK(f["category"] == "NOT_FOUND");
    CHECK(f["evidence"]["suggested_base_url"] == server.base_url());
    CHECK(any_contains(f["fixes"], "ANTHROPIC_BASE_URL=" + server.origin() + "/api"));
  }
}

TEST_CASE("messages streams judged by their grammar, as the Anthropic SDKs parse them") {
  const std::vector<Row> rows = {
      {"messages-ok", "messages", "stream", "pass", "", "message_stop"},
      {"messages-pings", "messages", "stream", "pass", "", "pings"},
      {"messages-no-stop", "messages", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "without message_stop"},
      {"messages-cut", "messages", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", ""},
      // Breaks the Anthropic SDK reads past (it pairs by data, not by event name): a warning.
      {"messages-unpaired", "messages", "stream", "warn", "STREAM_MALFORMED", "never started"},
      {"messages-stop-twice", "messages", "stream", "warn", "STREAM_MALFORMED", "after message_stop"},
      {"messages-name-mismatch", "messages", "stream", "warn", "STREAM_MALFORMED", "carries data of type"},
      {"messages-block-unclosed", "messages", "stream", "warn", "STREAM_MALFORMED", "is open"},
      // Breaks it fails on.
      {"messages-out-of-order", "messages", "stream", "fail", "STREAM_MALFORMED", "before message_start"},
      {"messages-no-start-usage", "messages", "stream", "fail", "STREAM_MALFORMED", "message_start carries no usage"},
      {"messages-error-event", "messages", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "overloaded_error"},
      {"messages-buffered", "messages", "stream", "warn", "STREAM_BUFFERED", ""},
      // A translator that writes data lines alone: the SDKs skip every event.
      {"messages-no-event-lines", "messages", "stream", "fail", "STREAM_MALFORMED", "without an \"event:\" line"},
  };
  for (const auto& row : rows) expect(row);
}

TEST_CASE("responses streams judged by their grammar, as the OpenAI SDKs and Codex parse them") {
  const std::vector<Row> rows = {
      {"responses-ok", "responses", "stream", "pass", "", "response.completed"},
      {"responses-done-after", "responses", "stream", "pass", "", "response.completed"},
      {"responses-incomplete", "responses", "stream", "pass", "", "max_output_tokens"},
      {"responses-no-terminal", "responses", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "without response.completed"},
      {"responses-cut", "responses", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", ""},
      {"responses-not-created-first", "responses", "stream", "fail", "STREAM_MALFORMED", "before response.created"},
      {"responses-seq-back", "responses", "stream", "warn", "STREAM_MALFORMED", "sequence_number"},
      {"responses-two-terminals", "responses", "stream", "warn", "STREAM_MALFORMED", "second terminal event"},
      {"responses-name-mismatch", "responses", "stream", "warn", "STREAM_MALFORMED", "carries data of type"},
      {"responses-failed", "responses", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "response.failed"},
      {"responses-incomplete-empty", "responses", "stream", "fail", "UPSTREAM_FAILURE", "content_filter"},
      {"responses-no-usage", "responses", "stream", "warn", "STREAM_USAGE_MISSING", "no usage"},
      {"responses-error-event", "responses", "stream", "fail", "UPSTREAM_STREAM_INTERRUPTED", "error event"},
      {"responses-buffered", "responses", "stream", "warn", "STREAM_BUFFERED", ""},
      // A reasoning model thinks through the doctor's 16 tokens: it asks again with room to answer.
      {"responses-reasoning", "responses", "probe", "warn", "PARAMETER_UNSUPPORTED", "max_output_tokens 256"},
      {"responses-reasoning", "responses", "stream", "pass", "", "response.completed"},
  };
  for (const auto& row : rows) expect(row);
}

TEST_CASE("errors in each API's shapes: Anthropic's error types, New API's failed conversion") {
  const std::vector<Row> rows = {
      {"messages-overloaded", "messages", "probe", "fail", "UPSTREAM_FAILURE", "Overloaded"},
      {"messages-api-error", "messages", "probe", "fail", "UPSTREAM_FAILURE", ""},
      {"messages-permission", "messages", "probe", "fail", "FORBIDDEN", ""},
      {"messages-convert-failed", "messages", "probe", "fail", "API_UNSUPPORTED", "not implemented"},
      {"responses-convert-failed", "responses", "probe", "fail", "API_UNSUPPORTED", "not implemented"},
      {"responses-upstream", "responses", "probe", "fail", "UPSTREAM_FAILURE", ""},
  };
  for (const auto& row : rows) expect(row);
  for (const char* scenario : {"messages-billing", "messages-rate-limit", "responses-rate-limit"}) {
    fake::Server server(fake::scenario(scenario));
    const std::string api = std::string(scenario).substr(0, std::string(scenario).find('-'));
    const auto report = check_json(server.base_url(), {"--api", api}).json();
    INFO(scenario << ": " << report["diagnosis"].dump(2));
    CHECK(report["diagnosis"]["category"] == "BALANCE_REJECTED");
    const bool rate = std::string(scenario).find("rate-limit") != std::string::npos;
    // A rate limit is waited out, never topped up; an empty credit balance is topped up.
    CHECK(any_contains(report["diagnosis"]["fixes"], "op up") != rate);
  }
}

TEST_CASE("count_tokens: absent passes with a note, a made-up 0 is CAPABILITY_IGNORED, a real count passes") {
  expect({"three-apis", "messages", "count_tokens", "pass", "", "no count_tokens route"});
  expect({"count-tokens-zero", "messages", "count_tokens", "fail", "CAPABILITY_IGNORED", "never compacts"});
  expect({"count-tokens-ok", "messages", "count_tokens", "pass", "", "tokens"});
  // Without Messages there is nothing to count: one skip that says which API has it.
  fake::Server server(fake::scenario("healthy"));
  const auto skip = check_of(check_json(server.base_url()).json(), "count_tokens");
  CHECK(skip["status"] == "skip");
  CHECK(skip["summary"].get<std::string>().find("--api messages") != std::string::npos);
}

TEST_CASE("apis: --api on the command line: unknown names and --request-body with several APIs are usage errors") {
  fake::Server server(fake::scenario("healthy"));
  CHECK(check_json(server.base_url(), {"--api", "grpc"}).exit_code == 2);
  TempDir dir;
  const std::string body = dir.write("body.json", R"({"model":"qwen-flash","messages":[{"role":"user","content":"hi"}]})");
  Run several = check_json(server.base_url(), {"--api", "all", "--request-body", body});
  CHECK(several.exit_code == 2);
  CHECK(several.err.find("one --api") != std::string::npos);
  // With one API, the body is linted as that API's: a chat body is no Messages request.
  fake::Server three(fake::scenario("three-apis"));
  const auto probe = check_for(check_json(three.base_url(), {"--api", "messages", "--request-body", body}).json(),
                               "probe", "messages");
  CHECK(probe["category"] == "INVALID_REQUEST_BODY");
  CHECK(probe["summary"].get<std::string>().find("max_tokens") != std::string::npos);
}
