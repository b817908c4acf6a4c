#pragma once
// serve's targets: each checked at most once per min_interval whatever the scrape rate (a
// scrape in between gets the last result, with its age), at most `concurrency` at once; a
// scrape while its target is checked waits for that check. Bounded: at most `max_waiting`
// scrapes inside at once (the others are answered 503 at once), so a slow target never
// takes every thread from /metrics or another target.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/options.hpp"
#include "report/report.hpp"
#include "util/secret.hpp"

namespace anlink {

struct ExporterLimits {
  std::chrono::milliseconds min_interval{30000};
  int concurrency = 4;
  int max_waiting = 28;
  bool strict = false;
};

struct ExporterTarget {
  std::string name;
  CheckOptions opts;
};

struct HttpAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
};

// A target name as a query may give it: 1 to 64 of A-Z a-z 0-9 . _ -
bool is_target_name(std::string_view s);

class Exporter {
 public:
  Exporter(std::vector<ExporterTarget> targets, ExporterLimits limits);
  ~Exporter();
  // GET /probe?target=NAME: `names` are the query's target values, as many as it gave.
  HttpAnswer probe(const std::vector<std::string>& names, std::chrono::milliseconds wait_limit);
  // GET /metrics: the exporter's own.
  HttpAnswer own_metrics() const;
  std::size_t size() const { return slots_.size(); }

 private:
  struct Slot;
  HttpAnswer answer(Slot& s, std::string_view how);  // s.m held
  HttpAnswer rejected(int status, std::string_view reason, std::string body);
  bool acquire(std::chrono::steady_clock::time_point until);
  void release();

  ExporterLimits limits_;
  std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;
  std::atomic<int> inside_{0};
  std::mutex run_m_;
  std::condition_variable run_cv_;
  int running_ = 0;
  mutable std::mutex counts_m_;
  std::map<std::string, unsigned long, std::less<>> rejected_;  // by reason
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

}  // namespace anlink
