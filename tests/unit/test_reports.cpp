// The HTML writer and page, SARIF's shape, and baselines: parsing a saved report as untrusted
// input, matching checks, and what counts as a regression.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "report/baseline.hpp"
#include "report/html_writer.hpp"
#include "report/renderers.hpp"

using namespace anlink;

namespace {

const std::string kHostile =
    "</title></style></svg><script>alert(1)</script><img src=http://leak.example/i.png onerror=alert(2)>"
    "<a href=\"javascript:alert(3)\">x</a><style>@import url(http://leak.example/c.css)</style>"
    "<meta http-equiv=refresh content=\"0;url=http://leak.example/\"> ' \" & <!-- ]]>";

Report hostile_report() {
  Report r;
  r.target = {"https://gw.example/v1?<b>", "qwen-flash<script>", "anlinkai", "ak_…3d2e"};
  r.started_utc = "2026-12-03 10:00:00 UTC";
  CheckResult c{"api_key", Finding::fail(Category::unauthorized, kHostile), 5};
  c.finding.fixes = {kHostile};
  c.finding.commands = {"anlink-doctor check --model '" + kHostile + "'"};
  c.finding.evidence = {{kHostile, kHostile}, {"request_id", kHostile}};
  r.checks.push_back(c);
  CheckResult w{"model", Finding::warn(std::nullopt, "no category " + kHostile), 1};
  r.checks.push_back(w);
  r.diagnosis = diagnose(r.checks);
  r.exit_code = 1;
  r.timeline.push_back({"api_key " + kHostile, "POST", "https://gw.example/v1/" + kHostile, 401,
                        TransportError::none, 1, {1, 2, 3, 4, 5}, {4, 5}, 2});
  r.baseline = BaselineComparison{kHostile, {{"status", "api_key", std::nullopt, kHostile, "pass", "fail", kHostile}}};
  return r;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

std::string saved(const std::string& base_url, const std::string& checks, long duration = 400) {
  return R"({"schema_version": 1, "tool": {"name": "anlink-doctor", "version": "0.1.0"},
             "target": {"base_url": ")" + base_url + R"(", "model": "qwen-flash", "profile": "anlinkai", "api_key": null},
             "checks": [)" + checks + R"(], "diagnosis": {}, "duration_ms": )" + std::to_string(duration) +
         R"(, "exit_code": 0})";
}

CheckResult result(const char* id, Status st, std::optional<double> ttft = std::nullopt) {
  CheckResult r{id, {}, 1};
  r.finding.status = st;
  if (st == Status::fail) r.finding.category = Category::unauthorized;
  if (ttft) r.finding.evidence["ttft_ms"] = *ttft;
  r.finding.summary = std::string(id) + " now";
  return r;
}

}  // namespace

TEST_CASE("html: hostile text stays text, nothing loads, links or runs") {
  const std::string html = render_html(hostile_report(), RenderOptions{});
  INFO(html);
  for (const char* tag : {"<script", "<img", "<a ", "<iframe", "<link", "<meta http-equiv=refresh", "<image",
                          "<!--", "<style>@import", "</title></style>"})
    CHECK(html.find(tag) == std::string::npos);
  for (const char* attr : {"href=", "src=", "onerror=", "onload=", "url(", "@import", "javascript:"}) {
    // Only inside escaped text: never directly after a tag's name or a quote ends a value.
    CHECK(html.find(std::string(" ") + attr + "\"") == std::string::npos);
  }
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&#39; &quot; &amp; &lt;!-- ]]&gt;") != std::string::npos);
  CHECK(count(html, "<style>") == 1);
  CHECK(count(html, "<svg") == 1);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("default-src &#39;none&#39;") != std::string::npos);  // an attribute value, escaped
}

TEST_CASE("html: the writer refuses attributes that load, link or run") {
  HtmlWriter h;
  CHECK_THROWS_AS(h.empty("img", {{"src", "x"}}), std::logic_error);
  CHECK_THROWS_AS(h.empty("a", {{"href", "x"}}), std::logic_error);
  CHECK_THROWS_AS(h.empty("svg", {{"onload", "x"}}), std::logic_error);
  CHECK_THROWS_AS(h.empty("p", {{"style", "x"}}), std::logic_error);
  h.empty("rect", {{"class", "\"><script>"}});
  CHECK(h.str() == "<rect class=\"&quot;&gt;&lt;script&gt;\"/>\n");
}

TEST_CASE("html: a timeline row per request, a mark per chunk, phases from libcurl's timings") {
  Report r = hostile_report();
  r.timeline.clear();
  TimedRequest stream{"stream", "POST", "https://gw.example/v1/chat/completions", 200, TransportError::none,
                      10, {1, 2, 30, 40, 500}, {}, 0};
  for (int i = 0; i < 5000; ++i) stream.chunk_ms.push_back(40 + i * 0.09);  // many, close together
  stream.chunks_seen = 5000;
  r.timeline.push_back(stream);
  r.timeline.push_back({"model", "GET", "https://gw.example/v1/models", 200, TransportError::none, 0,
                        {1, 2, 3, 4, 5}, {5}, 1});
  const std::string html = render_html(r, RenderOptions{});
  CHECK(count(html, "class=\"chunk\"") == 2);
  // 5000 chunks over 450 ms: drawn at most once per half pixel, so the path stays small.
  CHECK(count(html, "v18") < 1500);
  CHECK(html.find("the body in 5000 reads, from") != std::string::npos);
  for (const char* phase : {"p-dns", "p-connect", "p-tls", "p-wait", "p-body"})
    CHECK(html.find(phase) != std::string::npos);
  // Sorted by start: the catalog's GET (at 0 ms) is drawn before the stream (at 10 ms).
  CHECK(html.find("model · GET /v1/models") < html.find("stream · POST /v1/chat/completions"));
}

TEST_CASE("sarif: a result per failing or warning check, each ruled from the table") {
  const auto doc = nlohmann::json::parse(render_sarif(hostile_report(), RenderOptions{}));
  CHECK(doc["version"] == "2.1.0");
  const auto& run = doc["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  const auto& results = run["results"];
  REQUIRE(results.size() == 3);  // the failure, the warning, the regression
  CHECK(results[0]["ruleId"] == "UNAUTHORIZED");
  CHECK(results[0]["level"] == "error");
  CHECK(results[1]["ruleId"] == "model");  // a warning without a category: its check id
  CHECK(results[1]["level"] == "warning");
  CHECK(results[2]["ruleId"] == "REGRESSION");
  for (const auto& res : results) CHECK(rules[res["ruleIndex"].get<std::size_t>()]["id"] == res["ruleId"]);
  CHECK(results[0]["properties"]["fixes"].size() == 1);
  CHECK(run["invocations"][0]["exitCode"] == 1);
  CHECK(rules.size() == category_table().size() + 2);
}

TEST_CASE("baseline: a saved report that is not one is refused with the reason") {
  auto reason = [](const std::string& text) {
    try {
      parse_baseline(text);
      return std::string("accepted");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
  };
  CHECK(reason("not json") == "not JSON");
  CHECK(reason("[1]") == "not an anlink-doctor report: not a JSON object");
  CHECK(reason(std::string(100, '[') + std::string(100, ']')) == "nested too deeply to be a report");
  CHECK(reason(R"({"tool": {"name": "other"}})").find("not an anlink-doctor report") == 0);
  CHECK(reason(R"({"schema_version": 2, "tool": {"name": "anlink-doctor"}})") == "not a report of schema_version 1");
  CHECK(reason(R"({"schema_version": 1, "tool": {"name": "anlink-doctor"}, "target": {}})")
            .find("no \"target\"") == 0);
  CHECK(reason(saved("https://gw.example/v1", R"({"id": "config"})")) ==
        "checks[0] has no \"id\" or no valid \"status\"");
  CHECK(reason(saved("https://gw.example/v1", R"({"id": "config", "status": "great"})")) ==
        "checks[0] has no \"id\" or no valid \"status\"");
  CHECK(reason(saved("https://gw.example/v1", R"({"id": "config", "status": "pass"})")) == "accepted");
}

TEST_CASE("baseline: another base URL or profile is another target") {
  const Baseline b = parse_baseline(saved("https://gw.example/v1", ""));
  CHECK_FALSE(other_target(b, "https://gw.example/v1", "anlinkai"));
  CHECK(other_target(b, "https://other.example/v1", "anlinkai").value() ==
        "it is a report of https://gw.example/v1, not of https://other.example/v1");
  CHECK(other_target(b, "https://gw.example/v1", "openai").value() == "it is a report of profile anlinkai, not of openai");
}

TEST_CASE("baseline: what passed and no longer does, and what got more than 2x and 500 ms slower") {
  const Baseline b = parse_baseline(saved(
      "https://gw.example/v1",
      R"({"id": "api_key", "status": "pass"}, {"id": "model", "status": "pass"}, {"id": "usage_log", "status": "pass"},
         {"id": "probe", "status": "fail"},
         {"id": "stream", "status": "pass", "evidence": {"ttft_ms": 300}},
         {"id": "stream", "api": "messages", "status": "pass", "evidence": {"ttft_ms": 300}},
         {"id": "stream", "model": "qwen-plus", "status": "pass", "evidence": {"ttft_ms": 100}})",
      400));
  Report r;
  r.target.model = "qwen-flash";
  r.duration_ms = 700;  // 1.75x: no regression
  r.checks = {result("api_key", Status::fail), result("model", Status::warn), result("usage_log", Status::skip),
              result("probe", Status::fail), result("stream", Status::pass, 700.0)};
  CheckResult messages = result("stream", Status::pass, 2400.0);
  messages.api = "messages";
  r.checks.push_back(messages);
  CheckResult plus = result("stream", Status::pass, 550.0);  // 5.5x, but only 450 ms later
  plus.model = "qwen-plus";
  r.checks.push_back(plus);
  CheckResult unseen = result("tools", Status::fail);  // not in the baseline: not compared
  r.checks.push_back(unseen);
  BaselineComparison comparison = compare_with(b, r);
  // usage_log was skipped now, tools is new: the other six are compared.
  CHECK(comparison.compared == 6);
  CHECK(compared_words(comparison) == "6 checks compared");
  auto got = comparison.regressions;
  REQUIRE(got.size() == 3);
  CHECK(got[0].kind == "status");
  CHECK(got[0].check == "api_key");
  CHECK(got[0].now == "fail");
  CHECK(got[1].kind == "status");
  CHECK(got[1].check == "model");
  CHECK(got[1].now == "warn");
  CHECK(got[2].kind == "first_token");
  CHECK(got[2].api == std::optional<std::string>("messages"));
  CHECK(got[2].summary == "stream [messages]: the first token came after 2400 ms, 300 ms in the baseline");
  CHECK(exit_code_with(0, got) == 4);
  CHECK(exit_code_with(1, got) == 1);
  CHECK(exit_code_with(0, {}) == 0);

  r.checks.clear();
  r.duration_ms = 901;  // more than 2x and 500 ms: the run regressed
  comparison = compare_with(b, r);
  CHECK(compared_words(comparison) == "no check of this run was judged in both, so nothing was compared");
  got = comparison.regressions;
  REQUIRE(got.size() == 1);
  CHECK(got[0].kind == "duration");
  CHECK(got[0].check.empty());
  CHECK(got[0].summary == "the run took 901 ms, 400 ms in the baseline");
}
