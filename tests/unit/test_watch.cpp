// watch's state tracker and the metrics writer, on their own.
#include <catch2/catch.hpp>

#include "watch/metrics.hpp"
#include "watch/state.hpp"

using namespace anlink;

namespace {

Observation seen(WatchState s, std::optional<Category> c = std::nullopt) { return {s, c, "why"}; }

}  // namespace

TEST_CASE("state tracker: first state at once, changes after runs in a row, by direction") {
  StateTracker t(2, 3);
  auto first = t.add(seen(WatchState::healthy));
  REQUIRE(first);
  CHECK_FALSE(first->from);
  CHECK(first->runs == 1);
  CHECK_FALSE(t.add(seen(WatchState::failing, Category::unauthorized)));  // one failing run: a blip
  CHECK_FALSE(t.add(seen(WatchState::healthy)));
  CHECK_FALSE(t.add(seen(WatchState::failing, Category::unauthorized)));
  auto down = t.add(seen(WatchState::failing, Category::not_found));  // failing twice, the newest category named
  REQUIRE(down);
  CHECK(down->to.category == Category::not_found);
  CHECK(down->runs == 2);
  // A failing state's category changes after --fail-after runs of the new one.
  CHECK_FALSE(t.add(seen(WatchState::failing, Category::unauthorized)));
  auto other = t.add(seen(WatchState::failing, Category::unauthorized));
  REQUIRE(other);
  CHECK(other->from->category == Category::not_found);
  // Better is --recover-after (3): a warning, then healthy, count as runs in other states.
  CHECK_FALSE(t.add(seen(WatchState::warning)));
  CHECK_FALSE(t.add(seen(WatchState::warning)));
  auto warned = t.add(seen(WatchState::warning));
  REQUIRE(warned);
  CHECK(warned->to.state == WatchState::warning);
  CHECK_FALSE(t.add(seen(WatchState::healthy)));
  CHECK_FALSE(t.add(seen(WatchState::healthy)));
  auto up = t.add(seen(WatchState::healthy));
  REQUIRE(up);
  CHECK(up->runs == 3);
  // Unknown (this machine's network) is entered after --fail-after runs, like a failure.
  CHECK_FALSE(t.add(seen(WatchState::unknown)));
  auto lost = t.add(seen(WatchState::unknown));
  REQUIRE(lost);
  const auto e = event_json(*lost, "2026-12-03T00:00:00Z", "prod");
  CHECK(e["from"] == "healthy");
  CHECK(e["to"] == "unknown");
  CHECK(e["category"].is_null());
  CHECK(e["runs"] == 2);
  CHECK(e["summary"].get<std::string>().find("own network") != std::string::npos);
}

TEST_CASE("metrics writer: one # HELP and # TYPE per family, label values escaped") {
  MetricsWriter w;
  w.gauge("a_metric", "help", {{"l", "x\"y\\z\nw"}}, 1);
  w.counter("b_total", "help b", {}, 2.5);
  w.gauge("a_metric", "help", {{"l", "second"}}, 0);
  const std::string text = w.text();
  CHECK(text ==
        "# HELP a_metric help\n# TYPE a_metric gauge\na_metric{l=\"x\\\"y\\\\z\\nw\"} 1\na_metric{l=\"second\"} 0\n"
        "# HELP b_total help b\n# TYPE b_total counter\nb_total 2.5\n");
  CHECK(label_value(std::string(300, 'a')) == std::string(128, 'a') + "…");
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "é";  // two bytes each: the cut falls between two
  CHECK(label_value(accents + "\xff") == accents.substr(0, 128) + "…");
  CHECK(label_value("a\xff\x01" "b") == "a\xEF\xBF\xBD?b");
}
