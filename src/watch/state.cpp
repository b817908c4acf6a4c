#include "watch/state.hpp"

#include <fmt/format.h>

#include "http/local_network.hpp"
#include "http/url.hpp"

namespace anlink {

std::string_view to_string(WatchState s) {
  switch (s) {
    case WatchState::healthy: return "healthy";
    case WatchState::warning: return "warning";
    case WatchState::failing: return "failing";
    case WatchState::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

// healthy < warning < failing: a worse state needs --fail-after runs, a better one
// --recover-after.
int rank(WatchState s) {
  switch (s) {
    case WatchState::healthy: return 0;
    case WatchState::warning: return 1;
    case WatchState::failing: return 2;
    case WatchState::unknown: return 3;
  }
  return 3;
}

}  // namespace

bool own_network_down(const Report& report, std::string_view base_url) {
  if (report.diagnosis.status != Status::fail || report.diagnosis.category != Category::network) return false;
  const auto url = parse_url(base_url);
  if (url && is_loopback_host(url->host)) return false;
  const LocalNetwork net = read_local_network();
  return !net.default_route || !net.nameserver;
}

Observation observe(const Report& report, bool network_down, bool strict) {
  Observation o;
  o.summary = report.diagnosis.summary;
  if (network_down) {
    o.state = WatchState::unknown;
    return o;
  }
  o.category = report.diagnosis.category;
  o.state = report.diagnosis.status == Status::fail   ? WatchState::failing
            : report.diagnosis.status == Status::warn ? WatchState::warning
                                                      : WatchState::healthy;
  if (strict && o.state == WatchState::warning) o.state = WatchState::failing;
  if (o.state == WatchState::healthy) o.category.reset();
  return o;
}

int StateTracker::needed(const Observation& to) const {
  if (to.state == WatchState::healthy) return recover_after_;
  if (current_->state != WatchState::unknown && to.state != WatchState::unknown &&
      rank(to.state) < rank(current_->state))
    return recover_after_;
  return fail_after_;
}

std::optional<StateChange> StateTracker::add(const Observation& o) {
  if (!current_) {
    current_ = o;
    return StateChange{std::nullopt, o, 1};
  }
  if (o.same_as(*current_)) {
    current_->summary = o.summary;
    pending_.reset();
    streak_ = 0;
    return std::nullopt;
  }
  // Runs in a row in another state count together; within it, the newest category is the one
  // named (a failing state's category changes after runs in a row of that category).
  const bool same_state = o.state == current_->state;
  if (pending_ && (same_state ? pending_->same_as(o) : pending_->state == o.state)) ++streak_;
  else streak_ = 1;
  pending_ = o;
  if (streak_ < needed(o)) return std::nullopt;
  StateChange change{current_, o, streak_};
  current_ = o;
  pending_.reset();
  streak_ = 0;
  return change;
}

nlohmann::ordered_json event_json(const StateChange& c, std::string_view time, std::string_view target) {
  nlohmann::ordered_json e;
  e["time"] = time;
  e["target"] = target;
  e["from"] = c.from ? nlohmann::ordered_json(std::string(to_string(c.from->state))) : nlohmann::ordered_json(nullptr);
  e["to"] = std::string(to_string(c.to.state));
  e["category"] = c.to.category ? nlohmann::ordered_json(std::string(id_of(*c.to.category))) : nlohmann::ordered_json(nullptr);
  e["summary"] = c.to.state == WatchState::unknown
                     ? "this machine's own network is down (" + c.to.summary + "): the gateway was not reached"
                     : c.to.summary;
  e["runs"] = c.runs;
  return e;
}

std::string event_line(const StateChange& c, std::string_view time, std::string_view target) {
  const auto e = event_json(c, time, target);
  std::string to = std::string(to_string(c.to.state));
  if (c.to.category) to += fmt::format(" ({})", id_of(*c.to.category));
  const std::string from = c.from ? std::string(to_string(c.from->state)) + " -> " : "";
  return fmt::format("{} {}: {}{} after {} run{}: {}", time, target, from, to, c.runs, c.runs == 1 ? "" : "s",
                     e["summary"].get<std::string>());
}

}  // namespace anlink
