#include "report/baseline.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "util/exit_status.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr double kSlowerFactor = 2.0, kSlowerMs = 500.0;

std::optional<Status> status_named(std::string_view s) {
  for (Status st : {Status::pass, Status::warn, Status::fail, Status::skip})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

const std::string* string_at(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

constexpr double kMaxMs = 1e9;  // eleven days: more than any run, far from overflowing a long

// A duration of the saved report: absent, or a number of milliseconds in [0, kMaxMs].
std::optional<double> number_at(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  const double v = it->is_number() ? it->get<double>() : -1;
  if (!(v >= 0 && v <= kMaxMs))  // also NaN
    throw std::invalid_argument(fmt::format("\"{}\" is not a number of milliseconds from 0 to {:.0f}", key, kMaxMs));
  return v;
}

std::optional<double> ttft_of(const Finding& f) {
  auto it = f.evidence.find("ttft_ms");
  if (it == f.evidence.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

bool slower(double was, double now) { return now > kSlowerFactor * was && now - was > kSlowerMs; }

std::string ms(double v) { return fmt::format("{:.0f} ms", v); }

// "stream [messages qwen-flash]", as JUnit names a check of one API or model.
std::string scope_of(const Regression& r) {
  std::string scope = r.api.value_or("");
  if (!r.model.empty()) scope += (scope.empty() ? "" : " ") + r.model;
  return scope.empty() ? r.check : r.check + " [" + scope + "]";
}

// The same address however it was spelled: scheme and host in any case, a final slash.
std::string address_key(std::string_view url) {
  std::string s = text::trim(url);
  while (!s.empty() && s.back() == '/') s.pop_back();
  const auto scheme = s.find("://");
  const auto path = scheme == std::string::npos ? std::string::npos : s.find('/', scheme + 3);
  return text::lower(s.substr(0, path)) + (path == std::string::npos ? "" : s.substr(path));
}

}  // namespace

Baseline parse_baseline(std::string_view text) {
  bool too_deep = false;
  const nlohmann::json doc = parse_untrusted_json(text, &too_deep);
  if (too_deep) throw std::invalid_argument("nested too deeply to be a report");
  if (doc.is_discarded()) throw std::invalid_argument("not JSON");
  if (!doc.is_object()) throw std::invalid_argument("not an anlink-doctor report: not a JSON object");
  const auto tool = doc.find("tool");
  const std::string* tool_name = tool != doc.end() && tool->is_object() ? string_at(*tool, "name") : nullptr;
  if (!tool_name || *tool_name != "anlink-doctor")
    throw std::invalid_argument("not an anlink-doctor report: no \"tool\": {\"name\": \"anlink-doctor\"}");
  if (auto v = doc.find("schema_version"); v == doc.end() || *v != 1)
    throw std::invalid_argument("not a report of schema_version 1");
  const auto target = doc.find("target");
  if (target == doc.end() || !target->is_object() || !string_at(*target, "base_url") ||
      !string_at(*target, "profile"))
    throw std::invalid_argument("no \"target\" with its \"base_url\" and \"profile\"");
  Baseline b;
  b.base_url = *string_at(*target, "base_url");
  b.profile = *string_at(*target, "profile");
  if (string_at(*target, "model")) b.model = *string_at(*target, "model");
  if (auto m = target->find("models"); m != target->end() && m->is_array() && m->size() > 1) b.several_models = true;
  const auto checks = doc.find("checks");
  if (checks == doc.end() || !checks->is_array()) throw std::invalid_argument("no \"checks\" array");
  if (checks->size() > kMaxBaselineChecks)
    throw std::invalid_argument(fmt::format("more than {} checks", kMaxBaselineChecks));
  for (std::size_t i = 0; i < checks->size(); ++i) {
    const auto& c = (*checks)[i];
    const std::string* id = c.is_object() ? string_at(c, "id") : nullptr;
    const std::string* status = c.is_object() ? string_at(c, "status") : nullptr;
    const auto st = status ? status_named(*status) : std::nullopt;
    if (!id || !st) throw std::invalid_argument(fmt::format("checks[{}] has no \"id\" or no valid \"status\"", i));
    Baseline::Check check{*id, string_at(c, "api") ? *string_at(c, "api") : "chat",
                          string_at(c, "model") ? *string_at(c, "model") : "", *st, std::nullopt};
    if (auto ev = c.find("evidence"); ev != c.end() && ev->is_object()) check.ttft_ms = number_at(*ev, "ttft_ms");
    b.checks.push_back(std::move(check));
  }
  const auto duration = number_at(doc, "duration_ms");
  if (!duration || *duration < 0) throw std::invalid_argument("no \"duration_ms\"");
  b.duration_ms = static_cast<long>(*duration);
  return b;
}

std::optional<std::string> other_target(const Baseline& baseline, const std::string& base_url,
                                        const std::string& profile) {
  const std::string here = text::one_line(base_url);
  if (address_key(baseline.base_url) != address_key(here))
    return fmt::format("it is a report of {}, not of {}", text::shorten(text::one_line(baseline.base_url), 200), here);
  if (baseline.profile != profile)
    return fmt::format("it is a report of profile {}, not of {}", text::shorten(text::one_line(baseline.profile), 64),
                       profile);
  return std::nullopt;
}

BaselineComparison compare_with(const Baseline& baseline, const Report& report) {
  BaselineComparison comparison;
  std::vector<Regression>& out = comparison.regressions;
  for (const auto& r : report.checks) {
    const std::string api = r.api.value_or("chat");
    // A check names its model only when its run checked several: then one without a model
    // is shared by all of them ("*"); in a run of one model, every check is that model's.
    auto model_of = [](const std::string& own, bool several, const std::string& run_model) {
      return !own.empty() ? own : several ? std::string("*") : run_model;
    };
    const std::string now_model = model_of(r.model, !report.target.models.empty(), report.target.model);
    auto same_model = [&](const Baseline::Check& c) {
      const std::string then = model_of(c.model, baseline.several_models, baseline.model);
      return then == now_model || then == "*" || now_model == "*";
    };
    const Baseline::Check* was = nullptr;
    for (const auto& c : baseline.checks)
      if (c.id == r.id && c.api == api && same_model(c)) {
        was = &c;
        break;
      }
    if (!was) continue;  // not in the baseline: nothing to compare with
    if (was->status != Status::skip && r.finding.status != Status::skip) ++comparison.compared;
    Regression g{"", r.id, r.api, r.model, "", "", ""};
    const Status now = r.finding.status;
    if (was->status == Status::pass && (now == Status::fail || now == Status::warn)) {
      g.kind = "status";
      g.was = "pass";
      g.now = std::string(to_string(now));
      g.summary = fmt::format("{} passed in the baseline and now {}: {}", scope_of(g),
                              now == Status::fail ? "fails" : "warns", r.finding.summary);
      out.push_back(g);
    }
    const auto ttft = ttft_of(r.finding);
    if (ttft && was->ttft_ms && slower(*was->ttft_ms, *ttft)) {
      g.kind = "first_token";
      g.was = ms(*was->ttft_ms);
      g.now = ms(*ttft);
      g.summary = fmt::format("{}: the first token came after {}, {} in the baseline", scope_of(g), g.now, g.was);
      out.push_back(g);
    }
  }
  if (slower(static_cast<double>(baseline.duration_ms), static_cast<double>(report.duration_ms))) {
    Regression g{"duration", "", std::nullopt, "", ms(static_cast<double>(baseline.duration_ms)),
                 ms(static_cast<double>(report.duration_ms)), ""};
    g.summary = fmt::format("the run took {}, {} in the baseline", g.now, g.was);
    out.push_back(g);
  }
  return comparison;
}


int exit_code_with(int exit_code, const std::vector<Regression>& regressions) {
  return exit_code == to_int(ExitStatus::ok) && !regressions.empty() ? to_int(ExitStatus::regressed) : exit_code;
}

}  // namespace anlink
