// Markdown: a support bundle a person pastes into a ticket (and GitHub's job summary).
#include <fmt/format.h>

#include <algorithm>

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

// The longest run of backticks in s: a code span or fence needs one more.
std::size_t longest_backtick_run(std::string_view s) {
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A code span shows its content literally, whatever backticks it holds; pipes still end a
// table cell, so they are escaped.
std::string code(std::string_view s) {
  std::string t;
  for (char c : flat(s)) {
    if (c == '|') t += "\\|";
    else t += c;
  }
  const std::size_t run = longest_backtick_run(t);
  if (run == 0) return "`" + t + "`";
  const std::string ticks(run + 1, '`');
  return ticks + " " + t + " " + ticks;  // the spaces keep a backtick at an edge apart
}

// Prose that may hold server words (always after other text on its line, so no heading or
// list can start): every inline Markdown character is escaped (no link, image, emphasis,
// code, strike-through or HTML can form), "<" ">" "&" become entities, and a word that a
// renderer would turn into a link by itself (a URL, "www.", an e-mail address) is shown in
// a code span, which is never a link.
std::string prose(std::string_view s) {
  std::string out;
  const std::string text = flat(s);
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      out += text[i++];
      continue;
    }
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    const std::string low = anlink::text::lower(word);
    if (low.find("://") != std::string::npos || low.find("www.") != std::string::npos ||
        word.find('@') != std::string::npos) {
      out += code(word);
    } else {
      for (char c : word) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (std::string_view("\\`*_[]()!|~").find(c) != std::string_view::npos) out += {'\\', c};
        else out += c;
      }
    }
    i = j;
  }
  return out;
}

// A table cell: prose (its pipes are escaped already).
std::string cell(std::string_view s) { return prose(s); }

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
  out += fmt::format("| model | {} |\n", code(t.models.empty() ? t.model : text::join(t.models, ", ")));
  out += fmt::format("| key | {} |\n", t.api_key_masked.empty() ? "(none)" : code(t.api_key_masked));
  out += fmt::format("| result | {} (exit status {}, {} ms) |\n\n", symbol(d.status),
                     report.exit_code, report.duration_ms);

  out += "## Diagnosis\n\n";
  if (d.status == Status::pass) {
    out += "Healthy: " + prose(d.summary) + ".\n\n";
  } else {
    out += fmt::format("**{}** in check `{}`{}: {}\n\n", d.category ? id_of(*d.category) : "WARNING",
                       d.check.value_or("?"), d.model ? " for model " + code(*d.model) : "", prose(d.summary));
    if (!d.fixes.empty()) {
      out += "What to do:\n\n";
      for (std::size_t i = 0; i < d.fixes.size(); ++i)
        out += fmt::format("{}. {}\n", i + 1, prose(d.fixes[i]));
      out += "\n";
    }
    if (!d.commands.empty()) {  // a fence longer than any backtick run inside it
      std::string lines;
      for (const auto& c : d.commands) lines += flat(c) + "\n";
      const std::string fence(std::max<std::size_t>(3, longest_backtick_run(lines) + 1), '`');
      out += fence + "sh\n" + lines + fence + "\n\n";
    }
  }

  if (report.baseline) {
    const auto& b = *report.baseline;
    out += "## Regressions\n\n";
    if (b.regressions.empty()) out += "None since the baseline " + code(b.file) + ": " + compared_words(b) + ".\n\n";
    else {
      out += "Since the baseline " + code(b.file) + ":\n\n| what | check | was | now | summary |\n| --- | --- | --- | --- | --- |\n";
      for (const auto& g : b.regressions) {
        std::string check = g.check;
        if (g.api) check += " " + *g.api;
        if (!g.model.empty()) check += " " + g.model;
        out += fmt::format("| {} | {} | {} | {} | {} |\n", g.kind, g.check.empty() ? "the run" : code(check),
                           cell(g.was), cell(g.now), cell(g.summary));
      }
      out += "\n";
    }
  }
  out += "## Checks\n\n| check | status | category | summary |\n| --- | --- | --- | --- |\n";
  for (const auto& r : report.checks)
    out += fmt::format("| `{}`{} | {} | {} | {} |\n", r.id, scope_label(r).empty() ? "" : " " + code(scope_label(r)),
                       symbol(r.finding.status),
                       r.finding.category ? id_of(*r.finding.category) : "", cell(r.finding.summary));
  out += "\n## Evidence\n";
  for (const auto& r : report.checks) {
    if (r.finding.evidence.empty()) continue;
    out += fmt::format("\n<details><summary><code>{}</code>{} ({} ms)</summary>\n\n", r.id,
                       scope_label(r).empty() ? "" : " " + code(scope_label(r)), r.duration_ms);
    for (auto it = r.finding.evidence.begin(); it != r.finding.evidence.end(); ++it)
      out += fmt::format("- {}: {}\n", it.key(), code(value(it.value())));
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace anlink
