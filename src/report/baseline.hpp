#pragma once
// --save-baseline's file is the run's JSON report; --baseline reads one back and lists what
// got worse: a check that passed there and no longer does, a stream's first token or the
// whole run more than 2x (and 500 ms) slower. Checks are matched by id, API and model.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"

namespace anlink {

struct Baseline {
  struct Check {
    std::string id, api, model;  // api "chat" when the report left it out; model "" likewise
    Status status = Status::pass;
    std::optional<double> ttft_ms;
  };
  std::string base_url, profile, model;  // the target's
  bool several_models = false;            // target.models: its checks of one model name it
  std::vector<Check> checks;
  long duration_ms = 0;
};

inline constexpr std::size_t kMaxBaselineBytes = 8u << 20;
inline constexpr std::size_t kMaxBaselineChecks = 20000;

// The report's text read as a baseline. Throws std::invalid_argument saying what is wrong
// ("not JSON", "not an anlink-doctor report: no \"checks\" array", ...).
Baseline parse_baseline(std::string_view text);

// Why the baseline is not of this target (another base URL or profile), or nothing.
std::optional<std::string> other_target(const Baseline& baseline, const std::string& base_url,
                                        const std::string& profile);

// What got worse in `report` since `baseline`, in the report's check order, the run last,
// and how many checks were compared (`file` is left for the caller to name).
BaselineComparison compare_with(const Baseline& baseline, const Report& report);

// Exit status 4 when nothing failed (0) but the run regressed; a failure's 1 wins.
int exit_code_with(int exit_code, const std::vector<Regression>& regressions);

}  // namespace anlink
