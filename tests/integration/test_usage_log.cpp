#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("usage_log explains a past failure recorded for a given request id") {
  fake::Server server(fake::scenario("usage-log"));
  TempDir dir;
  Run run = check_json(server.base_url(), {"--profile-file", fake_profile(dir, server),
                                           "--request-id", fake::kPastFailureId});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "usage_log");
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().rfind(
            std::string(fake::kPastFailureId) + ": recorded as failed with UPSTREAM_STREAM_INTERRUPTED", 0) == 0);
  // The probes' own ids were looked up too, and found as successes.
  CHECK(check_of(report, "usage_log")["evidence"]["lookups"].size() == 3);
}

TEST_CASE("usage_log warns when an id is not found, saying logs may lag") {
  fake::Server server(fake::scenario("usage-log"));
  TempDir dir;
  Run run = check_json(server.base_url(), {"--profile-file", fake_profile(dir, server),
                                           "--request-id", "req/never&seen", "--no-probe"});
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "usage_log");
  CHECK(check["status"] == "warn");
  CHECK(check["summary"] == "req/never&seen: not in the usage logs (yet: logs may lag a minute)");
  // The id went into the query URL-encoded: "&" would otherwise have cut it short.
  bool encoded = false;
  for (const auto& r : server.received())
    encoded |= r.target == "/api/v1/usage/logs?request_id=req%2Fnever%26seen";
  CHECK(encoded);
}

TEST_CASE("usage_log finds the probes' own requests") {
  fake::Server server(fake::scenario("usage-log"));
  TempDir dir;
  Run run = check_json(server.base_url(), {"--profile-file", fake_profile(dir, server)});
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "usage_log");
  CHECK(check["status"] == "pass");
  CHECK(check["summary"].get<std::string>().find("found, recorded as \"success\"") != std::string::npos);
}

TEST_CASE("usage_log without an endpoint names the ids, the time window and the console") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--request-id", "req_abc"});
  auto check = check_of(run.json(), "usage_log");
  CHECK(check["status"] == "skip");
  CHECK(check["summary"].get<std::string>().find("look up req_abc, req_") != std::string::npos);
  CHECK(check["summary"].get<std::string>().find("https://console.anlinkai.com") != std::string::npos);
  CHECK(check["evidence"]["probe_window_utc"].get<std::string>().find("UTC") != std::string::npos);
}
