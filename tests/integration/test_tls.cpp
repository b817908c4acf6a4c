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
  auto wire = check_of(run.json(), "base_url")["evidence"];
  CHECK(wire["tls_version"].get<std::string>().rfind("TLSv1.", 0) == 0);
  CHECK(wire["http_version"] == "1.1");
  CHECK(wire["address"] == "127.0.0.1");
  CHECK(wire["certificate"]["subject"].get<std::string>().find("fake-gateway") != std::string::npos);
  CHECK(wire["certificate"]["issuer"].get<std::string>().find("anlink-doctor-test-ca") != std::string::npos);
  // Made seconds ago for 30 days: 29 whole days left, or 30 within the same second.
  const long days = wire["certificate"]["days_left"].get<long>();
  CHECK((days == 29 || days == 30));
  CHECK(wire["timings_ms"]["tls"].get<double>() >= wire["timings_ms"]["connect"].get<double>());
}

TEST_CASE("tls: a certificate that expires within 14 days is a warning") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().soon_cert, certs().soon_key});
  Run run = check_json(server.base_url(), {"--cacert", certs().ca});
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "base_url");
  CHECK(check["status"] == "warn");
  const std::string summary = check["summary"];
  CHECK((summary.find("its TLS certificate expires in 4 days") != std::string::npos ||
         summary.find("its TLS certificate expires in 5 days") != std::string::npos));
  CHECK(check_json(server.base_url(), {"--cacert", certs().ca, "--strict"}).exit_code == 1);
}

TEST_CASE("tls: -v shows the wire in text, and -4 resolves IPv4 only") {
  fake::Server server(fake::scenario("healthy"), fake::TlsFiles{certs().good_cert, certs().good_key});
  const std::string localhost = "https://localhost:" + std::to_string(server.port()) + "/api/v1";
  Run run = run_doctor({"check", "-v", "-4", "--only", "base_url", "--cacert", certs().ca, "--base-url", localhost},
                       key_env());
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("    tls_version: TLSv1.") != std::string::npos);
  CHECK(run.out.find("    address: 127.0.0.1") != std::string::npos);
  CHECK(run.out.find("    timings_ms: dns ") != std::string::npos);
  CHECK(run_doctor({"check", "-4", "-6"}).exit_code == 2);
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
