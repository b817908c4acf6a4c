#include <catch2/catch.hpp>

#include "support/certs.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

void require_suggested_base(const nlohmann::json& report, const std::string& base) {
  INFO(report.dump(2));
  auto check = check_of(report, "base_url");
  CHECK(check["status"] == "fail");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["evidence"]["suggested_base_url"] == base);
  CHECK(check["evidence"]["suggestion_confirmed"] == true);
  CHECK(any_contains(check["commands"], " check --base-url " + base));
  CHECK(report["diagnosis"]["check"] == "base_url");
}

}  // namespace

namespace {

fake::Config redirecting_to(const std::string& location) {
  fake::Config config;
  config.chat = "redirect";
  config.redirect_to = location;
  return config;
}

}  // namespace

TEST_CASE("base_url without the /api/v1 prefix is found and the right one confirmed") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.origin());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(check_of(report, "base_url")["summary"] ==
        server.origin() + "/chat/completions does not exist (HTTP 404)");
  CHECK(any_contains(report["diagnosis"]["fixes"], "{base}/chat/completions"));
  require_suggested_base(report, server.base_url());
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("base_url with the prefix twice is named and corrected") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url() + "/api/v1");
  auto report = run.json();
  CHECK(check_of(report, "base_url")["summary"] ==
        "the base URL has the prefix /api/v1 twice (HTTP 404)");
  require_suggested_base(report, server.base_url());
}

TEST_CASE("base_url ending in /chat/completions is named and corrected") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url() + "/chat/completions");
  auto report = run.json();
  CHECK(check_of(report, "base_url")["summary"].get<std::string>().find(
            "already ends in /chat/completions") != std::string::npos);
  require_suggested_base(report, server.base_url());
  // The doctor called the URL a real client would build from that base.
  bool route_called = false;  // the route's request is the POST without a key
  for (const auto& r : server.received())
    if (r.method == "POST" && r.authorization.empty() && !route_called) {
      route_called = true;
      CHECK(r.path == "/api/v1/chat/completions/chat/completions");
    }
  CHECK(route_called);
}

TEST_CASE("base_url pointing at a website that answers HTML with 200 is not the API") {
  fake::Server server(fake::scenario("website"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["summary"] == "the chat route answers with a web page (HTTP 200, text/html), not as the API");
  CHECK(check["evidence"]["http_status"] == 200);
}

TEST_CASE("base_url names a refused connection") {
  const std::string base = "http://127.0.0.1:" + std::to_string(fake::closed_port()) + "/api/v1";
  Run run = check_json(base);
  CHECK(run.exit_code == 1);
  auto report = run.json();
  auto check = check_of(report, "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "connection_refused");
  CHECK(check["summary"].get<std::string>().find("connection refused") != std::string::npos);
  CHECK(check_of(report, "api_key")["status"] == "skip");
  CHECK(check_of(report, "model")["status"] == "skip");
}

TEST_CASE("base_url names a host that does not resolve") {
  Run run = check_json("https://api.no-such-gateway.invalid/api/v1");
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "dns");
  CHECK(check["summary"] == "the host \"api.no-such-gateway.invalid\" does not resolve (DNS)");
}

TEST_CASE("base_url ends within its limit against a server that never answers") {
  fake::SilentServer silent;
  const std::string base = "http://127.0.0.1:" + std::to_string(silent.port()) + "/api/v1";
  Run run = check_json(base, {"--timeout", "1"});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "timeout");
  CHECK(any_contains(check["fixes"], "--timeout"));
}

TEST_CASE("base_url: a redirect to another host (127.0.0.2) is reported, and never carries the key there") {
  fake::Config other = fake::scenario("healthy");
  other.host = "127.0.0.2";
  fake::Server target(other);
  fake::Server redirecting(redirecting_to(target.base_url() + "/chat/completions"));
  Run run = check_json(redirecting.base_url());
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["evidence"]["http_status"] == 301);
  CHECK(check["summary"].get<std::string>().find("send a 301 again as a GET without its body") != std::string::npos);
  CHECK(check["evidence"]["redirect_to"] == "http://127.0.0.2:" + std::to_string(target.port()) +
                                                "/api/v1/chat/completions");
  CHECK(check["evidence"]["suggested_base_url"] == target.base_url());  // confirmed without the key
  CHECK(check["evidence"]["suggestion_confirmed"] == true);
  CHECK(any_contains(check["commands"], "--base-url " + target.base_url()));
  REQUIRE_FALSE(target.received().empty());
  for (const auto& r : target.received()) CHECK(r.authorization.empty());
  bool key_sent = false;  // the key went only where it was pointed: the redirecting host
  for (const auto& r : redirecting.received()) key_sent |= !r.authorization.empty();
  CHECK(key_sent);
}

TEST_CASE("base_url names an http:// to https:// upgrade and suggests the https:// base") {
  fake::Server tls(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  fake::Server plain(redirecting_to(tls.base_url() + "/chat/completions"));  // same host, https://
  Run run = check_json(plain.base_url(), {"--cacert", certs().ca});
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["summary"].get<std::string>().find("the server upgrades http:// to https://") !=
        std::string::npos);
  CHECK(check["evidence"]["suggested_base_url"] == tls.base_url());
  for (const auto& r : tls.received()) CHECK(r.authorization.empty());
}

TEST_CASE("base_url stops reading a server that sends 100 KiB of headers") {
  fake::Server server(fake::scenario("huge-headers"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "headers_too_large");
  CHECK(check["summary"].get<std::string>().find("more than 64 KiB of response headers") !=
        std::string::npos);
}

TEST_CASE("base_url on a console host says it is not the API, once the host resolves") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string profile = dir.write("console.json",
      R"({"name": "consoled", "extends": "anlinkai", "web_hosts": ["127.0.0.1"]})");
  Run run = check_json(server.base_url(), {"--profile-file", profile});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["summary"].get<std::string>().find("serves the web console") != std::string::npos);
  CHECK(check["evidence"]["suggested_base_url"] == "https://api.anlinkai.com/api/v1");
  for (const auto& r : server.received()) CHECK(r.authorization.empty());  // never the key
}

TEST_CASE("base_url with http:// against a TLS port suggests https://") {
  fake::Server tls(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  const std::string plain = "http://127.0.0.1:" + std::to_string(tls.port()) + "/api/v1";
  Run run = check_json(plain, {"--cacert", certs().ca});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["summary"].get<std::string>().find("the port speaks TLS") != std::string::npos);
  CHECK(check["evidence"]["suggested_base_url"] == tls.base_url());
}

TEST_CASE("base_url with https:// against a plain HTTP port suggests http://") {
  fake::Server server(fake::scenario("healthy"));
  const std::string tls = "https://127.0.0.1:" + std::to_string(server.port()) + "/api/v1";
  Run run = check_json(tls);
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["summary"].get<std::string>().find("does not speak TLS") != std::string::npos);
  CHECK(check["evidence"]["suggested_base_url"] == server.base_url());
}

TEST_CASE("base_url warns when this machine's clock is more than 5 minutes off the server's") {
  fake::Server skewed(fake::scenario("clock-skew"));
  Run run = check_json(skewed.base_url());
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["status"] == "warn");
  CHECK(check["summary"].get<std::string>().find("clock is 10 min behind the server's") != std::string::npos);
  CHECK(check["evidence"]["clock_skew_s"].get<long>() >= 590);
  fake::Server honest(fake::scenario("healthy"));
  auto fine = check_of(check_json(honest.base_url()).json(), "base_url");
  CHECK(fine["status"] == "pass");
  CHECK(std::abs(fine["evidence"]["clock_skew_s"].get<long>()) <= 2);
}

TEST_CASE("base_url ends a server that trickles bytes at the limit") {
  fake::Server server(fake::scenario("trickle"));
  Run run = check_json(server.base_url(), {"--timeout", "1"});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "timeout");
  CHECK(check["evidence"]["timings_ms"]["total"].get<double>() < 3000);
}
