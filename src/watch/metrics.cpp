#include "watch/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <set>

#include "capabilities/capability.hpp"
#include "core/category.hpp"
#include "util/text.hpp"

namespace anlink {

std::string label_value(std::string_view v) {
  // Prometheus wants valid UTF-8: invalid bytes become U+FFFD, and the cut at 128 bytes
  // never splits a character.
  std::string out;
  for (char c : text::shorten(text::printable(v.substr(0, 512), true), 128)) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void MetricsWriter::add(std::string_view name, std::string_view help, std::string_view type, const Labels& labels,
                        double value) {
  Family* f = nullptr;
  for (auto& family : families_)
    if (family.name == name) f = &family;
  if (!f) f = &families_.emplace_back(Family{std::string(name), std::string(help), std::string(type), ""});
  f->samples += name;
  if (!labels.empty()) {
    f->samples += '{';
    for (std::size_t i = 0; i < labels.size(); ++i)
      f->samples += fmt::format("{}{}=\"{}\"", i ? "," : "", labels[i].first, label_value(labels[i].second));
    f->samples += '}';
  }
  if (std::isnan(value)) f->samples += " NaN\n";
  else if (std::isinf(value)) f->samples += value > 0 ? " +Inf\n" : " -Inf\n";
  else f->samples += fmt::format(" {}\n", value);
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, const Labels& labels, double value) {
  add(name, help, "gauge", labels, value);
}

void MetricsWriter::counter(std::string_view name, std::string_view help, const Labels& labels, double value) {
  add(name, help, "counter", labels, value);
}

std::string MetricsWriter::text() const {
  std::string out;
  for (const auto& f : families_)
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{}", f.name, f.help, f.name, f.type, f.samples);
  return out;
}

namespace {

constexpr std::array<Status, 4> kStatuses = {Status::pass, Status::warn, Status::fail, Status::skip};
constexpr std::array<Verdict, 6> kVerdicts = {Verdict::works,    Verdict::refused, Verdict::ignored,
                                              Verdict::emulated, Verdict::partial, Verdict::inconclusive};

// The server names the currency: only a three-letter code becomes a label.
std::string currency_label(const nlohmann::ordered_json& evidence) {
  if (!evidence.contains("currency") || !evidence["currency"].is_string()) return "unknown";
  std::string c = evidence["currency"].get<std::string>();
  if (c.size() != 3) return "other";
  for (char& ch : c) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') return "other";
  }
  return c;
}

std::optional<double> number_at(const nlohmann::ordered_json& evidence, const char* key) {
  if (!evidence.contains(key) || !evidence[key].is_number()) return std::nullopt;
  return evidence[key].get<double>();
}

}  // namespace

void add_report_metrics(MetricsWriter& w, const Report& report, const RunMetrics& run) {
  const std::string& target = run.target;
  const bool several_models = report.target.models.size() > 1;
  auto model_of = [&](const CheckResult& r) {
    return !r.model.empty() ? r.model : several_models ? std::string() : report.target.model;
  };
  w.gauge("anlink_doctor_success", "1 when no check failed in the last run (nor warned, with --strict)",
          {{"target", target}}, report.exit_code == 0 ? 1 : 0);
  const Diagnosis& d = report.diagnosis;
  w.gauge("anlink_doctor_diagnosis_info", "The last run's diagnosis: its category, none when it passed",
          {{"target", target}, {"category", d.category ? std::string(id_of(*d.category)) : "none"}}, 1);
  w.gauge("anlink_doctor_duration_seconds", "How long the last run took",
          {{"target", target}}, static_cast<double>(report.duration_ms) / 1000.0);
  w.gauge("anlink_doctor_last_run_timestamp_seconds", "When the last run ended, in seconds since the epoch",
          {{"target", target}},
          std::chrono::duration<double>(run.finished.time_since_epoch()).count());
  if (run.age_seconds)
    w.gauge("anlink_doctor_result_age_seconds", "How old the result answered is (serve keeps one per --min-interval)",
            {{"target", target}}, *run.age_seconds);
  if (run.state)
    for (std::string_view s : {"healthy", "warning", "failing", "unknown"})
      w.gauge("anlink_doctor_state", "watch's state: 1 for the current one (changes after --fail-after or --recover-after runs)",
              {{"target", target}, {"state", std::string(s)}}, *run.state == s ? 1 : 0);

  std::set<std::string> seen;  // one series per check, model and API
  for (const auto& r : report.checks) {
    const std::string model = model_of(r), api = r.api.value_or("chat");
    if (!seen.insert(r.id + '\n' + model + '\n' + api).second) continue;
    for (Status s : kStatuses)
      w.gauge("anlink_doctor_check_status", "1 for the check's status in the last run, 0 for the others",
              {{"target", target}, {"check", r.id}, {"model", model}, {"api", api}, {"status", std::string(to_string(s))}},
              r.finding.status == s ? 1 : 0);
  }
  seen.clear();
  for (const auto& r : report.checks) {
    const std::string model = model_of(r), api = r.api.value_or("chat");
    if (!seen.insert(r.id + '\n' + model + '\n' + api).second) continue;
    w.gauge("anlink_doctor_check_duration_seconds", "How long each check took in the last run",
            {{"target", target}, {"check", r.id}, {"model", model}, {"api", api}},
            static_cast<double>(r.duration_ms) / 1000.0);
  }
  for (const auto& r : report.checks) {
    const auto& ev = r.finding.evidence;
    const std::string model = model_of(r), api = r.api.value_or("chat");
    if (r.id == "stream" && r.finding.status != Status::skip) {
      if (auto ttft = number_at(ev, "ttft_ms"))
        w.gauge("anlink_doctor_stream_ttft_seconds", "The stream's time to its first token",
                {{"target", target}, {"model", model}, {"api", api}}, *ttft / 1000.0);
    }
  }
  for (const auto& r : report.checks) {
    const auto& ev = r.finding.evidence;
    if (r.id == "stream" && r.finding.status != Status::skip)
      if (auto rate = number_at(ev, "tokens_per_s"))
        w.gauge("anlink_doctor_stream_tokens_per_second", "The stream's tokens per second after the first",
                {{"target", target}, {"model", model_of(r)}, {"api", r.api.value_or("chat")}}, *rate);
  }
  for (const auto& r : report.checks)
    if (r.id == "balance")
      if (auto amount = number_at(r.finding.evidence, "balance"))
        w.gauge("anlink_doctor_balance", "The account's balance as the gateway reported it",
                {{"target", target}, {"currency", currency_label(r.finding.evidence)}}, *amount);
  for (const auto& r : report.checks) {
    const auto& ev = r.finding.evidence;
    if (!ev.contains("capability") || !ev.contains("verdict") || !ev["verdict"].is_string()) continue;
    const std::string verdict = ev["verdict"].get<std::string>();
    for (Verdict v : kVerdicts)
      w.gauge("anlink_doctor_capability", "1 for the capability's verdict in the last run, 0 for the others",
              {{"target", target}, {"capability", r.id}, {"model", model_of(r)}, {"api", r.api.value_or("chat")},
               {"verdict", std::string(to_string(v))}},
              verdict == to_string(v) ? 1 : 0);
  }
}

}  // namespace anlink
