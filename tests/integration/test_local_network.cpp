// A failed name lookup on a machine with no network, or no resolver, gets fixes for that
// machine, not advice about spelling. Runs the doctor in its own network (and mount)
// namespace, which needs root or user namespaces: without them the test says it skipped.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

bool namespaces_work() { return run_shell("unshare -m -n true").exit_code == 0; }

std::string dns_summary(const Run& run) {
  INFO(run.out << run.err);
  auto report = run.json();
  REQUIRE(report["diagnosis"]["category"] == "NETWORK");
  return report["diagnosis"]["summary"].get<std::string>();
}

const std::string kDoctorCheck = std::string(ANLINK_DOCTOR_BIN) +
                                 " check --format json --base-url https://api.anlinkai.com/api/v1";

}  // namespace

TEST_CASE("dns: a machine with no route beyond itself is named as such") {
  if (!namespaces_work()) {
    WARN("skipped: unshare -m -n is not permitted here (needs root or user namespaces)");
    return;
  }
  Run run = run_shell("unshare -n " + kDoctorCheck, key_env());
  CHECK(run.exit_code == 1);
  CHECK(dns_summary(run) ==
        "the host \"api.anlinkai.com\" does not resolve (DNS): this machine has no network route beyond itself");
  CHECK(any_contains(run.json()["diagnosis"]["fixes"], "it has no default route"));
  CHECK_FALSE(any_contains(run.json()["diagnosis"]["fixes"], "spelling"));
}

TEST_CASE("dns: a machine with no resolver configured is named as such") {
  if (!namespaces_work()) {
    WARN("skipped: unshare -m -n is not permitted here (needs root or user namespaces)");
    return;
  }
  TempDir dir;
  const std::string empty = dir.write("resolv.conf", "# no nameserver\n");
  // Its own mount namespace: /etc/resolv.conf is replaced for the doctor alone.
  Run run = run_shell("unshare -m sh -c 'mount --bind " + empty + " /etc/resolv.conf && exec " +
                          kDoctorCheck + "'",
                      key_env());
  CHECK(run.exit_code == 1);
  CHECK(dns_summary(run) == "the host \"api.anlinkai.com\" does not resolve (DNS): this machine has no DNS resolver");
  CHECK(any_contains(run.json()["diagnosis"]["fixes"], "/etc/resolv.conf names no nameserver"));
}
