// GitHub Actions: the plain text report for the log, then one workflow command per warning
// or failure, so they show as annotations. The job summary is the markdown report (the CLI
// appends it to $GITHUB_STEP_SUMMARY).
#include <fmt/format.h>

#include "report/renderers.hpp"

namespace anlink {

namespace {

std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_github(const Report& report, const RenderOptions& opts) {
  RenderOptions plain = opts;
  plain.color = false;
  std::string out = render_text(report, plain) + "\n";
  for (const auto& r : report.checks) {
    const Finding& f = r.finding;
    if (f.status != Status::fail && f.status != Status::warn) continue;
    std::string title = "anlink-doctor " + r.id + (scope_label(r).empty() ? "" : " [" + scope_label(r) + "]");
    if (f.category) title += fmt::format(" ({})", id_of(*f.category));
    std::string message = f.summary;
    for (const auto& fix : f.fixes) message += "\nFix: " + fix;
    out += fmt::format("::{} title={}::{}\n", f.status == Status::fail ? "error" : "warning",
                       escape_property(title), escape_data(message));
  }
  if (report.baseline)
    for (const auto& g : report.baseline->regressions)
      out += fmt::format("::warning title={}::{}\n", escape_property("anlink-doctor regression (" + g.kind + ")"),
                         escape_data(g.summary));
  return out;
}

}  // namespace anlink
