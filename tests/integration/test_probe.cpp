#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("probe passes on a healthy gateway and records request id, usage and cost") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto probe = check_of(run.json(), "probe");
  CHECK(probe["status"] == "pass");
  CHECK(probe["evidence"]["request_id"].get<std::string>().rfind("req_", 0) == 0);
  CHECK(probe["evidence"]["usage"]["total_tokens"] == 6);
  CHECK(probe["evidence"]["cost_estimate"] == "0.00000055");  // 5 × 0.00007/1K + 1 × 0.0002/1K
  bool sent_minimal = false;
  for (const auto& r : server.received()) {
    if (r.method != "POST" || r.authorization.empty()) continue;
    auto body = nlohmann::json::parse(r.body);
    if (body["messages"].empty() || body.contains("stream")) continue;
    sent_minimal = true;
    CHECK(r.path == "/api/v1/chat/completions");
    CHECK(body["max_tokens"] == 1);
    CHECK(body["messages"].size() == 1);
  }
  CHECK(sent_minimal);
}

TEST_CASE("probe reports a model disabled only at call time") {
  fake::Server server(fake::scenario("completion-model-disabled"));
  auto report = check_json(server.base_url()).json();
  CHECK(check_of(report, "model")["status"] == "pass");  // the catalog says active
  CHECK(report["diagnosis"]["check"] == "probe");
  CHECK(report["diagnosis"]["category"] == "MODEL_DISABLED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("disabled only at call time") !=
        std::string::npos);
  CHECK(check_of(report, "balance")["status"] == "skip");
}

TEST_CASE("probe reports an upstream 5xx with JSON and with HTML, pointing at the request id") {
  auto name = GENERATE(as<std::string>{}, "completion-upstream-json", "completion-upstream-html");
  fake::Server server(fake::scenario(name));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "probe");
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_FAILURE");
  auto id = check_of(report, "probe")["evidence"]["request_id"].get<std::string>();
  CHECK(any_contains(report["diagnosis"]["fixes"], "Look up request id " + id + " in the Usage Logs"));
}

TEST_CASE("probe reports a 200 that is not a completion as an upstream failure") {
  struct Case {
    std::string scenario, summary;
  };
  auto c = GENERATE(values<Case>({
      {"completion-error-inside", "the completion answered HTTP 200 carrying an error: upstream timed out"},
      {"completion-empty", "the completion answered HTTP 200 with an empty body"},
  }));
  fake::Server server(fake::scenario(c.scenario));
  auto report = check_json(server.base_url()).json();
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_FAILURE");
  CHECK(report["diagnosis"]["summary"] == c.summary);
}

TEST_CASE("probe adapts once when the platform refuses its own max_tokens, and says so in a warning") {
  fake::Server server(fake::scenario("completion-min-tokens"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto probe = check_of(run.json(), "probe");
  CHECK(probe["status"] == "warn");
  CHECK(probe["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(probe["summary"].get<std::string>().find("only with max_tokens 16") != std::string::npos);
  Run text = run_doctor({"check", "--base-url", server.base_url()}, key_env());  // default output
  CHECK(text.out.find("only with max_tokens 16") != std::string::npos);
  CHECK(probe["evidence"]["adaptation"].get<std::string>().find("sent again with max_tokens 16") !=
        std::string::npos);
}

TEST_CASE("no-probe sends no billable request at all") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--no-probe"});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(check_of(report, "probe")["summary"] == "--no-probe: no billable request is sent");
  CHECK(check_of(report, "stream")["status"] == "skip");
  // The fake's catalog is public, as AnLinkAI's may be: nothing unbillable proves the key.
  CHECK(check_of(report, "api_key")["status"] == "warn");
  CHECK(check_of(report, "api_key")["summary"].get<std::string>().find("--no-probe sends nothing billable") !=
        std::string::npos);
  CHECK(server.billable() == 0);
  for (const auto& r : server.received())  // not even a request the key check could be billed for
    CHECK_FALSE((r.method == "POST" && !r.authorization.empty()));
}

TEST_CASE("a healthy run sends exactly two billable requests: the probe and the stream") {
  fake::Server server(fake::scenario("healthy"));
  CHECK(check_json(server.base_url()).exit_code == 0);
  CHECK(server.billable() == 2);
}
