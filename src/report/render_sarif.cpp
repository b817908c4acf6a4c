// SARIF 2.1.0: one result per failing or warning check, for code-scanning dashboards and
// CI tools that collect SARIF. The rules are the category table (a warning without a
// category is ruled by its check id); a regression since --baseline is a result of its own.
// SARIF's `fixes` are edits to files (artifactChanges are required), and the doctor's fixes
// are things a person does, so they travel in the message and in the result's properties.
#include <nlohmann/json.hpp>

#include <map>

#include "core/profile.hpp"
#include "report/renderers.hpp"
#include "version.hpp"

namespace anlink {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view kRegressionRule = "REGRESSION";

struct Rules {
  ordered_json list = ordered_json::array();
  std::map<std::string, std::size_t> index;

  // No default level: a category can be a failure or a warning, and each result says which.
  std::size_t add(const std::string& id, const std::string& title, const std::string& meaning,
                  const std::string& help) {
    if (auto it = index.find(id); it != index.end()) return it->second;
    ordered_json r = {{"id", id},
                      {"shortDescription", {{"text", title}}},
                      {"fullDescription", {{"text", meaning}}},
                      {"help", {{"text", help.empty() ? meaning : help}}}};
    list.push_back(std::move(r));
    return index[id] = list.size() - 1;
  }
};

std::string numbered(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + std::to_string(i + 1) + ". " + items[i];
  return out;
}

// "2026-12-03 07:00:06 UTC" as SARIF's ISO 8601 "2026-12-03T07:00:06Z".
std::string iso_time(const std::string& utc) {
  if (utc.size() < 19) return "";
  return utc.substr(0, 10) + "T" + utc.substr(11, 8) + "Z";
}

ordered_json logical_location(const std::string& check, const std::optional<std::string>& api,
                              const std::string& model) {
  std::string name = check;
  if (api) name += "/" + *api;
  if (!model.empty()) name += "/" + model;
  return ordered_json::array({{{"logicalLocations", {{{"name", name}, {"kind", "module"}}}}}});
}

ordered_json invocation(const Report& report) {
  ordered_json inv = {{"executionSuccessful", true}, {"exitCode", report.exit_code}};
  if (const std::string start = iso_time(report.started_utc); !start.empty()) inv["startTimeUtc"] = start;
  inv["properties"] = {{"duration_ms", report.duration_ms}};
  return inv;
}

}  // namespace

std::string render_sarif(const Report& report, const RenderOptions&) {
  Rules rules;
  // The category's generic fixes, written for the report's gateway (a profile file's name is
  // no built-in one: the generic profile's words then).
  const Profile* profile = find_profile(report.target.profile);
  if (!profile) profile = find_profile("generic");
  for (const auto& c : category_table())
    rules.add(std::string(c.id), std::string(c.title), std::string(c.meaning),
              profile ? "What to do:\n" + numbered(fixes_for(c.category, *profile), "\n") : "");
  ordered_json results = ordered_json::array();
  for (const auto& r : report.checks) {
    const Finding& f = r.finding;
    if (f.status != Status::fail && f.status != Status::warn) continue;
    const std::string level = f.status == Status::fail ? "error" : "warning";
    const std::string rule = f.category ? std::string(id_of(*f.category)) : r.id;
    const std::size_t index = rules.add(rule, "check " + r.id + " warned", "A warning of the check " + r.id +
                                        " that no category describes.",
                                        "The result's message says what the check saw and what to do about it.");
    std::string text = f.summary;
    if (!f.fixes.empty())
      text += std::string(text.empty() || text.back() == '.' ? " " : ". ") + "What to do: " + numbered(f.fixes, " ");
    ordered_json res = {{"ruleId", rule},
                        {"ruleIndex", index},
                        {"level", level},
                        {"message", {{"text", text}}},
                        {"locations", logical_location(r.id, r.api, r.model)}};
    ordered_json props = {{"check", r.id}};
    if (r.api) props["api"] = *r.api;
    if (!r.model.empty()) props["model"] = r.model;
    props["summary"] = f.summary;
    props["fixes"] = f.fixes;
    if (!f.commands.empty()) props["commands"] = f.commands;
    props["duration_ms"] = r.duration_ms;
    res["properties"] = std::move(props);
    results.push_back(std::move(res));
  }
  if (report.baseline)
    for (const auto& g : report.baseline->regressions) {
      const std::size_t index = rules.add(std::string(kRegressionRule), "worse than the baseline",
                                          "A check that passed in the baseline run no longer does, or a stream's "
                                          "first token or the whole run is more than twice (and 500 ms) slower.",
                                          "Compare this run's report with the baseline's; once the change is "
                                          "understood and accepted, save a new one with --save-baseline FILE.");
      ordered_json res = {{"ruleId", std::string(kRegressionRule)},
                          {"ruleIndex", index},
                          {"level", "warning"},
                          {"message", {{"text", g.summary}}},
                          {"locations", logical_location(g.check.empty() ? "run" : g.check, g.api, g.model)},
                          {"properties", {{"kind", g.kind}, {"was", g.was}, {"now", g.now},
                                          {"baseline", report.baseline->file}}}};
      if (!g.check.empty()) res["properties"]["check"] = g.check;
      if (g.api) res["properties"]["api"] = *g.api;
      if (!g.model.empty()) res["properties"]["model"] = g.model;
      results.push_back(std::move(res));
    }
  const Target& t = report.target;
  ordered_json target = {{"base_url", t.base_url}, {"model", t.model}, {"profile", t.profile}};
  if (!t.api_key_masked.empty()) target["api_key"] = t.api_key_masked;
  if (!t.apis.empty()) target["apis"] = t.apis;
  if (!t.client.empty()) target["client"] = t.client;
  ordered_json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", ordered_json::array({{
                   {"tool", {{"driver", {{"name", kToolName},
                                         {"version", kVersion},
                                         {"semanticVersion", kVersion},
                                         {"rules", std::move(rules.list)}}}}},
                   {"invocations", ordered_json::array({invocation(report)})},
                   {"results", std::move(results)},
                   {"properties", {{"target", std::move(target)},
                                   {"diagnosis", std::string(to_string(report.diagnosis.status))}}},
               }})}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace anlink
