#include <catch2/catch.hpp>

#include "checks/path_limit.hpp"

using namespace anlink;

TEST_CASE("round_seconds: a whole number within measuring error, nothing else") {
  CHECK(round_seconds(1.02) == 1);
  CHECK(round_seconds(0.9) == 1);
  CHECK(round_seconds(59.4) == 59);  // 2 % of 59 s is 1.2 s
  CHECK(round_seconds(60.9) == 61);
  CHECK(round_seconds(100.8) == 101);
  CHECK_FALSE(round_seconds(1.5));
  CHECK_FALSE(round_seconds(7.3));
  CHECK_FALSE(round_seconds(0.5));
  CHECK_FALSE(round_seconds(-3));
  CHECK_FALSE(round_seconds(std::nan("")));
  CHECK_FALSE(round_seconds(1e300));
}

TEST_CASE("name_path_limit: silence, total, statuses and who answered") {
  HttpResponse nginx;
  nginx.status = 200;
  nginx.headers.emplace("server", "nginx/1.22.1");
  auto read = name_path_limit(61.0, 60.05, nginx);
  CHECK(read.seconds == 60);
  CHECK(read.what.find("proxy_read_timeout") != std::string::npos);

  HttpResponse plain;
  plain.status = 200;
  auto total = name_path_limit(30.02, 0.01, plain);
  CHECK(total.seconds == 30);
  CHECK(total.what.find("whole request") != std::string::npos);

  auto neither = name_path_limit(7.4, 2.5, plain);
  CHECK(neither.seconds == 0);
  CHECK(neither.fix.empty());
  CHECK(neither.what.find("no round number") != std::string::npos);

  HttpResponse edge;
  edge.status = 524;
  edge.headers.emplace("cf-ray", "8f1e2d3c4b5a6978-FRA");
  auto cf = name_path_limit(100.1, 100.1, edge);
  CHECK(cf.seconds == 100);
  CHECK(cf.what.find("Cloudflare") != std::string::npos);

  HttpResponse gateway;
  gateway.status = 504;
  auto timeout = name_path_limit(60.0, 60.0, gateway);
  CHECK(timeout.what.find("HTTP 504") != std::string::npos);
  CHECK(timeout.seconds == 60);
}

TEST_CASE("name_path_limit: a second or more of silence with a proxy on the path is its idle timeout, round or not") {
  HttpResponse squid;
  squid.status = 200;
  squid.headers.emplace("via", "1.1 vm (squid/5.7)");
  auto late = name_path_limit(2.7, 2.6, squid);  // Squid's read_timeout 2 s fires late
  CHECK(late.seconds == 2);
  CHECK(late.what.find("idle (read) timeout of about 2 s in a proxy (Via: 1.1 vm (squid/5.7))") != std::string::npos);
  CHECK(late.fix.find("read_timeout") != std::string::npos);
  CHECK(name_path_limit(3.0, 2.95, squid).seconds == 3);  // just under a whole number: that number

  HttpResponse cdn;  // a CDN's Via names no proxy timer: its cut is not called a proxy's idle timeout
  cdn.status = 200;
  cdn.headers.emplace("via", "1.1 5c1b2d3e.cloudfront.net (CloudFront)");
  CHECK(name_path_limit(2.7, 2.6, cdn).what.find("idle (read) timeout of about") == std::string::npos);

  HttpResponse proxied;
  proxied.status = 200;
  proxied.proxy = {"HTTPS_PROXY", "http://127.0.0.1:3128", ""};
  auto via_variable = name_path_limit(7.4, 2.5, proxied);
  CHECK(via_variable.seconds == 2);
  CHECK(via_variable.what.find("the proxy http://127.0.0.1:3128 (from HTTPS_PROXY)") != std::string::npos);

  proxied.proxy.excluded_by = "NO_PROXY";  // not used: no proxy on the path
  CHECK(name_path_limit(7.4, 2.5, proxied).what.find("no round number") != std::string::npos);
  HttpResponse busy = squid;
  CHECK(name_path_limit(7.4, 0.4, busy).what.find("idle") == std::string::npos);  // bytes until the cut
}
