#include <fmt/format.h>

#include "report/renderers.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

namespace {

struct Style {
  std::string_view symbol, colour;
};

Style style_of(Status s) {
  switch (s) {
    case Status::pass: return {"✓", "\033[32m"};
    case Status::warn: return {"!", "\033[33m"};
    case Status::fail: return {"✗", "\033[31m"};
    case Status::skip: return {"-", "\033[90m"};
  }
  return {"?", ""};
}

// Server words reach the terminal: one line each, and no control characters (an ESC could
// rewrite the screen).
using text::one_line;

std::string paint(std::string_view s, std::string_view colour, bool on) {
  return on ? fmt::format("{}{}\033[0m", colour, s) : std::string(s);
}

std::string evidence_value(const nlohmann::ordered_json& v) {
  if (v.is_string()) return one_line(v.get<std::string>());
  if (v.is_object() && v.contains("total")) {  // timings: the httpstat-like line
    std::string out;
    for (auto it = v.begin(); it != v.end(); ++it)
      out += fmt::format("{}{} {}", out.empty() ? "" : "  ", it.key(), it.value().dump());
    return out;
  }
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string text_header(const Target& t, const RenderOptions& opts) {
  if (opts.verbosity == Verbosity::quiet) return "";
  return fmt::format("{} {}: {}{} · profile {} · {} {}{} · key {}\n\n", kToolName, kVersion,
                     t.client.empty() ? "" : "client " + t.client + " · ",
                     one_line(t.base_url), one_line(t.profile), t.models.empty() ? "model" : "models",
                     one_line(t.models.empty() ? t.model : text::join(t.models, ", ")),
                     t.apis.empty() ? "" : (t.apis.size() > 1 ? " · apis " : " · api ") + text::join(t.apis, ", "),
                     t.api_key_masked.empty() ? "(none)" : t.api_key_masked);
}

std::string text_check(const CheckResult& r, const RenderOptions& opts) {
  if (opts.verbosity == Verbosity::quiet) return "";
  const Finding& f = r.finding;
  Style st = style_of(f.status);
  std::string summary = one_line(f.status == Status::skip ? "skipped: " + f.summary : f.summary);
  std::string out;
  if (r.opens_group) {  // a model's or an API's own checks, under its name; a blank line after the last
    const std::string api = r.api ? "api " + one_line(*r.api) : "";
    if (!r.model.empty()) out = fmt::format("\n  model {}{}\n", one_line(r.model), api.empty() ? "" : " · " + api);
    else out = api.empty() ? "\n" : "\n  " + api + "\n";
  }
  out += fmt::format("{} {:<9} {}\n", paint(st.symbol, st.colour, opts.color), r.id, summary);
  if (opts.verbosity == Verbosity::verbose && f.status != Status::skip) {
    for (auto it = f.evidence.begin(); it != f.evidence.end(); ++it)
      out += fmt::format("    {}: {}\n", it.key(), evidence_value(it.value()));
    out += fmt::format("    duration: {} ms\n", r.duration_ms);
  } else if (opts.verbosity == Verbosity::verbose && f.evidence.contains("request_went_out_ahead")) {
    out += "    its request went out ahead; the answer was not judged\n";
  }
  return out;
}

// What got worse since --baseline, after the diagnosis.
std::string text_regressions(const Report& report, const RenderOptions& opts) {
  if (!report.baseline) return "";
  const auto& b = *report.baseline;
  if (b.regressions.empty())
    return fmt::format("\nNo regression since the baseline ({}): {}.\n", one_line(b.file), compared_words(b));
  std::string out = "\n" + paint(fmt::format("↓ {} since the baseline ({}):", b.regressions.size() == 1
                                                  ? std::string("One regression")
                                                  : std::to_string(b.regressions.size()) + " regressions",
                                              one_line(b.file)),
                                  "\033[33m", opts.color) + "\n";
  for (const auto& r : b.regressions) out += fmt::format("  • {}\n", one_line(r.summary));
  return out;
}

std::string text_diagnosis(const Report& report, const RenderOptions& opts) {
  const Diagnosis& d = report.diagnosis;
  std::string out = opts.verbosity == Verbosity::quiet ? "" : "\n";
  if (d.status == Status::pass) {
    out += paint("✓ healthy", "\033[32m", opts.color) +
           fmt::format(": {} ({} ms)\n", d.summary, report.duration_ms);
    return out + text_regressions(report, opts);
  }
  Style st = style_of(d.status);
  std::string head = d.category ? std::string(id_of(*d.category)) : std::string("WARNING");
  out += fmt::format("{} {} (check {}{}): {}\n", paint(st.symbol, st.colour, opts.color),
                     paint(head, st.colour, opts.color), d.check.value_or("?"),
                     (d.model ? ", model " + one_line(*d.model) : "") + (d.api ? ", api " + one_line(*d.api) : ""),
                     one_line(d.summary));
  if (d.category) out += fmt::format("  {}\n", info(*d.category).title);
  if (!d.fixes.empty()) {
    out += "\n  What to do:\n";
    for (const auto& fix : d.fixes) out += fmt::format("  • {}\n", one_line(fix));
  }
  if (!d.commands.empty()) {
    out += "\n  Try:\n";
    for (const auto& cmd : d.commands) out += fmt::format("    $ {}\n", one_line(cmd));
  }
  return out + text_regressions(report, opts);
}

std::string render_text(const Report& report, const RenderOptions& opts) {
  std::string out = text_header(report.target, opts);
  for (const auto& r : report.checks) out += text_check(r, opts);
  return out + text_diagnosis(report, opts);
}

}  // namespace anlink
