// serve: Debian's prometheus scrapes it in the blackbox exporter's multi-target pattern, and
// its HTTP API says what each target is; /probe takes names only; a target is checked at
// most once per --min-interval whatever the scrape rate; a slow target never blocks /metrics.
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <future>
#include <regex>
#include <thread>

#include "support/background.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

constexpr const char* kWrongKey = "ak_live_0000000000000000000000000";

// A config file with the fake's targets: each key through its own variable.
std::string config_with(const TempDir& dir, const std::vector<std::pair<std::string, const fake::Server*>>& targets) {
  nlohmann::json t = nlohmann::json::object();
  for (const auto& [name, server] : targets)
    t[name] = {{"base_url", server->base_url()}, {"key_env", name == "bad" ? "BAD_KEY" : "GOOD_KEY"}};
  return private_file(dir, "config.json", nlohmann::json{{"targets", t}}.dump());
}

std::map<std::string, std::string> keys() { return {{"GOOD_KEY", fake::kGoodKey}, {"BAD_KEY", kWrongKey}}; }

// serve on a free port; the port it says on stderr.
struct Serve {
  Background process;
  int port = 0;
  Serve(const std::string& config, std::vector<std::string> extra = {})
      : process([&] {
          std::vector<std::string> a = {"serve", "--config", config, "--listen", "127.0.0.1:0"};
          a.insert(a.end(), extra.begin(), extra.end());
          return a;
        }(), keys()) {
    REQUIRE(process.wait_for_err("(/probe?target=NAME"));
    std::smatch m;
    const std::string err = process.err();
    REQUIRE(std::regex_search(err, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
    port = std::stoi(m[1]);
  }
  httplib::Result get(const std::string& path) const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    return c.Get(path.c_str());
  }
};

std::optional<double> sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find(series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(metrics.substr(at + series.size() + 1));
}

}  // namespace

TEST_CASE("serve: Prometheus scrapes two targets in the multi-target pattern, and says which fails and why") {
  REQUIRE(run_shell("command -v prometheus").exit_code == 0);  // scripts/install-deps.sh installs it
  fake::Server good(fake::scenario("healthy")), bad(fake::scenario("healthy"));
  TempDir dir;
  Serve serve(config_with(dir, {{"good", &good}, {"bad", &bad}}), {"--min-interval", "1"});
  const int prom_port = fake::closed_port();
  const std::string prom_config = dir.write("prometheus.yml", fmt::format(R"(global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: anlink-doctor
    metrics_path: /probe
    static_configs:
      - targets: [good, bad]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:{}
  - job_name: anlink-doctor-exporter
    static_configs:
      - targets: ['127.0.0.1:{}']
)", serve.port, serve.port));
  Run check = run_shell("promtool check config '" + prom_config + "'");
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);
  const std::string run_prometheus = fmt::format(
      "exec prometheus --config.file='{}' --storage.tsdb.path='{}/tsdb' --web.listen-address=127.0.0.1:{} --log.level=warn",
      prom_config, dir.path(), prom_port);
  // Background runs its prefix, then the doctor: "#" makes the shell ignore the doctor.
  Background prometheus({}, {}, {"sh", "-c", run_prometheus + " #"});

  httplib::Client api("127.0.0.1", prom_port);
  auto query = [&](const std::string& q) {
    auto res = api.Get(("/api/v1/query?query=" + httplib::detail::encode_query_param(q)).c_str());
    if (!res || res->status != 200) return nlohmann::json();
    auto doc = nlohmann::json::parse(res->body, nullptr, false);
    return doc.is_discarded() ? nlohmann::json() : doc["data"]["result"];
  };
  nlohmann::json success;
  for (int i = 0; i < 300; ++i) {  // Prometheus starts, then scrapes each second
    success = query("anlink_doctor_success");
    if (success.is_array() && success.size() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(success.dump() << "\n" << prometheus.err() << serve.process.err());
  REQUIRE(success.is_array());
  REQUIRE(success.size() == 2);
  std::map<std::string, std::string> by_instance;
  for (const auto& s : success) by_instance[s["metric"]["instance"]] = s["value"][1];
  CHECK(by_instance["good"] == "1");
  CHECK(by_instance["bad"] == "0");
  const auto info = query("anlink_doctor_diagnosis_info");
  std::map<std::string, std::string> category;
  for (const auto& s : info) category[s["metric"]["instance"]] = s["metric"]["category"];
  CHECK(category["good"] == "none");
  CHECK(category["bad"] == "UNAUTHORIZED");
  // The exporter's own metrics, scraped by the second job.
  nlohmann::json runs;
  for (int i = 0; i < 100 && (!runs.is_array() || runs.size() < 2); ++i) {
    runs = query("anlink_doctor_exporter_runs_total");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(runs.size() == 2);
  prometheus.signal(SIGTERM);
  prometheus.wait(std::chrono::seconds(20));
  serve.process.signal(SIGTERM);
  Run ended = serve.process.wait(std::chrono::seconds(30));
  CHECK(ended.exit_code == 0);
}

TEST_CASE("serve: /probe takes a config target's name, nothing else from the query") {
  fake::Server good(fake::scenario("healthy"));
  TempDir dir;
  Serve serve(config_with(dir, {{"good", &good}}));
  for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{
           {"/probe", 400},
           {"/probe?target=", 400},
           {"/probe?target=good&target=good", 400},
           {"/probe?target=http://127.0.0.1:" + std::to_string(good.port()) + "/api/v1", 400},
           {"/probe?target=127.0.0.1", 404},
           {"/probe?target=..%2F..%2Fetc%2Fpasswd", 400},
           {"/probe?target=good%00", 400},
           {"/probe?target=%E2%80%AEgood", 400},
           {"/probe?target=" + std::string(65, 'a'), 400},
           {"/probe?target=" + std::string(5000, 'a'), 400},
           {"/probe?target=nope", 404},
           {"/nope", 404}}) {
    auto res = serve.get(path);
    INFO(path.substr(0, 80));
    REQUIRE(res);
    CHECK(res->status == status);
    CHECK(res->body.find(fake::kGoodKey) == std::string::npos);
  }
  CHECK(good.received().empty());  // none of it reached a gateway
  auto healthz = serve.get("/healthz");
  REQUIRE(healthz);
  CHECK(healthz->status == 200);
  auto own = serve.get("/metrics");
  REQUIRE(own);
  CHECK(sample(own->body, "anlink_doctor_exporter_rejected_total{reason=\"not_a_name\"}") >= 5);
  CHECK(sample(own->body, "anlink_doctor_exporter_rejected_total{reason=\"unknown_target\"}") == 2);
  const std::string file = dir.write("own.prom", own->body);
  CHECK(run_shell("promtool check metrics < '" + file + "'").exit_code == 0);
}

TEST_CASE("serve: a scrape storm checks a target once per --min-interval, and scrapes between get the result and its age") {
  fake::Server good(fake::scenario("healthy"));
  TempDir dir;
  Serve serve(config_with(dir, {{"good", &good}}), {"--min-interval", "600"});
  auto first = serve.get("/probe?target=good");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  const int per_run = good.billable();
  REQUIRE(per_run > 0);
  std::vector<std::future<int>> storm;
  for (int i = 0; i < 40; ++i)
    storm.push_back(std::async(std::launch::async, [&] {
      auto r = serve.get("/probe?target=good");
      return r ? r->status : 0;
    }));
  int ok = 0;
  for (auto& f : storm) ok += f.get() == 200;
  CHECK(ok == 40);
  CHECK(good.billable() == per_run);  // no run but the first
  auto later = serve.get("/probe?target=good");
  REQUIRE(later);
  CHECK(sample(later->body, "anlink_doctor_success{target=\"good\"}") == 1);
  CHECK(sample(later->body, "anlink_doctor_result_age_seconds{target=\"good\"}") > 0);
  const std::string file = dir.write("probe.prom", later->body);
  CHECK(run_shell("promtool check metrics < '" + file + "'").exit_code == 0);
  auto own = serve.get("/metrics");
  REQUIRE(own);
  CHECK(sample(own->body, "anlink_doctor_exporter_runs_total{target=\"good\"}") == 1);
  CHECK(sample(own->body, "anlink_doctor_exporter_probes_total{target=\"good\",result=\"cached\"}") == 41);
}

TEST_CASE("serve: a slow target blocks neither /metrics nor another target, and scrapes during its run wait for it") {
  fake::Config slow_config = fake::scenario("healthy");
  slow_config.completion_ms = 3000;
  fake::Server slow(slow_config), fast(fake::scenario("healthy"));
  TempDir dir;
  Serve serve(config_with(dir, {{"slow", &slow}, {"fast", &fast}}));
  auto first = std::async(std::launch::async, [&] { return serve.get("/probe?target=slow"); });
  for (int i = 0; i < 500 && slow.billable() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(slow.billable() > 0);  // its run is in flight
  auto second = std::async(std::launch::async, [&] { return serve.get("/probe?target=slow"); });
  auto own = serve.get("/metrics");
  REQUIRE(own);
  CHECK(own->status == 200);
  CHECK(sample(own->body, "anlink_doctor_exporter_running{target=\"slow\"}") == 1);
  auto other = serve.get("/probe?target=fast");
  REQUIRE(other);
  CHECK(sample(other->body, "anlink_doctor_success{target=\"fast\"}") == 1);
  CHECK(first.wait_for(std::chrono::seconds(0)) != std::future_status::ready);  // answered while slow still ran
  auto a = first.get();
  auto b = second.get();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == 200);
  CHECK(b->status == 200);
  auto counts = serve.get("/metrics");
  REQUIRE(counts);
  CHECK(sample(counts->body, "anlink_doctor_exporter_runs_total{target=\"slow\"}") == 1);
  CHECK(sample(counts->body, "anlink_doctor_exporter_probes_total{target=\"slow\",result=\"waited\"}") == 1);
}

TEST_CASE("serve: only loopback without --allow-remote-listen, a config with targets, and SIGTERM ends it with 0") {
  fake::Server good(fake::scenario("healthy"));
  TempDir dir;
  const std::string config = config_with(dir, {{"good", &good}});
  Run remote = run_doctor({"serve", "--config", config, "--listen", "0.0.0.0:0"}, keys());
  CHECK(remote.exit_code == 2);
  CHECK(remote.err.find("--allow-remote-listen") != std::string::npos);
  Run none = run_doctor({"serve", "--config", dir.write("empty.json", "{\"targets\":{}}")}, keys());
  CHECK(none.exit_code == 2);
  Run key = run_doctor({"serve", "--config", config, "--api-key", "-"}, keys(), fake::kGoodKey);
  CHECK(key.exit_code == 2);
  Serve serve(config);
  serve.process.signal(SIGTERM);
  CHECK(serve.process.wait(std::chrono::seconds(10)).exit_code == 0);
}
