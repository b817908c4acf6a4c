// Evidence is gathered at once and judged in order; what a failed prerequisite makes
// pointless is not sent; the doctor's own time limits are never blamed on the server.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("concurrency: the checks' requests go out together, and are judged in table order") {
  fake::Config config = fake::scenario("healthy");
  config.rendezvous = true;  // the key check is answered only once a completion arrived too
  fake::Server server(config);
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(check_of(report, "api_key")["status"] == "pass");
  std::vector<std::string> order;
  for (const auto& c : report["checks"]) order.push_back(c["id"]);
  CHECK(order == std::vector<std::string>{"config", "base_url", "api_key", "model", "balance",
                                          "probe", "stream", "count_tokens", "usage_log"});
}

TEST_CASE("concurrency: --sequential sends one request at a time") {
  fake::Config config = fake::scenario("healthy");
  config.rendezvous = true;
  fake::Server server(config);
  Run run = check_json(server.base_url(), {"--sequential"});
  auto api_key = check_of(run.json(), "api_key");
  CHECK(api_key["status"] == "warn");  // the server waited in vain for a completion
  CHECK(api_key["evidence"]["error_code"] == "rendezvous");
  CHECK(server.billable() == 2);  // the probe, after the key check; then the stream
}

TEST_CASE("concurrency: nothing is sent ahead to a host that does not resolve") {
  Run run = check_json("https://api.no-such-gateway.invalid/api/v1");
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "base_url");
  for (const auto& c : report["checks"])
    CHECK_FALSE(c["evidence"].contains("request_went_out_ahead"));
}

TEST_CASE("concurrency: a request whose prerequisite failed is left unjudged, and said so") {
  fake::Server server(fake::scenario("model-disabled"));
  auto report = check_json(server.base_url()).json();
  CHECK(report["diagnosis"]["category"] == "MODEL_DISABLED");
  CHECK(check_of(report, "probe")["summary"] == "prerequisite model failed");
  CHECK(check_of(report, "probe")["evidence"]["request_went_out_ahead"] == true);
  CHECK(check_of(report, "stream")["status"] == "skip");
}

TEST_CASE("max-time: the limit ends the whole run, and what it cut is a warning, not the server's fault") {
  fake::Server server(fake::scenario("trickle"));  // one byte every 100 ms, for ever
  Run run = check_json(server.base_url(), {"--max-time", "1", "--timeout", "30"});
  CHECK(run.exit_code == 0);  // nothing failed; --strict would make it 1
  auto report = run.json();
  auto base = check_of(report, "base_url");
  CHECK(base["status"] == "warn");
  CHECK(base["summary"].get<std::string>().find(
            "not finished: the run's time limit (--max-time 1 s) ended the request") == 0);
  CHECK(base["evidence"]["ended_by"] == "the run's time limit (--max-time 1 s)");
  for (const auto& c : report["checks"]) {  // cut with the rest, or not run at all
    if (c["id"] == "config") continue;
    const std::string summary = c["summary"];
    INFO(c["id"] << ": " << summary);
    CHECK((c["status"] == "warn" || c["status"] == "skip"));
    CHECK((!c.contains("category") || c["category"].is_null()));
    CHECK(summary.find("balance covers") == std::string::npos);  // a cut probe proves nothing
  }
  CHECK(check_json(server.base_url(), {"--max-time", "1", "--strict"}).exit_code == 1);
}

TEST_CASE("max-time: nonsense values with exit 2") {
  for (auto bad : {std::vector<std::string>{"--max-time", "-1"}, {"--max-time", "abc"},
                   {"--max-time", "100000"}, {"--max-time", "0.0001"}, {"--max-time", "nan"},
                   {"--max-time", "inf"}, {"--timeout", "1e-9"}, {"--timeout", "nan"}}) {
    Run run = check_json("http://127.0.0.1:9/api/v1", bad);
    INFO(bad[0] << " " << bad[1] << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
  }
}
