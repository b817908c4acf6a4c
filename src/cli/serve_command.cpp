// `anlink-doctor serve`: a Prometheus exporter in the blackbox exporter's multi-target
// pattern. GET /probe?target=NAME checks the config file's target NAME (never a URL, host or
// key from the query) and answers its metrics; GET /metrics the exporter's own; GET /healthz.
#include <httplib.h>
#include <signal.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/config_file.hpp"
#include "cli/errors.hpp"
#include "cli/listen_address.hpp"
#include "util/text.hpp"
#include "version.hpp"
#include "watch/exporter.hpp"

namespace anlink {

inline constexpr int kDefaultServePort = 9723;

CLI::App* setup_serve(CLI::App& app, ServeCommand& cmd) {
  auto* sub = app.add_subcommand("serve", "Serve the config file's targets' checks as Prometheus metrics (/probe?target=NAME)");
  auto& a = cmd.args;
  sub->add_option("--config", a.config, "The config file whose named targets may be probed [default $XDG_CONFIG_HOME/anlink-doctor/config.json]");
  sub->add_option("--listen", cmd.listen, "Address HOST:PORT (default 127.0.0.1:9723)");
  sub->add_flag("--allow-remote-listen", cmd.allow_remote, "Allow --listen on an address other machines can reach");
  sub->add_option("--min-interval", cmd.min_interval, "Check a target at most once per this many seconds; scrapes in between get the last result (default 30)");
  sub->add_option("--concurrency", cmd.concurrency, "Check at most this many targets at once (default 4)");
  sub->add_option("--timeout", a.timeout_seconds, "Whole-request limit in seconds (default 20)");
  add_run_options(sub, a);
  sub->add_flag("--strict", cmd.strict, "Warnings also make anlink_doctor_success 0");
  return sub;
}

namespace {

std::vector<ExporterTarget> load_targets(const ServeCommand& cmd) {
  const auto cfg = load_config(cmd.args.config);
  if (!cfg) throw UsageError("serve needs a config file with named targets: pass --config FILE (see docs/monitoring.md)");
  if (cfg->targets.empty()) throw UsageError("config \"" + cfg->path + "\": no targets to serve");
  std::vector<ExporterTarget> targets;
  for (const auto& [name, t] : cfg->targets) {
    if (!is_target_name(name))
      throw UsageError("config \"" + cfg->path + "\": target \"" + text::shorten(name, 64) +
                       "\": serve takes names of 1 to 64 letters, digits, '.', '_' or '-'");
    CheckArgs a = cmd.args;
    a.config = cfg->path;
    a.target = name;
    std::string notice;
    try {
      targets.push_back({name, resolve_inputs(a, notice)});
    } catch (const UsageError& e) {
      throw UsageError("target \"" + name + "\": " + e.what());
    }
    if (!notice.empty()) std::cerr << kToolName << ": notice: target \"" << name << "\": " << notice << "\n";
  }
  return targets;
}

// Prometheus says how long it waits for a scrape; a scrape waits a little less than that.
std::chrono::milliseconds wait_limit(const httplib::Request& req, const ServeCommand& cmd) {
  double seconds = cmd.args.max_time_seconds > 0 ? cmd.args.max_time_seconds + 5 : cmd.args.timeout_seconds * 3 + 5;
  const std::string given = req.get_header_value("X-Prometheus-Scrape-Timeout-Seconds");
  if (!given.empty() && given.size() < 16) {
    try {
      const double t = std::stod(given);
      if (t > 0 && t < 3600) seconds = std::max(0.5, t - 0.5);
    } catch (const std::exception&) {
    }
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// The query's "target" values, from the raw request target: httplib's own parse drops a
// repeated identical pair, and two targets must be refused, not merged. At most two.
std::vector<std::string> target_params(const std::string& raw) {
  std::vector<std::string> values;
  const auto q = raw.find('?');
  if (q == std::string::npos) return values;
  std::string_view rest = std::string_view(raw).substr(q + 1);
  while (!rest.empty() && values.size() < 2) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (httplib::detail::decode_url(std::string(pair.substr(0, eq)), true) != "target") continue;
    values.push_back(eq == std::string_view::npos ? "" : httplib::detail::decode_url(std::string(pair.substr(eq + 1)), true));
  }
  return values;
}

void send(httplib::Response& res, const HttpAnswer& a) {
  res.status = a.status;
  res.set_content(a.body, a.content_type.c_str());
}

}  // namespace

int run_serve(const ServeCommand& cmd) {
  if (!(cmd.min_interval >= 0 && cmd.min_interval <= 86400)) throw UsageError("--min-interval: give seconds from 0 to 86400");
  if (cmd.concurrency < 1 || cmd.concurrency > 64) throw UsageError("--concurrency: give a number from 1 to 64");
  if (cmd.args.api_key_given || !cmd.args.api_key_file.empty())
    throw UsageError("serve reads each target's key from the config file (key_env, key_file)");
  const auto [host, port] = listen_address(cmd.listen, cmd.allow_remote,
                                           "anyone who reaches it could make the doctor spend on your targets' keys",
                                           kDefaultServePort);
  ExporterLimits limits;
  limits.min_interval = std::chrono::milliseconds(static_cast<long long>(cmd.min_interval * 1000));
  limits.concurrency = cmd.concurrency;
  limits.strict = cmd.strict;
  const int threads = cmd.concurrency * 2 + 16;
  limits.max_waiting = threads - 4;  // four threads stay for /metrics and /healthz
  Exporter exporter(load_targets(cmd), limits);

  // SIGINT and SIGTERM end it: held in every thread (the mask is inherited), taken by one.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_keep_alive_max_count(1);  // no idle connection holds a thread
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(1024);
  server.Get("/probe", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, exporter.probe(target_params(req.target), wait_limit(req, cmd)));
  });
  server.Get("/metrics", [&](const httplib::Request&, httplib::Response& res) { send(res, exporter.own_metrics()); });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(kToolName) + " exporter: /probe?target=NAME, /metrics, /healthz\n", "text/plain");
  });
  const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw UsageError("--listen " + host + ":" + std::to_string(port) + ": cannot listen there (in use, or not this machine's address)");
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cerr << kToolName << ": serving " << exporter.size() << " target" << (exporter.size() == 1 ? "" : "s")
            << " on http://" << shown << ":" << bound << " (/probe?target=NAME, /metrics, /healthz)\n" << std::flush;
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  server.listen_after_bind();
  if (stopper.joinable()) {
    // listen ended by itself (not by a signal): wake the stopper with one of its signals.
    if (server.is_running()) server.stop();
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return 0;
}

}  // namespace anlink
