// Files the user names are read only when they are regular files, never past a cap, and
// never by waiting on a FIFO: anything else is exit 2 at once, naming the path and what it is.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "support/doctor.hpp"

using namespace support;

namespace {

std::string fifo(const TempDir& dir) {
  const std::string path = dir.path() + "/pipe";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  return path;
}

void require_refused(const Run& run, const std::string& flag, const std::string& path,
                     const std::string& what) {
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err.find(flag) != std::string::npos);
  CHECK(run.err.find("\"" + path + "\"") != std::string::npos);
  CHECK(run.err.find(what) != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);  // one line
}

}  // namespace

TEST_CASE("input files: a FIFO, a device or a directory is named, never read") {
  TempDir dir;
  const std::string pipe = fifo(dir);
  const std::string base = "http://127.0.0.1:9/api/v1";
  struct Case {
    std::string flag, path, what;
  };
  for (const auto& c : {Case{"--api-key-file", pipe, "is a FIFO (named pipe), not a regular file"},
                        Case{"--config", pipe, "is a FIFO"},
                        Case{"--profile-file", pipe, "is a FIFO"},
                        Case{"--request-body", pipe, "is a FIFO"},
                        Case{"--cacert", pipe, "is a FIFO"},
                        Case{"--config", "/dev/zero", "is a character device"},
                        Case{"--profile-file", "/dev/zero", "is a character device"},
                        Case{"--request-body", "/dev/zero", "is a character device"},
                        Case{"--api-key-file", dir.path(), "is a directory"}}) {
    INFO(c.flag << " " << c.path);
    Run run = check_json(base, {c.flag, c.path});
    require_refused(run, c.flag == "--cacert" ? "CA bundle" : c.flag == "--config" ? "config" : c.flag,
                    c.path, c.what);
  }
  Run body = run_doctor({"explain", "--status", "500", "--body", pipe});
  require_refused(body, "--body", pipe, "is a FIFO");
}

TEST_CASE("input files: a file past its cap is refused with the cap named") {
  TempDir dir;
  const std::string big = dir.write("big.json", std::string(2u << 20, ' '));
  require_refused(check_json("http://127.0.0.1:9/api/v1", {"--config", big}), "config", big,
                  "larger than 1 MiB");
  require_refused(check_json("http://127.0.0.1:9/api/v1", {"--api-key-file", big}), "--api-key-file",
                  big, "larger than 64 KiB");
}

TEST_CASE("input files: a key file's byte-order mark and CRLF are named") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  for (const auto& [content, said] :
       {std::pair<std::string, std::string>{"\xEF\xBB\xBF" + std::string(fake::kGoodKey) + "\n", "byte-order mark"},
        {std::string(fake::kGoodKey) + "\r\n", "CRLF"}}) {
    const std::string key = private_file(dir, "key", content);
    Run run = check_json(server.base_url(), {"--api-key-file", key}, {});
    INFO(run.out);
    auto config = check_of(run.json(), "config");
    CHECK(config["status"] == "warn");
    CHECK(config["summary"].get<std::string>().find(said) != std::string::npos);
    CHECK(check_of(run.json(), "api_key")["status"] == "pass");  // the key itself is sound
  }
}

TEST_CASE("a run in which nothing was checked is not healthy") {
  Run run = check_json("http://127.0.0.1:9/api/v1", {"--only", "usage_log"});
  auto report = run.json();
  CHECK(report["diagnosis"]["status"] == "warn");
  CHECK(report["diagnosis"]["summary"].get<std::string>().rfind("nothing was checked", 0) == 0);
  CHECK(check_json("http://127.0.0.1:9/api/v1", {"--only", "usage_log", "--strict"}).exit_code == 1);
}

TEST_CASE("a profile's key_pattern that backtracks in std::regex is matched in linear time") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  nlohmann::json p = {{"name", "hostile"}, {"base_url", server.base_url()}, {"key_pattern", "^(.|.)*!$"}};
  const std::string profile = dir.write("profile.json", p.dump());
  const std::string key(1000, 'a');  // 2^1000 ways to fail for a backtracking engine
  Run run = check_json(server.base_url(), {"--profile-file", profile, "--only", "config"}, key_env(key));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);  // killed after 60 s otherwise
  auto config = check_of(run.json(), "config");
  CHECK(config["status"] == "warn");
  CHECK(config["summary"].get<std::string>().find("does not match the hostile key shape") != std::string::npos);
}

TEST_CASE("hostile answers: JSON nested 50,000 deep and 30,000-character messages are bounded") {
  for (const std::string format : {"json", "text", "markdown", "junit"}) {
    fake::Server deep(fake::scenario("completion-deep-json"));
    Run run = run_doctor({"check", "--format", format, "--base-url", deep.base_url()}, key_env());
    INFO(format << ": " << run.err);
    CHECK(run.exit_code == 1);  // a verdict, not a crash
    CHECK(run.out.size() < 200000);
    if (format == "json") {
      auto probe = check_of(run.json(), "probe");
      CHECK(probe["status"] == "fail");
      CHECK(probe["summary"].get<std::string>().find("nested deeper than 64 levels") != std::string::npos);
    }
  }
  fake::Server catalog(fake::scenario("catalog-deep"));
  auto model = check_of(check_json(catalog.base_url()).json(), "model");
  CHECK(model["status"] == "warn");
  CHECK(model["summary"].get<std::string>().find("nests JSON deeper than 64 levels") != std::string::npos);

  fake::Server chatty(fake::scenario("completion-long-message"));
  Run run = check_json(chatty.base_url());
  CHECK(run.exit_code == 1);
  CHECK(check_of(run.json(), "probe")["category"] == "UPSTREAM_FAILURE");
}
