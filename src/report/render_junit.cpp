// JUnit XML: one test suite, a test case per check. Totals come first, so this renders a
// finished report.
#include <fmt/format.h>

#include <algorithm>

#include "report/renderers.hpp"
#include "report/xml_writer.hpp"
#include "version.hpp"

namespace anlink {

namespace {

std::string seconds(long ms) { return fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0); }

std::string details(const Finding& f) {
  std::string out = f.summary + "\n";
  for (const auto& fix : f.fixes) out += "fix: " + fix + "\n";
  for (const auto& cmd : f.commands) out += "try: " + cmd + "\n";
  if (!f.evidence.empty())
    out += "evidence: " + f.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return out;
}

}  // namespace

std::string render_junit(const Report& report, const RenderOptions&) {
  auto count = [&](Status s) {
    return std::count_if(report.checks.begin(), report.checks.end(),
                         [&](const CheckResult& r) { return r.finding.status == s; });
  };
  XmlWriter xml;
  {
    // --baseline: one more test case, failed when the run regressed.
    const long regressed = report.baseline && !report.baseline->regressions.empty() ? 1 : 0;
    XmlWriter::Scope suites(xml, "testsuites");
    XmlWriter::Scope suite(xml, "testsuite",
                           {{"name", kToolName},
                            {"tests", std::to_string(report.checks.size() + (report.baseline ? 1 : 0))},
                            {"failures", std::to_string(count(Status::fail) + regressed)},
                            {"errors", "0"},
                            {"skipped", std::to_string(count(Status::skip))},
                            {"time", seconds(report.duration_ms)}});
    {
      XmlWriter::Scope props(xml, "properties");
      xml.empty("property", {{"name", "base_url"}, {"value", report.target.base_url}});
      xml.empty("property", {{"name", "model"}, {"value", report.target.model}});
      xml.empty("property", {{"name", "profile"}, {"value", report.target.profile}});
      xml.empty("property", {{"name", "api_key"}, {"value", report.target.api_key_masked}});
      xml.empty("property", {{"name", "version"}, {"value", kVersion}});
    }
    for (const auto& r : report.checks) {
      const Finding& f = r.finding;
      XmlWriter::Scope tc(xml, "testcase",
                          {{"classname", std::string(kToolName) + ".check"},
                           {"name", scope_label(r).empty() ? r.id : r.id + " [" + scope_label(r) + "]"},
                           {"time", seconds(r.duration_ms)}});
      const std::string category = f.category ? std::string(id_of(*f.category)) : "";
      if (f.status == Status::skip) {
        xml.empty("skipped", {{"message", f.summary}});
      } else if (f.status == Status::fail) {
        XmlWriter::Scope failure(xml, "failure",
                                 {{"message", category + ": " + f.summary}, {"type", category}});
        xml.text(details(f));
      }
      if (f.status == Status::warn) {
        XmlWriter::Scope out(xml, "system-out");
        xml.text("warning" + (category.empty() ? "" : " " + category) + ": " + details(f));
      } else if (f.status == Status::pass) {
        XmlWriter::Scope out(xml, "system-out");
        xml.text(f.summary + "\n");
      }
    }
    if (report.baseline) {
      XmlWriter::Scope tc(xml, "testcase", {{"classname", std::string(kToolName) + ".baseline"},
                                            {"name", "regressions since " + report.baseline->file},
                                            {"time", "0.000"}});
      if (regressed) {
        std::string text;
        for (const auto& g : report.baseline->regressions) text += g.summary + "\n";
        XmlWriter::Scope failure(xml, "failure", {{"message", text.substr(0, text.find('\n'))}, {"type", "REGRESSION"}});
        xml.text(text);
      }
    }
  }
  return xml.str();
}

}  // namespace anlink
