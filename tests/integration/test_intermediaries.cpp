// Real intermediaries in front of the fake gateway, as users deploy them: Debian's nginx
// (buffering, gzip, a short read timeout) and nghttpx as an HTTP/2 TLS front.
#include <catch2/catch.hpp>

#include "support/certs.hpp"
#include "support/doctor.hpp"
#include "support/intermediary.hpp"

using namespace support;

namespace {

nlohmann::json stream_check(const Run& run) {
  auto stream = check_of(run.json(), "stream");
  INFO(run.out << run.err);
  REQUIRE(stream.is_object());
  return stream;
}

}  // namespace

TEST_CASE("nginx with its defaults (proxy_buffering on, HTTP/1.0 upstream) holds a stream back: STREAM_BUFFERED, naming nginx") {
  fake::Server server(fake::scenario("stream-paced"));
  Nginx nginx(server.port(), "");
  Run run = check_json(nginx.origin() + "/api/v1");
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(run.exit_code == 0);  // the stream works: a warning
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"] == "STREAM_BUFFERED");
  CHECK(stream["evidence"]["buffered_by"] == "nginx (proxy_buffering)");
  CHECK(stream["evidence"]["chunks_per_read"].get<double>() >= 4);
  CHECK(stream["fixes"][0].get<std::string>().find("proxy_buffering off") != std::string::npos);
  CHECK(run.json()["diagnosis"]["category"] == "STREAM_BUFFERED");
}

TEST_CASE("nginx with proxy_buffering off passes the stream through: no warning") {
  fake::Server server(fake::scenario("stream-paced"));
  Nginx nginx(server.port(), "proxy_buffering off;");
  Run run = check_json(nginx.origin() + "/api/v1");
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(stream["status"] == "pass");
  CHECK_FALSE(stream["evidence"].contains("buffered_by"));
  CHECK(stream["evidence"]["chunks_per_read"].get<double>() < 4);
  CHECK(stream["summary"].get<std::string>().find("tokens/s") != std::string::npos);
}

TEST_CASE("nginx compressing text/event-stream holds the whole answer: STREAM_BUFFERED, naming gzip") {
  fake::Server server(fake::scenario("stream-paced"));
  // HTTP/1.1 to the upstream: nginx's buffering alone would pass this stream on as it comes.
  Nginx nginx(server.port(), "proxy_http_version 1.1; gzip on; gzip_types text/event-stream;");
  Run run = check_json(nginx.origin() + "/api/v1");
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"] == "STREAM_BUFFERED");
  CHECK(stream["evidence"]["buffered_by"].get<std::string>().find("gzip") != std::string::npos);
  CHECK(stream["evidence"]["bursts"] == 1);
  CHECK(stream["fixes"][0].get<std::string>().find("gzip_types") != std::string::npos);
}

TEST_CASE("hold through nginx with a 1 s proxy_read_timeout: the cut is named as a 1 s read timeout of nginx") {
  fake::Server server(fake::scenario("stream-stall"));  // a long answer goes silent for 3 s
  Nginx nginx(server.port(), "proxy_buffering off; proxy_read_timeout 1s;");
  Run run = check_json(nginx.origin() + "/api/v1", {"--hold", "4"});
  auto stream = stream_check(run);
  INFO(stream.dump(2) << nginx.error_log());
  CHECK(run.exit_code == 1);
  CHECK(stream["status"] == "fail");
  CHECK(stream["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  const auto summary = stream["summary"].get<std::string>();
  CHECK(summary.find("read (idle) timeout of 1 s") != std::string::npos);
  CHECK(summary.find("proxy_read_timeout") != std::string::npos);
  CHECK(stream["evidence"]["hold"]["limit_s"] == 1);
  CHECK(stream["evidence"]["hold"]["content_chunks"].get<int>() >= 1);
  CHECK(stream["evidence"]["done"] == true);  // the short stream before it was fine
  CHECK(any_contains(stream["fixes"], "proxy_read_timeout"));
  CHECK(nginx.error_log().find("upstream timed out") != std::string::npos);  // nginx agrees
}

TEST_CASE("hold through nginx when the first byte comes late: its 504 is named with the limit") {
  fake::Server server(fake::scenario("stream-late-headers"));  // a long answer's headers 3 s late
  Nginx nginx(server.port(), "proxy_read_timeout 1s;");
  Run run = check_json(nginx.origin() + "/api/v1", {"--hold", "4"});
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(stream["status"] == "fail");
  const auto summary = stream["summary"].get<std::string>();
  CHECK(summary.find("HTTP 504") != std::string::npos);
  CHECK(summary.find("nginx after 1 s") != std::string::npos);
  CHECK(stream["evidence"]["hold"]["limit_s"] == 1);
}

TEST_CASE("nghttpx as an HTTP/2 TLS front: every request, the stream too, runs over HTTP/2 and passes") {
  fake::Server server(fake::scenario("stream-paced"));
  Nghttpx front(server.port());
  Run run = check_json(front.origin() + "/api/v1", {"--cacert", certs().ca});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["diagnosis"]["status"] == "pass");
  int over_h2 = 0;
  for (const auto& c : report["checks"])
    if (c["evidence"].contains("http_version")) {
      CHECK(c["evidence"]["http_version"] == "2");
      ++over_h2;
    }
  CHECK(over_h2 >= 4);
  CHECK(check_of(report, "stream")["evidence"]["chunks_per_read"].get<double>() < 4);
}

TEST_CASE("nghttpx: a stream the backend breaks is reset, and named an HTTP/2 reset") {
  fake::Server server(fake::scenario("stream-broken"));
  Nghttpx front(server.port());
  Run run = check_json(front.origin() + "/api/v1", {"--cacert", certs().ca});
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(stream["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(stream["summary"].get<std::string>().rfind("the HTTP/2 stream was reset", 0) == 0);
  CHECK(stream["evidence"]["transport_error"] == "stream_reset");
  CHECK(check_of(run.json(), "probe")["status"] == "pass");
}

TEST_CASE("hold through nghttpx with a 1 s backend read timeout: the reset is named as that limit") {
  fake::Server server(fake::scenario("stream-stall"));
  Nghttpx front(server.port(), {"--backend-read-timeout=1"});
  Run run = check_json(front.origin() + "/api/v1", {"--cacert", certs().ca, "--hold", "4"});
  auto stream = stream_check(run);
  INFO(stream.dump(2));
  CHECK(stream["status"] == "fail");
  const auto summary = stream["summary"].get<std::string>();
  CHECK(summary.find("the HTTP/2 stream was reset") != std::string::npos);
  CHECK(summary.find("read (idle) timeout of 1 s") != std::string::npos);
  CHECK(summary.find("nghttpx") != std::string::npos);
  CHECK(stream["evidence"]["hold"]["transport_error"] == "stream_reset");
}
