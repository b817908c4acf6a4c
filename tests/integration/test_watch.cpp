// watch: the checks every --interval, a state that changes only after runs in a row, each
// change an event on stdout, in --history and to --on-change; billable checks every
// --paid-every runs (counted at the fake gateway); --textfile checked by promtool; signals;
// the unknown state in a network namespace with loopback only.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/background.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    auto doc = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    lines.push_back(doc);
  }
  return lines;
}

// watch at the fake, JSON lines, a run a second unless `extra` gives --interval.
std::vector<std::string> watch_args(const fake::Server& server, std::vector<std::string> extra) {
  std::vector<std::string> args = {"watch", "--base-url", server.base_url(), "--format", "json"};
  if (std::find(extra.begin(), extra.end(), "--interval") == extra.end()) extra.insert(extra.end(), {"--interval", "1"});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// promtool (Debian's prometheus package) parses the exposition text.
void require_promtool_accepts(const TempDir& dir, const std::string& metrics) {
  const std::string file = dir.write("check.prom", metrics);
  Run lint = run_shell("promtool check metrics < '" + file + "'");
  INFO(lint.out << lint.err << metrics);
  REQUIRE(lint.exit_code == 0);
}

}  // namespace

TEST_CASE("watch: the first state is an event at once: a JSON line on stdout, in --history and the textfile") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string history = dir.path() + "/events.jsonl", textfile = dir.path() + "/anlink.prom";
  Run run = run_doctor(watch_args(server, {"--count", "2", "--history", history, "--textfile", textfile}), key_env());
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto events = json_lines(run.out);
  REQUIRE(events.size() == 1);
  CHECK(events[0]["from"].is_null());
  CHECK(events[0]["to"] == "healthy");
  CHECK(events[0]["category"].is_null());
  CHECK(events[0]["runs"] == 1);
  CHECK(events[0]["target"] == "127.0.0.1:" + std::to_string(server.port()));
  for (const char* field : {"time", "target", "from", "to", "category", "summary", "runs"}) CHECK(events[0].contains(field));
  CHECK(json_lines(read_file(history)) == events);
  const std::string metrics = read_file(textfile);
  CHECK(metrics.find("anlink_doctor_success{target=\"127.0.0.1:" + std::to_string(server.port()) + "\"} 1") != std::string::npos);
  CHECK(metrics.find("anlink_doctor_state{target=\"127.0.0.1:" + std::to_string(server.port()) + "\",state=\"healthy\"} 1") != std::string::npos);
  CHECK(metrics.find("# TYPE anlink_doctor_check_status gauge") != std::string::npos);
  CHECK(metrics.find(fake::kGoodKey) == std::string::npos);
  require_promtool_accepts(dir, metrics);
  // The textfile was renamed into place: no temporary file is left beside it.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.path().filename().string().find(".tmp") != std::string::npos;
  CHECK(files == 0);
}

TEST_CASE("watch: a state changes after --fail-after runs in a row, recovers after --recover-after, and a blip pages nobody") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string changes = dir.path() + "/changes.jsonl";
  Background watch(watch_args(server, {"--count", "11", "-v", "--on-change", "cat >> '" + changes + "'"}), key_env());
  // The key is revoked between runs, as the runs' own lines on stderr say: run 3 alone (a
  // blip), then runs 6 to 8.
  const std::vector<std::pair<int, bool>> schedule = {{2, true}, {3, false}, {5, true}, {8, false}};
  for (const auto& [after, revoked] : schedule) {
    REQUIRE(watch.wait_for_err("run " + std::to_string(after) + ":"));
    server.revoke_key(revoked);
  }
  Run run = watch.wait();
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto events = json_lines(run.out);
  REQUIRE(events.size() == 3);
  CHECK(events[0]["to"] == "healthy");
  CHECK(events[1]["from"] == "healthy");
  CHECK(events[1]["to"] == "failing");
  CHECK(events[1]["category"] == "UNAUTHORIZED");
  CHECK(events[1]["runs"] == 2);
  CHECK(events[2]["from"] == "failing");
  CHECK(events[2]["to"] == "healthy");
  CHECK(events[2]["runs"] == 2);
  CHECK(run.err.find("run 3: failing UNAUTHORIZED") != std::string::npos);  // the blip was seen, and not an event
  // --on-change got each event on its standard input.
  CHECK(json_lines(read_file(changes)) == events);
}

TEST_CASE("watch: --on-change that fails or hangs is reported, never fatal") {
  fake::Server server(fake::scenario("healthy"));
  Run failed = run_doctor(watch_args(server, {"--count", "1", "--on-change", "exit 3"}), key_env());
  CHECK(failed.exit_code == 0);
  CHECK(failed.err.find("--on-change exited with status 3") != std::string::npos);
  CHECK(json_lines(failed.out).size() == 1);
}

TEST_CASE("watch: --paid-every K sends the billable checks every K-th run, and their last results stand between") {
  fake::Server once(fake::scenario("healthy"));
  REQUIRE(run_doctor(watch_args(once, {"--count", "1"}), key_env()).exit_code == 0);
  const int per_paid_run = once.billable();
  REQUIRE(per_paid_run > 0);

  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string textfile = dir.path() + "/anlink.prom";
  Run run = run_doctor(watch_args(server, {"--count", "5", "--paid-every", "3", "--textfile", textfile}), key_env());
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(server.billable() == 2 * per_paid_run);  // runs 1 and 4
  CHECK(json_lines(run.out).size() == 1);        // free runs do not flap to another state
  // Run 5 was free: the probe's and stream's status are those of run 4.
  const std::string metrics = read_file(textfile);
  CHECK(metrics.find("check=\"probe\",model=\"qwen-flash\",api=\"chat\",status=\"pass\"} 1") != std::string::npos);
  CHECK(metrics.find("check=\"stream\",model=\"qwen-flash\",api=\"chat\",status=\"pass\"} 1") != std::string::npos);
  require_promtool_accepts(dir, metrics);
}

TEST_CASE("watch: --history stays under 1 MiB: the oldest events go, whole lines stay") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  std::string old;
  for (int i = 0; old.size() < (1u << 20) - 100; ++i) old += "{\"old\":" + std::to_string(i) + ",\"pad\":\"" + std::string(200, 'x') + "\"}\n";
  const std::string history = dir.write("events.jsonl", old);
  Run run = run_doctor(watch_args(server, {"--count", "1", "--history", history}), key_env());
  REQUIRE(run.exit_code == 0);
  const std::string kept = read_file(history);
  CHECK(kept.size() <= (1u << 20));
  CHECK(kept.size() < old.size());
  const auto lines = json_lines(kept);  // every line whole
  REQUIRE(lines.size() > 100);
  CHECK(lines.back()["to"] == "healthy");
  CHECK(lines.front().contains("old"));
  CHECK(lines.front()["old"].get<int>() > 0);  // the first ones went
}

TEST_CASE("watch: SIGTERM and SIGINT end it with status 0, between runs and in the middle of one") {
  TempDir dir;
  for (int sig : {SIGTERM, SIGINT}) {
    fake::Server server(fake::scenario("healthy"));
    const std::string history = dir.path() + "/h" + std::to_string(sig);
    Background watch(watch_args(server, {"--history", history, "--interval", "3600"}), key_env());
    REQUIRE(watch.wait_for_out("\"to\":\"healthy\""));
    watch.signal(sig);
    Run run = watch.wait(std::chrono::seconds(10));
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(json_lines(read_file(history)).size() == 1);
  }
  fake::Config slow = fake::scenario("healthy");
  slow.completion_ms = 5000;  // the run is in flight when the signal comes
  fake::Server server(slow);
  const std::string history = dir.path() + "/slow";
  Background watch(watch_args(server, {"--history", history}), key_env());
  for (int i = 0; i < 500 && server.billable() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(server.billable() > 0);
  watch.signal(SIGTERM);
  Run run = watch.wait(std::chrono::seconds(10));
  CHECK(run.exit_code == 0);
  CHECK(run.out.empty());                         // the unfinished run says nothing
  CHECK_FALSE(std::filesystem::exists(history));  // and writes nothing
}

TEST_CASE("watch: this machine's network down is the unknown state, never the gateway's failure") {
  if (run_shell("unshare -rn true").exit_code != 0) {
    WARN("SKIPPED: unshare -rn (a user and network namespace) is not allowed here");
    return;
  }
  // A network namespace with loopback only: no default route, so no name resolves.
  const std::vector<std::string> loopback_only = {"unshare", "-rn", "--", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""};
  Background remote({"watch", "--count", "1", "--format", "json", "--base-url", "https://api.anlinkai.com/api/v1"}, key_env(),
                    loopback_only);
  Run run = remote.wait();
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  auto events = json_lines(run.out);
  REQUIRE(events.size() == 1);
  CHECK(events[0]["to"] == "unknown");
  CHECK(events[0]["summary"].get<std::string>().find("this machine's own network is down") != std::string::npos);
  // A gateway on this machine that does not answer is its own failure, network or not.
  Background local({"watch", "--count", "1", "--format", "json", "--base-url",
                    "http://127.0.0.1:" + std::to_string(fake::closed_port()) + "/api/v1"},
                   key_env(), loopback_only);
  Run down = local.wait();
  events = json_lines(down.out);
  REQUIRE(events.size() == 1);
  CHECK(events[0]["to"] == "failing");
  CHECK(events[0]["category"] == "NETWORK");
}

TEST_CASE("watch: bad flags are exit 2 with a one-line reason, before anything is sent") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  for (const auto& extra : std::vector<std::vector<std::string>>{{"--interval", "0"},
                                                                 {"--interval", "nan"},
                                                                 {"--fail-after", "0"},
                                                                 {"--recover-after", "-1"},
                                                                 {"--paid-every", "0"},
                                                                 {"--history", dir.path()},
                                                                 {"--textfile", "/dev/null"},
                                                                 {"--history", dir.path() + "/no/such/folder/h"},
                                                                 {"--format", "junit"}}) {
    std::vector<std::string> args = {"watch", "--base-url", server.base_url(), "--count", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run run = run_doctor(args, key_env());
    INFO(extra[0] << " " << extra[1] << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  CHECK(server.received().empty());
}
