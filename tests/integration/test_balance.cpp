#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("balance fails when the probe is refused for balance, as 429 and as 402") {
  auto name = GENERATE(as<std::string>{}, "completion-balance-429", "completion-balance-402");
  fake::Server server(fake::scenario(name));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(check_of(report, "api_key")["status"] == "pass");
  auto balance = check_of(report, "balance");
  CHECK(balance["status"] == "fail");
  CHECK(balance["category"] == "BALANCE_REJECTED");
  CHECK(balance["evidence"]["rate_limited"] == false);
  CHECK(any_contains(balance["fixes"], "Top up"));
  CHECK(report["diagnosis"]["check"] == "balance");
  // The probe's answer was judged, by balance; the stream, sent with it, was not, and says so.
  CHECK(check_of(report, "probe")["summary"] == "prerequisite balance failed");
  CHECK(check_of(report, "stream")["summary"] == "prerequisite probe failed");
  CHECK(check_of(report, "stream")["evidence"]["request_went_out_ahead"] == true);
  CHECK_FALSE(check_of(report, "probe")["evidence"].contains("request_went_out_ahead"));
}

TEST_CASE("balance tells a rate limit from an empty balance, with the wait from Retry-After") {
  fake::Server server(fake::scenario("completion-rate-limit"));
  auto balance = check_of(check_json(server.base_url()).json(), "balance");
  CHECK(balance["category"] == "BALANCE_REJECTED");
  CHECK(balance["evidence"]["rate_limited"] == true);
  CHECK(balance["evidence"]["retry_after"] == "20");
  CHECK(balance["evidence"]["x-ratelimit-remaining-requests"] == "0");
  CHECK(balance["summary"].get<std::string>().rfind("rate limited, not out of balance", 0) == 0);
  CHECK(any_contains(balance["fixes"], "Wait 20 s"));
  CHECK_FALSE(any_contains(balance["fixes"], "Top up"));
}

TEST_CASE("balance reads a 403 that speaks of quota as a balance rejection") {
  fake::Server server(fake::scenario("completion-quota-403"));
  auto report = check_json(server.base_url()).json();
  CHECK(report["diagnosis"]["category"] == "BALANCE_REJECTED");
  CHECK(check_of(report, "balance")["evidence"]["error_code"] == "pre_consume_token_quota_failed");
}

TEST_CASE("balance from the profile's endpoint: healthy passes with the amount") {
  fake::Server server(fake::scenario("balance-endpoint-healthy"));
  TempDir dir;
  Run run = check_json(server.base_url(), {"--profile-file", fake_profile(dir, server)});
  auto balance = check_of(run.json(), "balance");
  CHECK(balance["status"] == "pass");
  CHECK(balance["summary"] == "the balance is 12.50 USD");
  CHECK(balance["evidence"]["balance"] == 12.5);
}

TEST_CASE("balance from the profile's endpoint: empty fails, even with --no-probe") {
  fake::Server server(fake::scenario("balance-endpoint-empty"));
  TempDir dir;
  Run run = check_json(server.base_url(), {"--profile-file", fake_profile(dir, server), "--no-probe"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "balance");
  CHECK(report["diagnosis"]["category"] == "BALANCE_REJECTED");
  CHECK(report["diagnosis"]["summary"] ==
        "the balance is 0.00 USD, at or below the minimum of 0.01: calls will be refused");
  CHECK(server.billable() == 0);
}

TEST_CASE("balance without an endpoint and with --no-probe says where to look") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--no-probe"});
  CHECK(run.exit_code == 0);
  auto balance = check_of(run.json(), "balance");
  CHECK(balance["status"] == "skip");
  CHECK(balance["summary"].get<std::string>().find("https://console.anlinkai.com") != std::string::npos);
}
