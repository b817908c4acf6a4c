// Golden files for every renderer in the table, on a passing and a failing report. A new
// renderer fails here until its golden files exist: ANLINK_UPDATE_GOLDEN=1 writes them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/renderers.hpp"

using namespace anlink;

namespace {

Report passing() {
  Report r;
  r.target = {"https://api.anlinkai.com/api/v1", "qwen-flash", "anlinkai", "ak_…3d2e"};
  r.started_utc = "2026-11-24 10:00:00 UTC";
  const char* ids[] = {"config", "base_url", "api_key", "model"};
  for (const char* id : ids) {
    CheckResult c{id, Finding::pass(std::string(id) + " is fine"), 12};
    c.finding.evidence["http_status"] = 200;
    r.checks.push_back(c);
  }
  r.checks.push_back({"usage_log", Finding::skip("no usage-log endpoint: see the console"), 0});
  r.diagnosis = diagnose(r.checks);
  r.duration_ms = 48;
  TimedRequest get{"model", "GET", "https://api.anlinkai.com/api/v1/models", 200, TransportError::none, 1.5,
                   {2.5, 9.0, 21.0, 30.0, 31.0}, {31.0}, 1};
  TimedRequest stream{"stream", "POST", "https://api.anlinkai.com/api/v1/chat/completions", 200,
                      TransportError::none, 3.0, {0, 0.5, 0.5, 12.0, 40.0}, {12.0, 20.0, 28.0, 28.2, 40.0}, 5};
  r.timeline = {get, stream};
  return r;
}

Report failing() {
  Report r = passing();
  Finding& key = r.checks[2].finding;
  key = Finding::fail(Category::unauthorized,
                      "the key was rejected: HTTP 401 invalid_api_key: \"Incorrect key <a|b> & 'c'\"");
  key.fixes = {"Copy the key again, 100% of it", "Check the header: Authorization: Bearer <key>"};
  key.commands = {"anlink-doctor check --api-key-file ~/.key"};
  key.evidence = {{"url", "https://api.anlinkai.com/api/v1/chat/completions"},
                  {"http_status", 401},
                  {"request_id", "req_42"},
                  {"timings_ms", {{"dns", 1.5}, {"connect", 9}, {"tls", 20}, {"first_byte", 80}, {"total", 81}}}};
  r.checks[3].finding = Finding::warn(std::nullopt, "could not check the model: catalog, \"unreadable\"\nsecond line \x1b[2J");
  r.checks[3].finding.fixes = {"Check the model by hand"};
  r.diagnosis = diagnose(r.checks);
  r.exit_code = 1;
  r.timeline.push_back({"api_key", "POST", "https://api.anlinkai.com/api/v1/chat/completions", 0,
                        TransportError::timeout, 5.0, {1, 2, 3, 0, 20}, {}, 0});
  r.baseline = BaselineComparison{"yesterday <1>.json",
                                  {{"status", "api_key", std::nullopt, "", "pass", "fail",
                                    "api_key passed in the baseline and now fails: the key was rejected"},
                                   {"first_token", "stream", std::string("messages"), "qwen-flash", "300 ms", "2400 ms",
                                    "stream messages qwen-flash: the first token came after 2400 ms, 300 ms in the baseline"},
                                   {"duration", "", std::nullopt, "", "400 ms", "1200 ms",
                                    "the run took 1200 ms, 400 ms in the baseline"}},
                                  5};
  return r;
}

std::string normalized(std::string s) {
  return std::regex_replace(s, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)"), "<time>");
}

}  // namespace

TEST_CASE("every renderer matches its golden files on a passing and a failing report") {
  const bool update = std::getenv("ANLINK_UPDATE_GOLDEN") != nullptr;
  for (const auto& renderer : renderer_table()) {
    for (const auto& [name, report] : {std::pair{"pass", passing()}, std::pair{"fail", failing()}}) {
      const std::string file = std::string(ANLINK_GOLDEN_DIR) + "/" + std::string(renderer.name) +
                               "." + name + ".txt";
      const std::string got = normalized(renderer.render(report, RenderOptions{}));
      if (update) std::ofstream(file, std::ios::binary) << got;
      std::stringstream want;
      want << std::ifstream(file, std::ios::binary).rdbuf();
      INFO("golden file " << file << " (ANLINK_UPDATE_GOLDEN=1 rewrites it)");
      CHECK(got == want.str());
    }
  }
}

TEST_CASE("text keeps server words on one line, without control characters") {
  std::string text = render_text(failing(), RenderOptions{});
  CHECK(text.find("catalog, \"unreadable\" second line ?[2J") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("junit escapes markup in messages and text") {
  std::string xml = render_junit(failing(), RenderOptions{});
  CHECK(xml.find("&lt;a|b&gt; &amp;") != std::string::npos);
  CHECK(xml.find("<a|b>") == std::string::npos);
}

TEST_CASE("github annotations escape newlines, percent signs, colons and commas") {
  std::string out = render_github(failing(), RenderOptions{});
  CHECK(out.find("::error title=anlink-doctor api_key (UNAUTHORIZED)::") != std::string::npos);
  CHECK(out.find("100%25 of it") != std::string::npos);
  CHECK(out.find("::warning title=anlink-doctor model::could not check the model: catalog, "
                 "\"unreadable\"%0Asecond line") != std::string::npos);
  CHECK(out.find("::error title=anlink-doctor api_key (UNAUTHORIZED)::the key was rejected: HTTP 401 "
                 "invalid_api_key: \"Incorrect key <a|b> & 'c'\"%0AFix: ") != std::string::npos);
}

TEST_CASE("markdown keeps table rows on one line and escapes pipes and markup") {
  std::string md = render_markdown(failing(), RenderOptions{});
  CHECK(md.find("&lt;a\\|b&gt; &amp;") != std::string::npos);
  CHECK(md.find("2. Check the header: Authorization: Bearer &lt;key&gt;") != std::string::npos);
  CHECK(md.find("| `model` | ! warn |  | could not check the model: catalog, \"unreadable\" second line ?\\[2J |") !=
        std::string::npos);
  CHECK(md.find('\x1b') == std::string::npos);
}

TEST_CASE("markdown: no link, image or code span can come from server words") {
  Report r = failing();
  r.checks[0].finding.summary = "see [x](https://evil.example/a) ![](http://evil.example/p.png) ``oops`` *b* "
                                "www.evil.example a@evil.example [y](javascript:alert)";
  r.diagnosis.summary = r.checks[0].finding.summary;
  r.diagnosis.commands = {"anlink-doctor check --model 'x```y'"};
  std::string md = render_markdown(r, RenderOptions{});
  INFO(md);
  // A word with a URL in it becomes a code span, which is never a link or an image.
  CHECK(md.find("see `[x](https://evil.example/a)` `![](http://evil.example/p.png)`") != std::string::npos);
  CHECK(md.find(" *b*") == std::string::npos);
  CHECK(md.find("\\*b\\*") != std::string::npos);
  CHECK(md.find("`www.evil.example`") != std::string::npos);
  CHECK(md.find("`a@evil.example`") != std::string::npos);
  CHECK(md.find("\\`\\`oops\\`\\`") != std::string::npos);
  CHECK(md.find("\\[y\\]\\(javascript:alert\\)") != std::string::npos);
  CHECK(md.find("````sh\n") != std::string::npos);  // a fence longer than the command's ```
}
