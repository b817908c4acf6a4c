#include <catch2/catch.hpp>

#include "core/category.hpp"
#include "support/doctor.hpp"
#include "util/text.hpp"

using namespace support;

TEST_CASE("explain answers every category id, in any case") {
  for (const auto& row : anlink::category_table()) {
    const std::string id(row.id);
    for (const std::string& asked : {id, anlink::text::lower(id)}) {
      Run run = run_doctor({"explain", asked});
      INFO(asked << ": " << run.err);
      CHECK(run.exit_code == 0);
      CHECK(run.out.find("→ " + id + ": ") != std::string::npos);
      CHECK(run.out.find("What to do:") != std::string::npos);
    }
  }
}

TEST_CASE("explain answers the platform codes of the troubleshooting page") {
  for (const char* code : {"UPSTREAM_STREAM_INTERRUPTED", "STREAM_USAGE_MISSING", "CLIENT_STREAM_CLOSED"}) {
    Run run = run_doctor({"explain", code, "--format", "json"});
    CHECK(run.exit_code == 0);
    CHECK(run.json()["category"] == code);
  }
}

TEST_CASE("explain answers each HTTP status gateways use, from 400 to 504") {
  for (int status : {400, 401, 402, 403, 404, 405, 408, 409, 413, 415, 422, 429, 499, 500, 502, 503, 504}) {
    Run run = run_doctor({"explain", std::to_string(status), "--format", "json"});
    INFO(status);
    CHECK(run.exit_code == 0);
    auto doc = run.json();
    CHECK(doc["category"].is_string());
    CHECK(doc["notes"].size() == 1);
    CHECK(doc["http_status"] == status);
  }
}

TEST_CASE("explain answers gateway codes by name") {
  Run run = run_doctor({"explain", "insufficient_quota", "--format", "json"});
  CHECK(run.json()["category"] == "BALANCE_REJECTED");
  CHECK(run.json()["notes"][0].get<std::string>().find("not a rate limit") != std::string::npos);
}

TEST_CASE("explain classifies a saved 429 as an empty balance or a rate limit from its body") {
  TempDir dir;
  std::string quota = dir.write("quota.json", R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})");
  Run a = run_doctor({"explain", "--status", "429", "--body", quota});
  CHECK(a.exit_code == 0);
  CHECK(a.out.find("→ BALANCE_REJECTED") != std::string::npos);
  CHECK(a.out.find("not a rate limit: top up") != std::string::npos);
  std::string rate = dir.write("rate.json", R"({"error":{"message":"Rate limit reached for requests","code":"rate_limit_exceeded"}})");
  Run b = run_doctor({"explain", "--status", "429", "--body", rate});
  CHECK(b.out.find("This one is a rate limit") != std::string::npos);
}

TEST_CASE("explain reads a saved body from stdin, HTML included, and shows its request id") {
  Run html = run_doctor({"explain", "--status", "502", "--body", "-", "--format", "json"}, {},
                        "<html><head><title>502 Bad Gateway</title></head></html>");
  CHECK(html.exit_code == 0);
  auto doc = html.json();
  CHECK(doc["category"] == "UPSTREAM_FAILURE");
  CHECK(doc["error"]["kind"] == "html");
  CHECK(doc["error"]["message"] == "502 Bad Gateway");
  Run oneapi = run_doctor({"explain", "--status", "403", "--body", "-"}, {},
                          R"j({"error":{"message":"user quota is not enough (request id: 2024XYZ)","type":"new_api_error","code":"pre_consume_token_quota_failed"}})j");
  CHECK(oneapi.out.find("(request id 2024XYZ)") != std::string::npos);
  CHECK(oneapi.out.find("→ BALANCE_REJECTED") != std::string::npos);
}

TEST_CASE("explain refuses what it cannot answer with exit 2 and a suggestion") {
  Run typo = run_doctor({"explain", "UNAUTHORISED"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean \"UNAUTHORIZED\"?") != std::string::npos);
  CHECK(run_doctor({"explain"}).exit_code == 2);
  CHECK(run_doctor({"explain", "429", "--status", "429"}).exit_code == 2);
  CHECK(run_doctor({"explain", "--status", "429", "--body", "/nonexistent"}).exit_code == 2);
  CHECK(run_doctor({"explain", "--status", "700"}).exit_code == 2);
}
