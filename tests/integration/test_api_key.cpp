#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("api_key accepts a good key with a request that cannot be billed") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(check_of(report, "api_key")["status"] == "pass");
  CHECK(report["diagnosis"]["status"] == "pass");
  bool saw_key_request = false;
  for (const auto& r : server.received()) {  // requests run concurrently: find it by its body
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (r.authorization.empty() || r.method != "POST" || !body.is_object() ||
        !body["messages"].is_array() || !body["messages"].empty())
      continue;  // not the key check's request: that one has no messages, so nothing to bill
    saw_key_request = true;
    CHECK(r.path == "/api/v1/chat/completions");  // the same URL a real client calls
    CHECK(r.authorization == std::string("Bearer ") + fake::kGoodKey);
    CHECK(r.content_type == "application/json");
  }
  CHECK(saw_key_request);
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("api_key reports a wrong key as UNAUTHORIZED and masks the key the server echoes") {
  const std::string wrong = "ak_live_0000000000000000deadbeef";
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, key_env(wrong));
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "api_key");
  CHECK(report["diagnosis"]["category"] == "UNAUTHORIZED");
  auto evidence = check_of(report, "api_key")["evidence"];
  CHECK(evidence["http_status"] == 401);
  CHECK(evidence["error_code"] == "invalid_api_key");
  CHECK(evidence["error_message"] == "Incorrect API key provided: ak_…beef");
  CHECK(report["target"]["api_key"] == "ak_…beef");
  require_key_absent(run, wrong);
}

TEST_CASE("api_key reports a key the route refuses as FORBIDDEN") {
  fake::Server server(fake::scenario("forbidden"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "api_key");
  CHECK(report["diagnosis"]["category"] == "FORBIDDEN");
  CHECK(any_contains(report["diagnosis"]["fixes"], "role"));
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("api_key reports the key in text output masked too, at every verbosity") {
  const std::string wrong = "ak_live_0000000000000000deadbeef";
  fake::Server server(fake::scenario("healthy"));
  for (const char* level : {"-v", "-q"}) {
    Run run = run_doctor({"check", level, "--base-url", server.base_url()}, key_env(wrong));
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("UNAUTHORIZED") != std::string::npos);
    require_key_absent(run, wrong);
  }
}
