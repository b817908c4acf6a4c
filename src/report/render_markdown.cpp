// Markdown: a support bundle a person pastes into a ticket (and GitHub's job summary).
#include <fmt/format.h>

#include "report/renderers.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

namespace {

std::string_view symbol(Status s) {
  switch (s) {
    case Status::pass: return "✓ pass";
    case Status::warn: return "! warn";
    case Status::fail: return "✗ fail";
    case Status::skip: return "- skip";
  }
  return "?";
}

// One line, no control characters: what every piece of a finding becomes here.
std::string flat(std::string_view s) { return anlink::text::one_line(s); }

// Prose: markup characters as entities, so "<key>" is shown and not taken for a tag.
std::string prose(std::string_view s) {
  std::string out;
  for (char c : flat(s)) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// A table cell: prose, with pipes escaped.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : prose(s)) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

// A code span shows its content literally: no entities, but pipes still end a table cell.
std::string code(std::string_view s) {
  std::string t;
  for (char c : flat(s)) {
    if (c == '|') t += "\\|";
    else t += c;
  }
  return t.find('`') == std::string::npos ? "`" + t + "`" : "`` " + t + " ``";
}

std::string value(const nlohmann::ordered_json& v) {
  return v.is_string() ? v.get<std::string>()
                       : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string render_markdown(const Report& report, const RenderOptions&) {
  const Target& t = report.target;
  const Diagnosis& d = report.diagnosis;
  std::string out = "# anlink-doctor report\n\n| | |\n| --- | --- |\n";
  out += fmt::format("| tool | {} {} |\n", kToolName, kVersion);
  out += fmt::format("| time | {} |\n", report.started_utc);
  out += fmt::format("| base URL | {} |\n", code(t.base_url));
  out += fmt::format("| profile | {} |\n", cell(t.profile));
  out += fmt::format("| model | {} |\n", code(t.model));
  out += fmt::format("| key | {} |\n", t.api_key_masked.empty() ? "(none)" : code(t.api_key_masked));
  out += fmt::format("| result | {} (exit status {}, {} ms) |\n\n", symbol(d.status),
                     report.exit_code, report.duration_ms);

  out += "## Diagnosis\n\n";
  if (d.status == Status::pass) {
    out += "Healthy: " + prose(d.summary) + ".\n\n";
  } else {
    out += fmt::format("**{}** in check `{}`: {}\n\n", d.category ? id_of(*d.category) : "WARNING",
                       d.check.value_or("?"), prose(d.summary));
    if (!d.fixes.empty()) {
      out += "What to do:\n\n";
      for (std::size_t i = 0; i < d.fixes.size(); ++i)
        out += fmt::format("{}. {}\n", i + 1, prose(d.fixes[i]));
      out += "\n";
    }
    if (!d.commands.empty()) {
      out += "```sh\n";
      for (const auto& c : d.commands) out += flat(c) + "\n";
      out += "```\n\n";
    }
  }

  out += "## Checks\n\n| check | status | category | summary |\n| --- | --- | --- | --- |\n";
  for (const auto& r : report.checks)
    out += fmt::format("| `{}` | {} | {} | {} |\n", r.id, symbol(r.finding.status),
                       r.finding.category ? id_of(*r.finding.category) : "", cell(r.finding.summary));
  out += "\n## Evidence\n";
  for (const auto& r : report.checks) {
    if (r.finding.evidence.empty()) continue;
    out += fmt::format("\n<details><summary><code>{}</code> ({} ms)</summary>\n\n", r.id, r.duration_ms);
    for (auto it = r.finding.evidence.begin(); it != r.finding.evidence.end(); ++it)
      out += fmt::format("- {}: {}\n", it.key(), code(value(it.value())));
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace anlink
