#include <catch2/catch.hpp>

#include "support/certs.hpp"
#include "support/doctor.hpp"

using namespace support;

TEST_CASE("tls: a certificate signed by a CA given with --cacert is trusted") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  Run run = check_json(server.base_url(), {"--cacert", certs().ca});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.json()["diagnosis"]["status"] == "pass");
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("tls: SSL_CERT_FILE is honoured like --cacert") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  auto env = key_env();
  env["SSL_CERT_FILE"] = certs().ca;
  Run run = check_json(server.base_url(), {}, env);
  CHECK(run.exit_code == 0);
}

TEST_CASE("tls: an untrusted certificate is named, with --cacert as the fix") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "tls_untrusted");
  CHECK(any_contains(check["fixes"], "--cacert"));
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("tls: a certificate for another host name is named as a mismatch") {
  fake::Server server(fake::scenario("healthy"),
                      fake::TlsFiles{certs().wrong_host_cert, certs().wrong_host_key});
  Run run = check_json(server.base_url(), {"--cacert", certs().ca});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["evidence"]["transport_error"] == "tls_hostname_mismatch");
  CHECK(check["summary"] == "the TLS certificate is not issued for \"127.0.0.1\"");
}

TEST_CASE("tls: an expired certificate is named as expired") {
  fake::Server server(fake::scenario("healthy"),
                      fake::TlsFiles{certs().expired_cert, certs().expired_key});
  Run run = check_json(server.base_url(), {"--cacert", certs().ca});
  CHECK(run.exit_code == 1);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["evidence"]["transport_error"] == "tls_expired");
  CHECK(any_contains(check["fixes"], "clock"));
}
