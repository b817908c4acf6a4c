#include <nlohmann/json.hpp>

#include "report/renderers.hpp"
#include "version.hpp"

namespace anlink {

namespace {

using nlohmann::ordered_json;

ordered_json nullable(const std::optional<std::string>& s) {
  return s ? ordered_json(*s) : ordered_json(nullptr);
}

ordered_json category_json(const std::optional<Category>& c) {
  return c ? ordered_json(std::string(id_of(*c))) : ordered_json(nullptr);
}

}  // namespace

std::string render_json(const Report& report, const RenderOptions&) {
  ordered_json doc;
  doc["schema_version"] = 1;
  doc["tool"] = {{"name", kToolName}, {"version", kVersion}};
  const Target& t = report.target;
  doc["target"] = {{"base_url", t.base_url},
                   {"model", t.model},
                   {"profile", t.profile},
                   {"api_key", t.api_key_masked.empty() ? ordered_json(nullptr)
                                                        : ordered_json(t.api_key_masked)}};
  if (!t.models.empty()) doc["target"]["models"] = t.models;
  if (!t.apis.empty()) doc["target"]["apis"] = t.apis;
  if (!t.client.empty()) doc["target"]["client"] = t.client;
  ordered_json checks = ordered_json::array();
  for (const auto& r : report.checks) {
    const Finding& f = r.finding;
    ordered_json c;
    c["id"] = r.id;
    if (r.api) c["api"] = *r.api;
    if (!r.model.empty()) c["model"] = r.model;
    c["status"] = std::string(to_string(f.status));
    c["category"] = category_json(f.category);
    c["summary"] = f.summary;
    c["fixes"] = f.fixes;
    if (!f.commands.empty()) c["commands"] = f.commands;
    c["evidence"] = f.evidence;
    c["duration_ms"] = r.duration_ms;
    checks.push_back(std::move(c));
  }
  doc["checks"] = std::move(checks);
  const Diagnosis& d = report.diagnosis;
  doc["diagnosis"] = {{"status", std::string(to_string(d.status))},
                      {"check", nullable(d.check)},
                      {"category", category_json(d.category)},
                      {"summary", d.summary},
                      {"fixes", d.fixes}};
  if (!d.commands.empty()) doc["diagnosis"]["commands"] = d.commands;
  if (d.model) doc["diagnosis"]["model"] = *d.model;
  if (d.api) doc["diagnosis"]["api"] = *d.api;
  if (report.baseline) {
    doc["baseline"] = report.baseline->file;
    doc["baseline_compared"] = report.baseline->compared;
    ordered_json regressions = ordered_json::array();
    for (const auto& g : report.baseline->regressions) {
      ordered_json r = {{"kind", g.kind}, {"check", g.check.empty() ? ordered_json(nullptr) : ordered_json(g.check)}};
      if (g.api) r["api"] = *g.api;
      if (!g.model.empty()) r["model"] = g.model;
      r["was"] = g.was;
      r["now"] = g.now;
      r["summary"] = g.summary;
      regressions.push_back(std::move(r));
    }
    doc["regressions"] = std::move(regressions);
  }
  doc["duration_ms"] = report.duration_ms;
  doc["exit_code"] = report.exit_code;
  // Invalid UTF-8 from a server is replaced rather than allowed to abort the report.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace anlink
