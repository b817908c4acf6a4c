// The key never leaks: every scenario of the fake gateway, in every output format, at -v,
// with a key the server echoes back. stdout, stderr and the file written are all searched.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "report/renderers.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

// Every scenario whose position in the list is `shard` modulo kShards: four test cases, so
// that they run side by side and each stays well within the time limit under ASan.
constexpr std::size_t kShards = 4;

void no_key_in_any_format(std::size_t shard) {
  const std::string wrong = "ak_live_5e5e5e5e5e5e5e5e5e5e5e5e";  // the server echoes it in its 401
  const auto names = fake::scenario_names();
  for (std::size_t n = shard; n < names.size(); n += kShards) {
    const std::string& scenario = names[n];
    // Tens of megabytes per run, and no output that other scenarios do not share.
    if (scenario == "catalog-huge" || scenario == "stream-huge" || scenario == "gzip-bomb") continue;
    fake::Server server(fake::scenario(scenario));
    for (const auto& renderer : anlink::renderer_table()) {
      for (const std::string& key : {std::string(fake::kGoodKey), wrong}) {
        TempDir dir;
        const std::string file = dir.path() + "/report";
        const std::string format(renderer.name);
        auto env = key_env(key);
        env["GITHUB_STEP_SUMMARY"] = dir.path() + "/summary.md";
        Run printed = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url(),
                                  "--timeout", "1"},
                                 env);
        INFO(scenario << " / " << format);
        CHECK(printed.exit_code < 2);
        if (key != wrong) continue;  // the echoed key is the one worth writing to a file
        Run written = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url(),
                                  "--timeout", "1", "--output", file},
                                 env);
        CHECK(written.exit_code < 2);
        for (const auto& path : {file, dir.path() + "/summary.md"}) {
          std::stringstream content;
          content << std::ifstream(path).rdbuf();
          CHECK(content.str().find(key) == std::string::npos);
        }
        // run_doctor has already checked stdout and stderr for the key.
      }
    }
  }
}

}  // namespace

TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (1/4)") {
  no_key_in_any_format(0);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (2/4)") {
  no_key_in_any_format(1);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (3/4)") {
  no_key_in_any_format(2);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (4/4)") {
  no_key_in_any_format(3);
}

TEST_CASE("leaks: a key echoed cut, re-cased, percent- and base64-encoded, or in a header never shows") {
  // A realistic project key: 174 characters.
  std::string key = "sk-proj-";
  for (int i = 0; key.size() < 174; ++i) key += "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp"[i % 42];
  fake::Server server(fake::scenario("key-echo-forms"));
  for (const std::string format : {"text", "json", "markdown", "junit", "github"}) {
    Run run = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url()},
                         {{"ANLINKAI_API_KEY", key}, {"GITHUB_ACTIONS", "true"}});
    INFO(format);
    CHECK(run.exit_code == 1);  // run_doctor has already searched every run of eight
    CHECK(run.out.find("sk-…") != std::string::npos);
  }
}

TEST_CASE("leaks: a proxy token or a password with '@' never shows") {
  fake::Server server(fake::scenario("healthy"));
  for (const std::string proxy : {"http://TOKEN0123456789abcdef@127.0.0.1:9", "http://user:p@ss@w0rd-secret@127.0.0.1:9"}) {
    Run run = run_doctor({"check", "-v", "--format", "json", "--base-url",
                          "https://api.anlinkai.com/api/v1", "--only", "config,base_url"},
                         {{"ANLINKAI_API_KEY", fake::kGoodKey}, {"HTTPS_PROXY", proxy}});
    INFO(run.out << run.err);
    CHECK(run.out.find("TOKEN0123456789abcdef") == std::string::npos);
    CHECK(run.out.find("p@ss@w0rd-secret") == std::string::npos);
    CHECK(run.out.find("ss@w0rd") == std::string::npos);
    CHECK(run.out.find("***@127.0.0.1:9") != std::string::npos);
  }
}

TEST_CASE("leaks: a key too short to mask is a config failure, and it is never sent") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, key_env("abc12"));
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "config");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("too short") != std::string::npos);
  CHECK(run.out.find("abc12") == std::string::npos);
  for (const auto& r : server.received()) CHECK(r.authorization.empty());  // keyless route check only
}
