#pragma once
// A report as Prometheus metrics (text exposition format 0.0.4), one naming for `watch
// --textfile` and `serve`: every family with # HELP and # TYPE, every series with `target`.
// Labels hold only bounded values: the target's name, check ids, the run's models and APIs,
// statuses, category ids, capability ids and verdicts, a currency code of three letters.
// Never a key, a header's value or the server's words.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/report.hpp"

namespace anlink {

// Writes families in the order they are first named; each family's samples stay together.
class MetricsWriter {
 public:
  using Labels = std::vector<std::pair<std::string_view, std::string>>;
  void gauge(std::string_view name, std::string_view help, const Labels& labels, double value);
  void counter(std::string_view name, std::string_view help, const Labels& labels, double value);
  std::string text() const;

 private:
  struct Family {
    std::string name, help, type, samples;
  };
  void add(std::string_view name, std::string_view help, std::string_view type, const Labels& labels, double value);
  std::vector<Family> families_;
};

// What a run's report says as metrics, beside what the caller adds.
struct RunMetrics {
  std::string target;  // the series' `target` label
  std::chrono::system_clock::time_point finished;
  std::optional<double> age_seconds;  // serve: how old the result is, when it was kept
  std::optional<std::string> state;   // watch: healthy | warning | failing | unknown
};

void add_report_metrics(MetricsWriter& w, const Report& report, const RunMetrics& run);

// A label value as the exposition format writes it: \\, \" and \n escaped, at most 128 bytes.
std::string label_value(std::string_view v);

}  // namespace anlink
