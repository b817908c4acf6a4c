// HTML: one self-contained page a person looks at or attaches to a ticket: the target, the
// diagnosis and fixes, every check, and a timeline of every request (libcurl's phases) with
// each stream's chunks as marks on the same axis. Inline CSS and SVG only: nothing on the
// page loads, links or runs anything (its Content-Security-Policy says so too), and every
// string goes through the one HtmlWriter.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/html_writer.hpp"
#include "report/renderers.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

namespace {

using A = HtmlWriter::Attributes;

constexpr Literal kStyle = R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2em auto;max-width:1100px;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .4em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25em .6em;border-bottom:1px solid #eaeef2}
th{background:#f6f8fa;font-weight:600}td.num{text-align:right;white-space:nowrap}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.6em;white-space:pre-wrap}
.status{font-weight:600;white-space:nowrap}.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.skip{color:#57606a}
.verdict{padding:.8em 1em;border-left:6px solid;margin:1em 0;background:#f6f8fa}
.v-pass{border-color:#1a7f37}.v-warn{border-color:#bf8700}.v-fail{border-color:#cf222e}
.verdict p{margin:.3em 0}.verdict .head{font-size:1.1em;font-weight:600}.id{white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.4em 0 .8em}dt{color:#57606a}dd{margin:0}
details{margin:.3em 0}summary{cursor:default}
svg.timeline{width:100%;height:auto;border:1px solid #eaeef2}
svg text{font:11px ui-monospace,"DejaVu Sans Mono",monospace;fill:#1b1f24}svg .axis{stroke:#d0d7de}
.p-dns{fill:#8250df}.p-connect{fill:#bf8700}.p-tls{fill:#0969da}.p-wait{fill:#afb8c1}.p-head{fill:#f0d8a8}.p-body{fill:#2da44e}
.p-error{fill:#cf222e}.chunk{stroke:#0a3069;stroke-width:1}.key{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .3em 0 .9em}
.k-dns{background:#8250df}.k-connect{background:#bf8700}.k-tls{background:#0969da}.k-wait{background:#afb8c1}.k-head{background:#f0d8a8}.k-body{background:#2da44e}.k-chunk{background:#0a3069;width:2px}
footer{margin-top:2em;color:#57606a;font-size:.85em}
@media print{body{margin:0;max-width:none;font-size:10pt}details>*{display:block}details::details-content{content-visibility:visible;display:block}h2{break-after:avoid}tr,svg{break-inside:avoid}}
</style>
)";

std::string_view status_word(Status s) {
  switch (s) {
    case Status::pass: return "✓ pass";
    case Status::warn: return "! warn";
    case Status::fail: return "✗ fail";
    case Status::skip: return "– skip";
  }
  return "?";
}

std::string status_class(Status s) { return "status " + std::string(to_string(s)); }

std::string value_text(const nlohmann::ordered_json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ms_text(double ms) {
  return ms > 0 && ms < 10 ? fmt::format("{:.1f} ms", ms) : fmt::format("{:.0f} ms", ms);
}

void row(HtmlWriter& h, std::string_view name, std::string_view value, bool mono = false) {
  HtmlWriter::Scope tr(h, "tr");
  h.element("th", name);
  h.element("td", value, mono ? A{{"class", "mono"}} : A{});
}

void header_row(HtmlWriter& h, std::initializer_list<Literal> names) {
  HtmlWriter::Scope tr(h, "tr");
  for (Literal c : names) h.element("th", c.text);
}

void target_table(HtmlWriter& h, const Report& report) {
  const Target& t = report.target;
  HtmlWriter::Scope table(h, "table");
  row(h, "base URL", t.base_url, true);
  row(h, "profile", t.profile);
  row(h, t.models.empty() ? "model" : "models", t.models.empty() ? t.model : text::join(t.models, ", "), true);
  if (!t.apis.empty()) row(h, "APIs", text::join(t.apis, ", "));
  if (!t.client.empty()) row(h, "client", t.client);
  row(h, "key", t.api_key_masked.empty() ? "(none)" : t.api_key_masked, true);
  row(h, "time", report.started_utc);
  row(h, "result", fmt::format("{} · exit status {} · {} ms", to_string(report.diagnosis.status),
                               report.exit_code, report.duration_ms));
  row(h, "tool", fmt::format("{} {}", kToolName, kVersion));
}

void diagnosis(HtmlWriter& h, const Report& report) {
  const Diagnosis& d = report.diagnosis;
  HtmlWriter::Scope box(h, "div", {{"class", "verdict v-" + std::string(to_string(d.status))}});
  if (d.status == Status::pass) {
    h.element("p", "✓ Healthy: " + d.summary, {{"class", "head pass"}});
    return;
  }
  std::string where = "check " + d.check.value_or("?");
  if (d.model) where += ", model " + *d.model;
  if (d.api) where += ", api " + *d.api;
  h.element("p", fmt::format("{} {} ({})", d.status == Status::fail ? "✗" : "!",
                             d.category ? std::string(id_of(*d.category)) : std::string("WARNING"), where),
            {{"class", "head " + std::string(to_string(d.status))}});
  if (d.category) h.element("p", std::string(info(*d.category).title));
  h.element("p", d.summary);
  if (!d.fixes.empty()) {
    h.element("h3", "What to do");
    HtmlWriter::Scope ol(h, "ol");
    for (const auto& fix : d.fixes) h.element("li", fix);
  }
  if (!d.commands.empty()) {
    h.element("h3", "Try");
    std::string lines;
    for (const auto& c : d.commands) lines += "$ " + c + "\n";
    h.element("pre", lines);
  }
}

void regressions(HtmlWriter& h, const BaselineComparison& b) {
  h.element("h2", "Regressions since the baseline", {{"id", "regressions"}});
  if (b.regressions.empty()) {
    h.element("p", "None: nothing got worse since " + b.file + " (" + compared_words(b) + ").");
    return;
  }
  h.element("p", fmt::format("{} since {}:", b.regressions.size() == 1 ? "One regression" :
                             std::to_string(b.regressions.size()) + " regressions", b.file));
  HtmlWriter::Scope table(h, "table");
  header_row(h, {"what", "check", "was", "now", "summary"});
  for (const auto& r : b.regressions) {
    HtmlWriter::Scope tr(h, "tr");
    h.element("td", r.kind);
    std::string check = r.check.empty() ? "(the run)" : r.check;
    if (r.api) check += " " + *r.api;
    if (!r.model.empty()) check += " " + r.model;
    h.element("td", check, {{"class", "mono"}});
    h.element("td", r.was);
    h.element("td", r.now, {{"class", r.now == "warn" ? "warn" : "fail"}});
    h.element("td", r.summary);
  }
}

void checks(HtmlWriter& h, const Report& report) {
  h.element("h2", "Checks");
  HtmlWriter::Scope table(h, "table");
  header_row(h, {"status", "check", "category", "summary", "time"});
  for (const auto& r : report.checks) {
    HtmlWriter::Scope tr(h, "tr");
    h.element("td", status_word(r.finding.status), {{"class", status_class(r.finding.status)}});
    h.element("td", scope_label(r).empty() ? r.id : r.id + " " + scope_label(r), {{"class", "mono id"}});
    h.element("td", r.finding.category ? id_of(*r.finding.category) : "", {{"class", "mono id"}});
    h.element("td", r.finding.summary);
    h.element("td", fmt::format("{} ms", r.duration_ms), {{"class", "num"}});
  }
}

// A round step for the axis: 1, 2 or 5 times a power of ten, at most eight ticks.
double tick_step(double span) {
  double step = 1;
  while (span / step > 8) {
    for (double f : {2.0, 2.5, 2.0}) {  // 1 → 2 → 5 → 10
      step *= f;
      if (span / step <= 8) break;
    }
  }
  return step;
}

struct Phase {
  Literal cls;
  std::string_view name;
  double from, to;
};

std::vector<Phase> phases(const TimedRequest& t) {
  const HttpTimings& x = t.timings;
  const double connected = std::max(x.dns, x.connect), secured = x.tls > 0 ? std::max(connected, x.tls) : connected;
  const double first = x.first_byte > 0 ? std::max(secured, x.first_byte) : x.total;
  // After the headers, the wait for the body's first read: most of a held-back stream's time.
  const double body = t.chunk_ms.empty() ? first : std::clamp(t.chunk_ms.front(), first, std::max(first, x.total));
  std::vector<Phase> out = {{"p-dns", "resolve", 0, x.dns},
                            {"p-connect", "connect", x.dns, connected},
                            {"p-tls", "TLS", connected, secured},
                            {"p-wait", "waiting for the first byte", secured, first},
                            {"p-head", "headers in, waiting for the body", first, body},
                            {"p-body", "body", body, x.total}};
  if (t.error != TransportError::none) {  // red from where it went wrong: no answer, or a broken one
    const double from = x.first_byte > 0 ? body : secured;
    out.erase(out.begin() + (x.first_byte > 0 ? 5 : 3), out.end());
    out.push_back({"p-error", to_string(t.error), from, x.total});
  }
  return out;
}

std::string request_label(const TimedRequest& t) {
  std::string path = t.url;
  if (auto scheme = path.find("://"); scheme != std::string::npos)
    if (auto slash = path.find('/', scheme + 3); slash != std::string::npos) path = path.substr(slash);
  const std::string outcome = t.error != TransportError::none ? std::string(to_string(t.error))
                                                              : std::to_string(t.status);
  return fmt::format("{} · {} {} → {}", t.owner.empty() ? "(run)" : t.owner, t.method, path, outcome);
}

void timeline_svg(HtmlWriter& h, const std::vector<TimedRequest>& reqs) {
  constexpr double kLabel = 330, kWidth = 1000, kRow = 20, kTop = 26, kRight = 30;  // room for the last label
  double span = 1;
  for (const auto& t : reqs) span = std::max(span, t.start_ms + t.timings.total);
  const double step = tick_step(span);
  span = std::ceil(span / step) * step;
  const double scale = (kWidth - kLabel - kRight) / span;
  auto x_at = [&](double ms) { return fmt::format("{:.1f}", kLabel + ms * scale); };
  const double height = kTop + kRow * static_cast<double>(reqs.size()) + 6;
  HtmlWriter::Scope svg(h, "svg", {{"class", "timeline"},
                                   {"viewBox", fmt::format("0 0 {:.0f} {:.0f}", kWidth, height)},
                                   {"role", "img"},
                                   {"aria-label", "timeline of every request and stream chunk"}});
  h.element("title", "Timeline: each request's phases and each stream's chunks");
  for (double at = 0; at <= span + step / 2; at += step) {
    h.empty("line", {{"class", "axis"}, {"x1", x_at(at)}, {"x2", x_at(at)}, {"y1", "16"},
                     {"y2", fmt::format("{:.0f}", height)}});
    h.element("text", ms_text(at), {{"x", x_at(at)}, {"y", "12"}, {"text-anchor", "middle"}});
  }
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const TimedRequest& t = reqs[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const std::string label = request_label(t);
    {
      HtmlWriter::Scope g(h, "g");
      h.element("title", label);
      h.element("text", text::shorten(label, 52), {{"x", "4"}, {"y", fmt::format("{:.0f}", y + 13)}});
    }
    for (const auto& p : phases(t)) {
      if (p.to <= p.from) continue;
      HtmlWriter::Scope rect(h, "rect", {{"class", std::string(p.cls.text)},
                                         {"x", x_at(t.start_ms + p.from)},
                                         {"y", fmt::format("{:.0f}", y + 3)},
                                         {"width", fmt::format("{:.1f}", std::max(0.5, (p.to - p.from) * scale))},
                                         {"height", "14"}});
      h.element("title", fmt::format("{}: {} ({} to {})", p.name, ms_text(p.to - p.from),
                                     ms_text(t.start_ms + p.from), ms_text(t.start_ms + p.to)));
    }
    if (!t.chunk_ms.empty()) {  // one mark per chunk; those on the same half pixel drawn once
      std::string d;
      double last = -1;
      for (double c : t.chunk_ms) {
        const double x = std::round((kLabel + (t.start_ms + c) * scale) * 2) / 2;
        if (x == last) continue;
        last = x;
        d += fmt::format("M{:.1f} {:.0f}v18", x, y + 1);
      }
      HtmlWriter::Scope path(h, "path", {{"class", "chunk"}, {"d", d}});
      h.element("title", fmt::format("the body in {} read{}{}, from {} to {}", t.chunks_seen, t.chunks_seen == 1 ? "" : "s",
                                     t.chunks_seen > t.chunk_ms.size()
                                         ? fmt::format(" ({} drawn)", t.chunk_ms.size()) : "",
                                     ms_text(t.start_ms + t.chunk_ms.front()),
                                     ms_text(t.start_ms + t.chunk_ms.back())));
    }
  }
}

void timeline(HtmlWriter& h, const std::vector<TimedRequest>& unordered, std::size_t dropped) {
  h.element("h2", "Timeline");
  if (unordered.empty()) {
    h.element("p", "No request was sent in this run.");
    return;
  }
  std::vector<TimedRequest> reqs = unordered;
  std::stable_sort(reqs.begin(), reqs.end(), [](auto& a, auto& b) { return a.start_ms < b.start_ms; });
  {
    HtmlWriter::Scope p(h, "p");
    h.text(dropped ? fmt::format("The first {} requests a check read (of {}), from the run's start: ", reqs.size(),
                                 reqs.size() + dropped)
                   : std::string("Every request a check read, from the run's start: "));
    for (auto [cls, name] : {std::pair{Literal("key k-dns"), "resolve"}, {Literal("key k-connect"), "connect"},
                             {Literal("key k-tls"), "TLS"}, {Literal("key k-wait"), "waiting for the first byte"},
                             {Literal("key k-head"), "headers in, waiting for the body"},
                             {Literal("key k-body"), "body"}, {Literal("key k-chunk"), "a read of the body (a stream's pieces as they arrived)"}}) {
      h.element("span", "", {{"class", std::string(cls.text)}});
      h.text(name);
    }
  }
  timeline_svg(h, reqs);
  HtmlWriter::Scope table(h, "table");
  header_row(h, {"request", "start", "resolve", "connect", "TLS", "first byte", "total", "body reads"});
  for (const auto& t : reqs) {
    HtmlWriter::Scope tr(h, "tr");
    h.element("td", request_label(t), {{"class", "mono"}});
    h.element("td", ms_text(t.start_ms), {{"class", "num"}});
    h.element("td", ms_text(t.timings.dns), {{"class", "num"}});
    h.element("td", ms_text(t.timings.connect), {{"class", "num"}});
    h.element("td", t.timings.tls > 0 ? ms_text(t.timings.tls) : "–", {{"class", "num"}});  // –: plain HTTP or reused
    h.element("td", t.timings.first_byte > 0 ? ms_text(t.timings.first_byte) : "–", {{"class", "num"}});
    h.element("td", ms_text(t.timings.total), {{"class", "num"}});
    h.element("td", std::to_string(t.chunks_seen), {{"class", "num"}});
  }
}

void evidence(HtmlWriter& h, const Report& report) {
  h.element("h2", "Evidence");
  for (const auto& r : report.checks) {
    if (r.finding.evidence.empty() && r.finding.fixes.empty()) continue;
    HtmlWriter::Scope details(h, "details");
    h.element("summary", fmt::format("{}{} · {} · {} ms", r.id, scope_label(r).empty() ? "" : " " + scope_label(r),
                                     to_string(r.finding.status), r.duration_ms));
    if (!r.finding.fixes.empty()) {
      HtmlWriter::Scope ul(h, "ul");
      for (const auto& fix : r.finding.fixes) h.element("li", fix);
    }
    HtmlWriter::Scope dl(h, "dl");
    for (auto it = r.finding.evidence.begin(); it != r.finding.evidence.end(); ++it) {
      h.element("dt", it.key());
      h.element("dd", value_text(it.value()), {{"class", "mono"}});
    }
  }
}

}  // namespace

std::string render_html(const Report& report, const RenderOptions&) {
  HtmlWriter h;
  h.literal("<!DOCTYPE html>\n");
  {
    HtmlWriter::Scope html(h, "html", {{"lang", "en"}});
    {
      HtmlWriter::Scope head(h, "head");
      h.empty("meta", {{"charset", "utf-8"}});
      // Nothing may load or run, even if a string escaped the writer: no script, no fetch,
      // no image, no frame, no form; only the style sheet below.
      h.empty("meta", {{"http-equiv", "Content-Security-Policy"},
                       {"content", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"}});
      h.empty("meta", {{"name", "referrer"}, {"content", "no-referrer"}});
      h.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
      h.element("title", fmt::format("anlink-doctor: {} · {}", to_string(report.diagnosis.status),
                                     report.target.base_url));
      h.literal(kStyle);
    }
    HtmlWriter::Scope body(h, "body");
    h.element("h1", "anlink-doctor report");
    target_table(h, report);
    h.element("h2", "Diagnosis");
    diagnosis(h, report);
    if (report.baseline) regressions(h, *report.baseline);
    checks(h, report);
    timeline(h, report.timeline, report.timeline_dropped);
    evidence(h, report);
    h.element("footer", fmt::format("Made by {} {}. This page is one file: nothing on it loads from another "
                                    "address, and addresses on it are text, never links.", kToolName, kVersion));
  }
  return h.str();
}

}  // namespace anlink
