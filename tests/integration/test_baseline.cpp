// --save-baseline and --baseline against one fake gateway that degrades between runs: an
// identical run, a slower one (exit 4), a broken one (exit 1 wins), and baselines that are
// not this target's or not reports at all (exit 2, nothing sent).
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

Run check_with(const fake::Server& server, std::vector<std::string> extra, const std::string& format = "json") {
  std::vector<std::string> args = {"check", "--format", format, "--base-url", server.base_url()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_doctor(args, key_env());
}

}  // namespace

TEST_CASE("baseline: an identical run has no regression, exit 0") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string saved = dir.path() + "/baseline.json";
  Run first = check_with(server, {"--save-baseline", saved}, "text");
  REQUIRE(first.exit_code == 0);
  const std::string text = read_file(saved);
  require_valid_report(text);
  CHECK(text.find(fake::kGoodKey) == std::string::npos);
  CHECK(nlohmann::json::parse(text)["checks"].size() > 5);

  Run again = check_with(server, {"--baseline", saved});
  CHECK(again.exit_code == 0);
  require_valid_report(again.out);
  const auto doc = again.json();
  CHECK(doc["baseline"] == saved);
  CHECK(doc["regressions"] == nlohmann::json::array());
  // The same checks judged in both runs: every one the baseline did not skip is compared.
  const auto saved_checks = nlohmann::json::parse(text)["checks"];
  const auto judged = std::count_if(saved_checks.begin(), saved_checks.end(),
                                    [](const nlohmann::json& c) { return c["status"] != "skip"; });
  CHECK(doc["baseline_compared"] == judged);
  // A proxy password that is also part of the base URL is masked in the saved report: the
  // baseline is still this target's.
  const std::map<std::string, std::string> proxied = {{"ANLINKAI_API_KEY", fake::kGoodKey},
                                                     {"http_proxy", "http://u:127@10.255.255.1:9"},
                                                     {"no_proxy", "127.0.0.1"}};
  const std::string masked = dir.path() + "/masked.json";
  REQUIRE(run_doctor({"check", "--base-url", server.base_url(), "--save-baseline", masked}, proxied).exit_code == 0);
  Run again_masked = run_doctor({"check", "--base-url", server.base_url(), "--baseline", masked}, proxied);
  INFO(again_masked.err);
  CHECK(again_masked.exit_code == 0);
  Run shown = check_with(server, {"--baseline", saved}, "text");
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("No regression since the baseline (" + saved + "): ") != std::string::npos);
  CHECK(shown.out.find(" checks compared.") != std::string::npos);
}

TEST_CASE("baseline: streams 1.5 s slower to their first token, nothing failed: exit 4 in every format") {
  fake::Server server(fake::scenario("three-apis"));
  TempDir dir;
  const std::string saved = dir.path() + "/baseline.json";
  REQUIRE(check_with(server, {"--save-baseline", saved, "--api", "all"}).exit_code == 0);
  server.slow_streams(1500);
  Run slower = check_with(server, {"--baseline", saved, "--api", "all"});
  INFO(slower.out);
  CHECK(slower.exit_code == 4);
  require_valid_report(slower.out);
  const auto doc = slower.json();
  CHECK(doc["exit_code"] == 4);
  CHECK(doc["diagnosis"]["status"] != "fail");
  std::set<std::string> first_token_apis;
  bool run_slower = false;
  for (const auto& r : doc["regressions"]) {
    if (r["kind"] == "first_token") {
      CHECK(r["check"] == "stream");
      first_token_apis.insert(r.value("api", "chat"));
    }
    if (r["kind"] == "duration") run_slower = r["check"].is_null();
  }
  CHECK(first_token_apis == std::set<std::string>{"chat", "messages", "responses"});
  CHECK(run_slower);

  for (const char* format : {"text", "markdown", "html", "junit", "sarif", "github"}) {
    Run r = check_with(server, {"--baseline", saved, "--api", "all"}, format);
    INFO(format << "\n" << r.out << r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.out.find("stream") != std::string::npos);
    CHECK(r.out.find("the first token came after") != std::string::npos);
  }
}

TEST_CASE("baseline: a stream held back since: a warning, exit 4, and with --strict the warning's 1 wins") {
  fake::Server server(fake::scenario("stream-paced"));  // 33 tokens over half a second
  TempDir dir;
  const std::string saved = dir.path() + "/baseline.json";
  REQUIRE(check_with(server, {"--save-baseline", saved}).exit_code == 0);
  server.hold_streams(true);
  Run held = check_with(server, {"--baseline", saved});
  INFO(held.out);
  CHECK(held.exit_code == 4);
  const auto doc = held.json();
  CHECK(doc["diagnosis"]["category"] == "STREAM_BUFFERED");
  REQUIRE(doc["regressions"].size() >= 1);
  CHECK(doc["regressions"][0]["check"] == "stream");
  CHECK(doc["regressions"][0]["now"] == "warn");
  // (Its first token, ~0.5 s later than the baseline's, is a regression only on the wrong
  // side of 500 ms: only the stream's status is asserted.)
  Run strict = check_with(server, {"--baseline", saved, "--strict"});
  CHECK(strict.exit_code == 1);
  const auto regressions = strict.json()["regressions"];
  REQUIRE(regressions.size() >= 1);
  CHECK(regressions[0]["kind"] == "status");
  CHECK(regressions[0]["check"] == "stream");
}

TEST_CASE("baseline: checks of several models match in any order, shared ones too") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string saved = dir.path() + "/baseline.json";
  REQUIRE(check_with(server, {"--save-baseline", saved, "--model", "qwen-flash,qwen-plus"}).exit_code == 0);
  server.revoke_key(true);
  Run swapped = check_with(server, {"--baseline", saved, "--model", "qwen-plus,qwen-flash"});
  CHECK(swapped.exit_code == 1);
  const auto doc = swapped.json();
  REQUIRE(doc["regressions"].size() >= 1);
  CHECK(doc["regressions"][0]["check"] == "api_key");
  // One model of the two, alone: its own checks and the shared ones still match.
  Run one = check_with(server, {"--baseline", saved, "--model", "qwen-plus"});
  CHECK(one.json()["regressions"][0]["check"] == "api_key");
}

TEST_CASE("baseline: the key revoked since: the failure's exit 1 wins, the regression is listed") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string saved = dir.path() + "/baseline.json";
  REQUIRE(check_with(server, {"--save-baseline", saved}).exit_code == 0);
  server.revoke_key(true);
  Run broken = check_with(server, {"--baseline", saved, "--save-baseline", saved});
  CHECK(broken.exit_code == 1);
  require_valid_report(broken.out);
  const auto doc = broken.json();
  REQUIRE(doc["regressions"].size() >= 1);
  CHECK(doc["regressions"][0]["kind"] == "status");
  CHECK(doc["regressions"][0]["check"] == "api_key");
  CHECK(doc["regressions"][0]["now"] == "fail");
  // Checks skipped after the failure are not regressions: they were not run.
  for (const auto& r : doc["regressions"]) CHECK(r["now"] != "skip");
  // The same file for both would lose the report.
  Run same_file = check_with(server, {"--save-baseline", saved, "--output", saved});
  CHECK(same_file.exit_code == 2);
  CHECK(same_file.err.find("name the same file") != std::string::npos);
  // --save-baseline wrote this run over the old one: comparing with it, nothing regressed.
  Run same = check_with(server, {"--baseline", saved});
  CHECK(same.exit_code == 1);
  CHECK(same.json()["regressions"] == nlohmann::json::array());
}

TEST_CASE("baseline: another target's, or not a report: exit 2 with the reason, nothing sent") {
  fake::Server other(fake::scenario("healthy"));
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string saved = dir.path() + "/other.json";
  REQUIRE(check_with(other, {"--save-baseline", saved}).exit_code == 0);
  ::mkfifo((dir.path() + "/fifo").c_str(), 0600);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {saved, "it is a report of " + other.base_url() + ", not of " + server.base_url()},
      {dir.write("junk.json", "{\"schema_version\": 1, \"tool\""), "not JSON"},
      {dir.write("other-tool.json", R"({"tool": {"name": "gh"}})"), "not an anlink-doctor report"},
      {dir.write("deep.json", std::string(5000, '[') + std::string(5000, ']')), "nested too deeply"},
      {dir.path(), "is a directory"},
      {dir.path() + "/fifo", "FIFO"},
      {dir.path() + "/missing.json", "No such file"},
      {dir.write("huge-duration.json", R"({"schema_version": 1, "tool": {"name": "anlink-doctor"}, "target":
           {"base_url": "x", "profile": "anlinkai"}, "checks": [], "duration_ms": 1e300})"),
       "\"duration_ms\" is not a number of milliseconds"},
  };
  for (const auto& [file, why] : cases) {
    Run r = check_with(server, {"--baseline", file});
    INFO(file << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--baseline " + file + ": ") != std::string::npos);
    CHECK(r.err.find(why) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  // A file that cannot be written is checked first, as --output's is (the report would be lost).
  Run unwritable = check_with(server, {"--save-baseline", dir.path() + "/no/such/dir/b.json"});
  CHECK(unwritable.exit_code == 3);
  CHECK(server.received().empty());
}
