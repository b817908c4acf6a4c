#include "watch/exporter.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/check_run.hpp"
#include "watch/metrics.hpp"

namespace anlink {

struct Exporter::Slot {
  ExporterTarget target;
  Redactor redact;
  std::mutex m;
  std::condition_variable cv;
  bool running = false;
  std::optional<Report> last;
  std::chrono::system_clock::time_point finished;
  std::chrono::steady_clock::time_point finished_steady;
  unsigned long runs = 0, errors = 0, fresh = 0, cached = 0, waited = 0;
  double seconds = 0;
};

bool is_target_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

Exporter::Exporter(std::vector<ExporterTarget> targets, ExporterLimits limits) : limits_(limits) {
  for (auto& t : targets) {
    auto slot = std::make_unique<Slot>();
    slot->redact = redactor_for(t.opts);
    slot->target = std::move(t);
    slots_.emplace(slot->target.name, std::move(slot));
  }
}

Exporter::~Exporter() = default;

HttpAnswer Exporter::rejected(int status, std::string_view reason, std::string body) {
  {
    std::lock_guard lock(counts_m_);
    ++rejected_[std::string(reason)];
  }
  return {status, std::move(body) + "\n", "text/plain; charset=utf-8"};
}

bool Exporter::acquire(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(run_m_);
  if (!run_cv_.wait_until(lock, until, [&] { return running_ < limits_.concurrency; })) return false;
  ++running_;
  return true;
}

void Exporter::release() {
  {
    std::lock_guard lock(run_m_);
    --running_;
  }
  run_cv_.notify_one();
}

HttpAnswer Exporter::answer(Slot& s, std::string_view how) {
  if (how == "fresh") ++s.fresh;
  else if (how == "cached") ++s.cached;
  else ++s.waited;
  MetricsWriter w;
  const double age = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.finished_steady).count();
  add_report_metrics(w, *s.last, {s.target.name, s.finished, std::round(age * 1000) / 1000, std::nullopt});
  return {200, s.redact(w.text())};
}

HttpAnswer Exporter::probe(const std::vector<std::string>& names, std::chrono::milliseconds wait_limit) {
  if (names.empty()) return rejected(400, "no_target", "give the target: /probe?target=NAME (a name in the config file)");
  if (names.size() > 1) return rejected(400, "several_targets", "give one target: /probe?target=NAME");
  if (!is_target_name(names.front()))
    return rejected(400, "not_a_name", "the target must be a name of the config file (letters, digits, . _ -), never a URL");
  const auto it = slots_.find(names.front());
  if (it == slots_.end()) return rejected(404, "unknown_target", "no target of that name in the config file");
  Slot& s = *it->second;
  {  // A kept result is answered at once: it never waits, so it is not bounded below.
    std::lock_guard lock(s.m);
    if (s.last && !s.running && std::chrono::steady_clock::now() - s.finished_steady < limits_.min_interval)
      return answer(s, "cached");
  }
  // Every scrape inside holds a server thread: past the bound, answer at once.
  if (inside_.fetch_add(1) >= limits_.max_waiting) {
    inside_.fetch_sub(1);
    return rejected(503, "busy", "too many scrapes at once; try again");
  }
  struct Leave {
    std::atomic<int>& n;
    ~Leave() { n.fetch_sub(1); }
  } leave{inside_};
  const auto until = std::chrono::steady_clock::now() + wait_limit;
  std::unique_lock lock(s.m);
  if (s.last && !s.running && std::chrono::steady_clock::now() - s.finished_steady < limits_.min_interval)
    return answer(s, "cached");
  if (s.running) {
    if (!s.cv.wait_until(lock, until, [&] { return !s.running; }))
      return rejected(503, "timeout", "the target's check is still running; try again");
    if (s.last) return answer(s, "waited");
  }
  s.running = true;
  lock.unlock();
  std::optional<Report> report;
  std::string failure;
  const auto t0 = std::chrono::steady_clock::now();
  if (acquire(until)) {
    try {
      report = run_once(s.target.opts, limits_.strict);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    release();
  } else {
    failure = "waited too long for a free check slot (--concurrency)";
  }
  lock.lock();
  s.running = false;
  s.cv.notify_all();
  if (!report) {
    ++s.errors;
    lock.unlock();
    return rejected(failure.rfind("waited", 0) == 0 ? 503 : 500, "run_failed",
                    s.redact("the doctor could not check the target: " + failure));
  }
  ++s.runs;
  s.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  s.last = std::move(report);
  s.finished = std::chrono::system_clock::now();
  s.finished_steady = std::chrono::steady_clock::now();
  return answer(s, "fresh");
}

namespace {

long open_fds() {
  long n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
    --n;  // the one opendir holds
  }
  return n;
}

double resident_bytes() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

HttpAnswer Exporter::own_metrics() const {
  MetricsWriter w;
  for (const auto& [name, s] : slots_) {
    std::lock_guard lock(s->m);
    w.counter("anlink_doctor_exporter_runs_total", "Runs of the checks per target", {{"target", name}},
              static_cast<double>(s->runs));
    w.counter("anlink_doctor_exporter_run_errors_total", "Runs per target the doctor itself could not finish",
              {{"target", name}}, static_cast<double>(s->errors));
    w.counter("anlink_doctor_exporter_run_seconds_total", "Seconds spent running the checks per target",
              {{"target", name}}, s->seconds);
    for (const auto& [how, n] : {std::pair{"fresh", s->fresh}, {"cached", s->cached}, {"waited", s->waited}})
      w.counter("anlink_doctor_exporter_probes_total",
                "Answered /probe scrapes per target: fresh (a run), cached (within --min-interval), waited (for a run in flight)",
                {{"target", name}, {"result", how}}, static_cast<double>(n));
    w.gauge("anlink_doctor_exporter_running", "1 while the target is being checked", {{"target", name}}, s->running ? 1 : 0);
  }
  {
    std::lock_guard lock(counts_m_);
    for (std::string_view reason : {"no_target", "several_targets", "not_a_name", "unknown_target", "busy", "timeout", "run_failed"}) {
      const auto it = rejected_.find(reason);
      w.counter("anlink_doctor_exporter_rejected_total", "Scrapes answered with an error, by reason",
                {{"reason", std::string(reason)}}, it == rejected_.end() ? 0 : static_cast<double>(it->second));
    }
  }
  w.gauge("process_open_fds", "Open file descriptors", {}, static_cast<double>(open_fds()));
  w.gauge("process_resident_memory_bytes", "Resident memory size in bytes", {}, resident_bytes());
  w.gauge("process_start_time_seconds", "Start time of the process since the epoch in seconds", {},
          std::chrono::duration<double>(started_.time_since_epoch()).count());
  return {200, w.text()};
}

}  // namespace anlink
