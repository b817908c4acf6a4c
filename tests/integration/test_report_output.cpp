// Where the report goes: checked before anything is sent; a regular file is replaced whole
// and keeps its mode; a device or FIFO is written through and never replaced; a report that
// cannot be written is exit 3, the doctor's own failure.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/doctor.hpp"

using namespace support;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode;
}

}  // namespace

TEST_CASE("output: /dev/null and a FIFO are written through, never replaced") {
  fake::Server server(fake::scenario("healthy"));
  Run null = check_json(server.base_url(), {"--output", "/dev/null"});
  CHECK(null.exit_code == 0);
  CHECK(S_ISCHR(mode_of("/dev/null")));

  TempDir dir;
  const std::string fifo = dir.path() + "/report.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = read_file(fifo); });
  Run piped = check_json(server.base_url(), {"--output", fifo});
  reader.join();
  CHECK(piped.exit_code == 0);
  CHECK(got.find("\"schema_version\"") != std::string::npos);
  CHECK(S_ISFIFO(mode_of(fifo)));
}

TEST_CASE("output: a symbolic link is followed, an existing file keeps its mode") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string target = dir.write("report.json", "old");
  ::chmod(target.c_str(), 0640);
  const std::string link = dir.path() + "/latest.json";
  std::filesystem::create_symlink(target, link);
  Run run = check_json(server.base_url(), {"--output", link});
  CHECK(run.exit_code == 0);
  CHECK(S_ISLNK(mode_of(link)));
  CHECK((mode_of(target) & 07777) == 0640);
  CHECK(read_file(target).find("\"schema_version\"") != std::string::npos);
}

TEST_CASE("output: what cannot be written is exit 3 before anything is sent") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string readonly = dir.write("readonly.json", "keep me");
  ::chmod(readonly.c_str(), 0444);
  for (const std::string& path : {dir.path(), dir.path() + "/no/such/folder/r.json"}) {
    Run run = check_json(server.base_url(), {"--output", path});
    INFO(path << ": " << run.err);
    CHECK(run.exit_code == 3);
    CHECK(run.err.find("--output \"" + path + "\": cannot write the report") != std::string::npos);
  }
  if (::geteuid() != 0) {  // root may write anything: the read-only file is for everyone else
    Run run = check_json(server.base_url(), {"--output", readonly});
    CHECK(run.exit_code == 3);
    CHECK(read_file(readonly) == "keep me");
  }
  CHECK(server.received().empty());
  // A full device: the write itself fails.
  CHECK(check_json(server.base_url(), {"--output", "/dev/full"}).exit_code == 3);
  CHECK(run_shell(std::string(ANLINK_DOCTOR_BIN) + " check --base-url " + server.base_url() + " >/dev/full",
                  key_env()).exit_code == 3);
}

TEST_CASE("output: with stdout closed the report is not lost, and the run says so") {
  fake::Server server(fake::scenario("healthy"));
  Run run = run_shell(std::string(ANLINK_DOCTOR_BIN) + " check --format json --base-url " + server.base_url() + " >&-",
                      key_env());
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("stdout is closed") != std::string::npos);
  CHECK(server.received().empty());
  TempDir dir;
  const std::string file = dir.path() + "/r.json";
  Run saved = run_shell(std::string(ANLINK_DOCTOR_BIN) + " check --format json --base-url " + server.base_url() +
                            " --output " + file + " >&-",
                        key_env());
  CHECK(saved.exit_code == 0);
  CHECK(read_file(file).find("\"exit_code\": 0") != std::string::npos);
}

TEST_CASE("hostile answers: the doctor's own stream cap is a warning, and NaN is no balance") {
  fake::Server huge(fake::scenario("stream-huge"));
  auto stream = check_of(check_json(huge.base_url()).json(), "stream");
  CHECK(stream["status"] == "warn");
  CHECK(stream["category"].is_null());
  CHECK(stream["summary"].get<std::string>().find("the doctor's own cap") != std::string::npos);

  fake::Server nan(fake::scenario("balance-endpoint-nan"));
  TempDir dir;
  auto balance = check_of(check_json(nan.base_url(), {"--profile-file", fake_profile(dir, nan)}).json(), "balance");
  INFO(balance.dump());
  CHECK(balance["status"] != "pass");
}

TEST_CASE("hostile answers: a 307 on the completion and a 1 MB header line are named for what they are") {
  fake::Server redirect(fake::scenario("completion-redirect"));
  auto probe = check_of(check_json(redirect.base_url()).json(), "probe");
  CHECK(probe["category"] == "NOT_FOUND");
  CHECK(probe["summary"].get<std::string>().find("redirected (HTTP 307 to https://elsewhere.example") !=
        std::string::npos);
  // What clients really do with a 307 to another host: follow it, the POST whole, the
  // Authorization header dropped.
  const auto summary = probe["summary"].get<std::string>();
  CHECK(summary.find("send the same POST, body included") != std::string::npos);
  CHECK(summary.find("without the Authorization header") != std::string::npos);
  CHECK(summary.find("do not follow") == std::string::npos);

  fake::Server line(fake::scenario("long-header-line"));
  Run run = check_json(line.base_url());
  auto base = check_of(run.json(), "base_url");
  INFO(base.dump());
  CHECK(base["category"] == "NETWORK");
  CHECK(base["summary"].get<std::string>().find("header") != std::string::npos);
  CHECK(base["summary"].get<std::string>().find("memory") == std::string::npos);
}

TEST_CASE("hostile answers: a compression bomb on the chat route is the doctor's cap, not a wrong path") {
  fake::Server bomb(fake::scenario("gzip-bomb"));
  auto base = check_of(check_json(bomb.base_url()).json(), "base_url");
  INFO(base.dump());
  CHECK(base["status"] == "warn");
  CHECK(base["category"].is_null());
  CHECK(base["summary"].get<std::string>().find("the doctor's own cap") != std::string::npos);
}
