// `anlink-doctor watch`: the checks every --interval until SIGINT/SIGTERM; a state that
// changes only after runs in a row; each change an event (stdout, --history, --on-change);
// billable checks every --paid-every runs; --textfile for node exporter.
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <thread>

#include "checks/check.hpp"
#include "cli/check_run.hpp"
#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/output.hpp"
#include "http/url.hpp"
#include "util/text.hpp"
#include "version.hpp"
#include "watch/history.hpp"
#include "watch/metrics.hpp"
#include "watch/on_change.hpp"
#include "watch/state.hpp"

namespace anlink {

CLI::App* setup_watch(CLI::App& app, WatchCommand& cmd) {
  auto* sub = app.add_subcommand("watch", "Run the checks every --interval and report each change of state");
  add_input_options(sub, cmd.args);
  add_run_options(sub, cmd.args);
  sub->add_option("--interval", cmd.interval, "Seconds from the start of one run to the start of the next (default 60)");
  sub->add_option("--fail-after", cmd.fail_after, "Runs in a row that must fail (or warn) before the state changes (default 2)");
  sub->add_option("--recover-after", cmd.recover_after, "Runs in a row that must pass before a failing state recovers (default 2)");
  sub->add_option("--paid-every", cmd.paid_every,
                  "Run the billable checks (probe, stream, capabilities) on every K-th run only; the others every run (default 1)");
  sub->add_option("--on-change", cmd.on_change, "Run this shell command at each change, the event as JSON on its stdin (30 s limit)");
  sub->add_option("--history", cmd.history, "Append each event as a JSON line to this file (kept under 1 MiB: the oldest go)");
  sub->add_option("--textfile", cmd.textfile,
                  "Write Prometheus metrics to this file after every run, atomically (node exporter's textfile collector)");
  sub->add_option("--count", cmd.count, "Stop after this many runs (default: until SIGINT or SIGTERM)");
  sub->add_option("--format", cmd.format, "Events as text lines or JSON lines")->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--strict", cmd.strict, "Warnings count as failures");
  sub->add_flag("-v,--verbose", cmd.verbose, "Also print each run's state on stderr");
  return sub;
}

namespace {

// "2026-12-03T03:10:00Z"
std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The series' and events' name for what is watched: the config target's, else the host.
std::string target_name(const CheckOptions& opts) {
  if (!opts.target.empty()) return opts.target;
  const auto url = parse_url(opts.base_url.value);
  if (!url) return "default";
  return url->port.empty() ? url->host : url->host + ":" + url->port;
}

// A free run skips the billable checks ("--no-probe: ..."), and a check that needs the probe
// to decide stays undecided: their last paid results stand in, so the state and the metrics
// say what was last known of them, not "skipped".
bool wants_paid_result(const CheckResult& r) {
  const CheckDef* def = find_check(r.id);
  if (def && def->billable && r.finding.status == Status::skip && r.finding.summary.rfind("--no-probe", 0) == 0)
    return true;
  return r.finding.evidence.value("undecided_without_probe", false);
}

void carry_billable(Report& now, const Report& paid, bool strict) {
  for (auto& r : now.checks) {
    if (!wants_paid_result(r)) continue;
    for (const auto& p : paid.checks)
      if (p.id == r.id && p.model == r.model && p.api == r.api) {
        const long duration = r.duration_ms;
        r = p;
        r.duration_ms = duration;
        r.finding.evidence["carried_from_paid_run"] = true;
      }
  }
  now.diagnosis = diagnose(now.checks);
  bool failed = false, warned = false;
  for (const auto& r : now.checks) {
    failed = failed || r.finding.status == Status::fail;
    warned = warned || r.finding.status == Status::warn;
  }
  now.exit_code = failed || (strict && warned) ? 1 : 0;
}

class Signals {
 public:
  Signals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    // A shell starts a background job with SIGINT ignored; an ignored signal never arrives.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGPIPE, SIG_IGN);  // an --on-change command that does not read its input
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);  // before any thread: all inherit it
    fd_ = ::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) throw InternalError("could not watch for SIGINT and SIGTERM");
  }
  ~Signals() { ::close(fd_); }
  int fd() const { return fd_; }

 private:
  sigset_t set_;
  int fd_ = -1;
};

// Waits until `until`, or until `done_fd` is readable; false when a signal came first.
bool wait_until(const Signals& sig, std::chrono::steady_clock::time_point until, int done_fd = -1) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (done_fd < 0 && left.count() <= 0) return true;
    pollfd p[2] = {{sig.fd(), POLLIN, 0}, {done_fd, POLLIN, 0}};
    const int n = ::poll(p, done_fd < 0 ? 1 : 2, done_fd < 0 ? static_cast<int>(std::min<long long>(left.count(), 60000)) : -1);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0 && (p[0].revents & POLLIN)) return false;
    if (done_fd >= 0 && n > 0 && (p[1].revents & POLLIN)) return true;
  }
}

void check_textfile_path(const std::string& path) {
  try {
    check_history_path(path);
  } catch (const UsageError& e) {
    std::string why = e.what();
    throw UsageError("--textfile" + why.substr(why.find(' ')));
  }
}

}  // namespace

int run_watch(const WatchCommand& cmd) {
  if (!(cmd.interval >= 1 && cmd.interval <= 86400)) throw UsageError("--interval: give seconds from 1 to 86400");
  if (cmd.fail_after < 1 || cmd.fail_after > 1000) throw UsageError("--fail-after: give a number of runs from 1 to 1000");
  if (cmd.recover_after < 1 || cmd.recover_after > 1000)
    throw UsageError("--recover-after: give a number of runs from 1 to 1000");
  if (cmd.paid_every < 1 || cmd.paid_every > 100000) throw UsageError("--paid-every: give a number of runs from 1 to 100000");
  if (cmd.count < 0) throw UsageError("--count: give a number of runs");
  if (cmd.on_change.size() > 4096) throw UsageError("--on-change: the command is longer than 4096 bytes");
  if (!cmd.history.empty()) check_history_path(cmd.history);
  if (!cmd.textfile.empty()) check_textfile_path(cmd.textfile);
  std::string notice;
  const CheckOptions paid = resolve_inputs(cmd.args, notice);
  CheckOptions free = paid;
  free.probe = false;
  const Redactor redact = redactor_for(paid);
  if (!notice.empty()) std::cerr << kToolName << ": notice: " << redact(notice) << "\n";
  const std::string target = target_name(paid);

  if (::isatty(STDERR_FILENO))
    std::cerr << redact(fmt::format("{}: watching {} every {} s; billable checks {}; Ctrl-C stops\n", kToolName, target,
                                    cmd.interval, cmd.paid_every == 1 ? "every run" : fmt::format("every {} runs", cmd.paid_every)));
  Signals signals;
  StateTracker tracker(cmd.fail_after, cmd.recover_after);
  std::optional<Report> last_paid;
  const auto interval = std::chrono::milliseconds(static_cast<long long>(cmd.interval * 1000));
  for (long run = 1; cmd.count == 0 || run <= cmd.count; ++run) {
    const auto started = std::chrono::steady_clock::now();
    const bool is_paid = (run - 1) % cmd.paid_every == 0 || !last_paid;
    // The run goes on in a thread of its own, so that a signal ends watch at once: nothing of
    // an unfinished run has been written, and nothing is written after the signal.
    const int done = ::eventfd(0, EFD_CLOEXEC);
    if (done < 0) throw InternalError("could not make an eventfd");
    Report report;
    std::string failure;
    std::thread worker([&] {
      try {
        report = run_once(is_paid ? paid : free, cmd.strict);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      const std::uint64_t one = 1;
      [[maybe_unused]] auto n = ::write(done, &one, sizeof one);
    });
    if (!wait_until(signals, {}, done)) {
      std::cout.flush();
      std::fflush(stdout);
      std::_Exit(0);  // the run in flight is dropped whole
    }
    worker.join();
    ::close(done);
    if (!failure.empty()) throw InternalError(failure);
    if (is_paid) last_paid = report;
    else carry_billable(report, *last_paid, cmd.strict);
    Observation o = observe(report, own_network_down(report, paid.base_url.value), cmd.strict);
    o.summary = redact(text::shorten(o.summary, 1000));
    const auto change = tracker.add(o);
    if (cmd.verbose)
      std::cerr << redact(fmt::format("{}: run {}{}: {}{}\n", kToolName, run, is_paid ? "" : " (free checks only)",
                                      to_string(o.state), o.category ? " " + std::string(id_of(*o.category)) : ""));
    if (!cmd.textfile.empty()) {
      MetricsWriter w;
      add_report_metrics(w, report, {target, std::chrono::system_clock::now(), std::nullopt,
                                     std::string(to_string(tracker.current()->state))});
      try {
        write_report_file(cmd.textfile, redact(w.text()), "--textfile");
      } catch (const InternalError& e) {
        std::cerr << kToolName << ": warning: " << redact(e.what()) << "\n";
      }
    }
    if (change) {
      const std::string time = utc_now();
      const std::string json = redact(event_json(*change, time, target).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      std::cout << (cmd.format == "json" ? json : redact(event_line(*change, time, target))) << "\n" << std::flush;
      if (!std::cout) throw InternalError("could not write to stdout");
      if (!cmd.history.empty()) try {
          append_history(cmd.history, json);
        } catch (const std::exception& e) {
          std::cerr << kToolName << ": warning: --history: " << redact(e.what()) << "\n";
        }
      if (!cmd.on_change.empty())
        if (auto why = run_on_change(cmd.on_change, json + "\n"))
          std::cerr << kToolName << ": warning: --on-change " << redact(*why) << "\n";
    }
    if (cmd.count != 0 && run == cmd.count) break;
    if (!wait_until(signals, started + interval)) break;
  }
  return 0;
}

}  // namespace anlink
