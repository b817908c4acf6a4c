#include <catch2/catch.hpp>

#include "fake/proxy.hpp"
#include "support/certs.hpp"
#include "support/doctor.hpp"

using namespace support;

TEST_CASE("proxy: the doctor goes through HTTPS_PROXY and names it in evidence") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  fake::ConnectProxy proxy;
  auto env = key_env();
  env["HTTPS_PROXY"] = "http://user:s3cret-proxy-pass@127.0.0.1:" + std::to_string(proxy.port());
  Run run = check_json(server.base_url(), {"--cacert", certs().ca}, env);
  CHECK(run.exit_code == 0);
  CHECK(proxy.tunnels() >= 1);
  auto evidence = check_of(run.json(), "base_url")["evidence"];
  CHECK(evidence["proxy"] == "http://user:***@127.0.0.1:" + std::to_string(proxy.port()) + " (from HTTPS_PROXY)");
  CHECK(run.out.find("s3cret-proxy-pass") == std::string::npos);
}

TEST_CASE("proxy: NO_PROXY excluding the host is named, and the proxy is not used") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  fake::ConnectProxy proxy;
  auto env = key_env();
  env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(proxy.port());
  env["NO_PROXY"] = "localhost,127.0.0.1";
  Run run = check_json(server.base_url(), {"--cacert", certs().ca}, env);
  CHECK(run.exit_code == 0);
  CHECK(proxy.tunnels() == 0);
  CHECK(check_of(run.json(), "base_url")["evidence"]["proxy"] ==
        "none: NO_PROXY excludes 127.0.0.1 from HTTPS_PROXY");
}

TEST_CASE("proxy: a 407 on CONNECT is named as a proxy problem with proxy fixes") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  fake::ConnectProxy proxy(/*require_auth=*/true);
  auto env = key_env();
  env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(proxy.port());
  Run run = check_json(server.base_url(), {"--cacert", certs().ca}, env);
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "proxy");
  CHECK(check["summary"].get<std::string>().find("the proxy http://127.0.0.1:" + std::to_string(proxy.port()) +
                                                 " (from HTTPS_PROXY) requires authentication (HTTP 407), and HTTPS_PROXY carries no credentials") !=
        std::string::npos);
  CHECK(any_contains(check["fixes"], "http://user:password@host:port"));
  CHECK(any_contains(check["fixes"], "NO_PROXY"));
}

TEST_CASE("proxy: one that refuses connections is named") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  auto env = key_env();
  env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(fake::closed_port());
  auto check = check_of(check_json(server.base_url(), {"--cacert", certs().ca}, env).json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["summary"].get<std::string>().rfind("could not connect to the proxy http://127.0.0.1:", 0) == 0);
  CHECK(check["evidence"]["proxy"].get<std::string>().find("(from HTTPS_PROXY)") != std::string::npos);
}
