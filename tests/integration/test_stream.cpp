#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("stream passes with usage and [DONE], with time to first chunk in evidence") {
  fake::Server server(fake::scenario("healthy"));
  auto stream = check_of(check_json(server.base_url()).json(), "stream");
  CHECK(stream["status"] == "pass");
  CHECK(stream["evidence"]["done"] == true);
  CHECK(stream["evidence"]["usage"]["total_tokens"] == 6);
  CHECK(stream["evidence"]["first_chunk_ms"].is_number());
  CHECK(stream["evidence"]["total_ms"].is_number());
  bool asked_for_usage = false;
  for (const auto& r : server.received())
    if (r.body.find("\"stream\":true") != std::string::npos)
      asked_for_usage = nlohmann::json::parse(r.body)["stream_options"]["include_usage"] == true;
  CHECK(asked_for_usage);
}

TEST_CASE("stream delivery: time to first token, tokens per second and the longest pause") {
  fake::Server server(fake::scenario("stream-paced"));
  auto stream = check_of(check_json(server.base_url()).json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["status"] == "pass");
  const auto& e = stream["evidence"];
  CHECK(e["content_chunks"] == 33);
  CHECK(e["ttft_ms"].is_number());
  CHECK(e["tokens_per_s"].get<double>() > 0);
  CHECK(e["max_gap_ms"].get<long>() >= 10);
  CHECK(e["bursts"].get<int>() > 16);
  CHECK_FALSE(e.contains("buffered_by"));
  CHECK(stream["summary"].get<std::string>().find("tokens/s") != std::string::npos);
  // It asked for enough tokens to see them arrive, and said how many at most.
  bool counted = false;
  for (const auto& r : server.received())
    if (r.body.find("\"stream\":true") != std::string::npos)
      counted = nlohmann::json::parse(r.body)["max_tokens"] == 64;
  CHECK(counted);
}

TEST_CASE("stream delivery: chunks held back and delivered together are STREAM_BUFFERED, naming nginx") {
  fake::Server server(fake::scenario("stream-buffered"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);  // the stream works: a warning
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"] == "STREAM_BUFFERED");
  CHECK(stream["evidence"]["buffered_by"] == "nginx (proxy_buffering)");
  CHECK(stream["evidence"]["largest_burst"] == stream["evidence"]["content_chunks"]);
  CHECK(stream["fixes"][0].get<std::string>().find("proxy_buffering off") != std::string::npos);
  CHECK(run.json()["diagnosis"]["category"] == "STREAM_BUFFERED");
  CHECK(check_json(server.base_url(), {"--strict"}).exit_code == 1);
}

TEST_CASE("stream delivery: a short answer held back and delivered in one late read is STREAM_BUFFERED, a fast one is not") {
  fake::Server held(fake::scenario("stream-held-short"));
  auto stream = check_of(check_json(held.base_url()).json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["evidence"]["content_chunks"] == 6);
  CHECK(stream["evidence"]["bursts"] == 1);
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"] == "STREAM_BUFFERED");
  CHECK(stream["summary"].get<std::string>().find("its 6 chunks of text arrived together after") != std::string::npos);

  // The same short answer whole at once from a fast server: nothing was held, no alarm.
  fake::Server fast(fake::scenario("stream-burst-short"));
  auto quick = check_of(check_json(fast.base_url()).json(), "stream");
  INFO(quick.dump(2));
  CHECK(quick["evidence"]["content_chunks"] == 6);
  CHECK(quick["status"] == "pass");
}

TEST_CASE("stream interrupted: broken transfer, clean close, error event, error chunk") {
  struct Case {
    std::string scenario, summary;
  };
  auto c = GENERATE(values<Case>({
      {"stream-broken", "the stream broke off after 2 chunks (the transfer was cut before its end)"},
      {"stream-clean-close", "the stream ended after 2 chunks without [DONE] (the connection was closed early)"},
      {"stream-error-event", "the stream carried an error event: UPSTREAM_STREAM_INTERRUPTED: upstream connection reset"},
      {"stream-error-chunk", "the stream carried an error event: 502: Provider disconnected"},
  }));
  fake::Server server(fake::scenario(c.scenario));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(check_of(report, "probe")["status"] == "pass");
  CHECK(report["diagnosis"]["check"] == "stream");
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(report["diagnosis"]["summary"] == c.summary);
  auto id = check_of(report, "stream")["evidence"]["request_id"].get<std::string>();
  CHECK(any_contains(report["diagnosis"]["fixes"], "Look up request id " + id));
}

TEST_CASE("stream that ends without usage is a STREAM_USAGE_MISSING warning") {
  fake::Server server(fake::scenario("stream-no-usage"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["diagnosis"]["status"] == "warn");
  CHECK(report["diagnosis"]["category"] == "STREAM_USAGE_MISSING");
  CHECK(check_json(server.base_url(), {"--strict"}).exit_code == 1);
}

TEST_CASE("stream: a gateway that refuses stream_options fails (SDK streams with include_usage get a 400), told from a broken stream") {
  fake::Server server(fake::scenario("stream-reject-options"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto stream = check_of(run.json(), "stream");
  CHECK(stream["status"] == "fail");
  CHECK(stream["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(stream["summary"].get<std::string>().rfind("the gateway refuses stream_options", 0) == 0);
  for (const auto& fix : stream["fixes"])  // the doctor had sent it: never "send stream_options"
    CHECK(fix.get<std::string>().rfind("Send stream_options", 0) == std::string::npos);
  CHECK(stream["evidence"]["done"] == true);  // the retry without it streamed fine
  int streams = 0, without_options = 0;
  for (const auto& r : server.received())
    if (r.body.find("\"stream\":true") != std::string::npos) {
      ++streams;
      without_options += r.body.find("stream_options") == std::string::npos;
    }
  CHECK(streams == 2);
  CHECK(without_options == 1);
}

TEST_CASE("stream reaching the doctor's own limit is CLIENT_STREAM_CLOSED, naming the limit") {
  fake::Server server(fake::scenario("stream-slow"));
  Run run = check_json(server.base_url(), {"--timeout", "1"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "stream");
  CHECK(report["diagnosis"]["category"] == "CLIENT_STREAM_CLOSED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("limit of 1 s") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["commands"], "--timeout 60"));
}

TEST_CASE("no-stream skips only the stream") {
  fake::Server server(fake::scenario("stream-broken"));
  Run run = check_json(server.base_url(), {"--no-stream"});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(check_of(report, "stream")["summary"] == "--no-stream");
  CHECK(check_of(report, "probe")["status"] == "pass");
  CHECK(server.billable() == 1);
}
