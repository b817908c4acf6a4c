#pragma once
// watch's states and when they change: a run's report becomes an observation (healthy,
// warning, failing with its category, or unknown when this machine's own network is down),
// and a state changes only after enough runs in a row say the same (flapping pages nobody).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/category.hpp"
#include "report/report.hpp"

namespace anlink {

enum class WatchState { healthy, warning, failing, unknown };
std::string_view to_string(WatchState s);

struct Observation {
  WatchState state = WatchState::unknown;
  std::optional<Category> category;  // failing, and a warning that has one
  std::string summary;               // the diagnosis's (already redacted by the caller)
  bool same_as(const Observation& o) const { return state == o.state && category == o.category; }
};

// True when a run failed because this machine has no way out (no default route or no
// resolver) to a gateway that is not on this machine: never the gateway's fault.
bool own_network_down(const Report& report, std::string_view base_url);

// With `strict`, a warning is failing (as --strict makes it exit 1).
Observation observe(const Report& report, bool network_down, bool strict = false);

struct StateChange {
  std::optional<Observation> from;  // none: the first state known
  Observation to;
  int runs = 0;  // the runs in a row that led to it
};

class StateTracker {
 public:
  StateTracker(int fail_after, int recover_after) : fail_after_(fail_after), recover_after_(recover_after) {}
  // The change this run makes, if any.
  std::optional<StateChange> add(const Observation& o);
  const std::optional<Observation>& current() const { return current_; }

 private:
  int needed(const Observation& to) const;
  int fail_after_, recover_after_;
  std::optional<Observation> current_;
  std::optional<Observation> pending_;  // what the runs since the last change say
  int streak_ = 0;
};

// The event watch prints, appends to --history and gives to --on-change:
// {"time","target","from","to","category","summary","runs"}.
nlohmann::ordered_json event_json(const StateChange& c, std::string_view time, std::string_view target);
// The same as one line of text.
std::string event_line(const StateChange& c, std::string_view time, std::string_view target);

}  // namespace anlink
