// --hold SECONDS: one long stream kept open, and what cut it named (see also
// test_intermediaries.cpp: nginx's and nghttpx's real timeouts).
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("hold: a stream that stays open for the whole hold passes, and says so") {
  fake::Server server(fake::scenario("stream-long"));
  Run run = check_json(server.base_url(), {"--hold", "2"});
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(stream["status"] == "pass");
  CHECK(stream["summary"].get<std::string>().find("stayed open for the 2 s asked") != std::string::npos);
  CHECK(stream["evidence"]["hold"]["held_s"].get<double>() >= 1.9);
  CHECK(stream["evidence"]["hold"]["content_chunks"].get<int>() > 10);
  // It asked for a long answer, with a token limit, once.
  int long_asks = 0;
  for (const auto& r : server.received())
    if (r.body.find("10000") != std::string::npos) {
      ++long_asks;
      CHECK(nlohmann::json::parse(r.body)["max_tokens"] == 256);
    }
  CHECK(long_asks == 1);
}

TEST_CASE("hold: an edge's 524 before the first byte is named as Cloudflare's limit") {
  fake::Server server(fake::scenario("stream-edge-524"));
  Run run = check_json(server.base_url(), {"--hold", "3"});
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(stream["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(stream["summary"].get<std::string>().find("Cloudflare") != std::string::npos);
  CHECK(stream["summary"].get<std::string>().find("524") != std::string::npos);
  CHECK(stream["evidence"]["hold"]["http_status"] == 524);
  for (const auto& fix : stream["fixes"])  // streaming or retrying would meet the same limit
    CHECK(fix.get<std::string>().find("Retry") == std::string::npos);
}

TEST_CASE("hold: a model that finishes before the hold proves only its own length: a warning") {
  fake::Server server(fake::scenario("stream-paced"));  // 33 tokens, about 0.5 s
  Run run = check_json(server.base_url(), {"--hold", "3"});
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(stream["status"] == "warn");
  CHECK(stream["summary"].get<std::string>().find("before the 3 s asked") != std::string::npos);
}

TEST_CASE("hold: the run's own --max-time ending it is the doctor's limit, never the path's") {
  fake::Server server(fake::scenario("stream-long"));
  Run run = check_json(server.base_url(), {"--hold", "10", "--max-time", "3"});
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["status"] == "warn");
  CHECK(stream["summary"].get<std::string>().find("--max-time") != std::string::npos);
  CHECK_FALSE(stream["evidence"]["hold"].contains("limit_s"));
}

TEST_CASE("hold: out-of-range seconds are a usage error, --no-stream sends no long stream") {
  fake::Server server(fake::scenario("stream-long"));
  for (const char* bad : {"0.5", "3601", "nan", "-1"}) {
    Run run = check_json(server.base_url(), {"--hold", bad});
    CHECK(run.exit_code == 2);
  }
  Run run = check_json(server.base_url(), {"--hold", "2", "--no-stream"});
  CHECK(run.exit_code == 0);
  for (const auto& r : server.received()) CHECK(r.body.find("10000") == std::string::npos);
}
