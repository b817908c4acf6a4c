#include "report/printable.hpp"

#include <vector>

#include "util/text.hpp"

namespace anlink {

namespace {

void lines(std::string& s) { s = text::printable(s, true); }
void line(std::string& s) { s = text::one_line(s); }

// Evidence holds server words (messages, headers, ids): every string in it, keys included,
// walked with a stack rather than recursion.
nlohmann::ordered_json printable_tree(const nlohmann::ordered_json& root) {
  nlohmann::ordered_json out = root;
  std::vector<nlohmann::ordered_json*> todo = {&out};
  while (!todo.empty()) {
    nlohmann::ordered_json* v = todo.back();
    todo.pop_back();
    if (v->is_string()) {
      *v = text::printable(v->get_ref<const std::string&>(), true);
    } else if (v->is_array()) {
      for (auto& e : *v) todo.push_back(&e);
    } else if (v->is_object()) {
      nlohmann::ordered_json fixed = nlohmann::ordered_json::object();
      for (auto it = v->begin(); it != v->end(); ++it) fixed[text::one_line(it.key())] = std::move(it.value());
      *v = std::move(fixed);
      for (auto it = v->begin(); it != v->end(); ++it) todo.push_back(&it.value());
    }
  }
  return out;
}

void finding_parts(std::string& summary, std::vector<std::string>& fixes, std::vector<std::string>& commands) {
  line(summary);
  for (auto& f : fixes) lines(f);
  for (auto& c : commands) line(c);
}

}  // namespace

void make_printable(CheckResult& r) {
  finding_parts(r.finding.summary, r.finding.fixes, r.finding.commands);
  r.finding.evidence = printable_tree(r.finding.evidence);
}

void make_printable(Report& report) {
  Target& t = report.target;
  for (auto* s : {&t.base_url, &t.model, &t.profile, &t.api_key_masked}) line(*s);
  for (auto& r : report.checks) make_printable(r);
  Diagnosis& d = report.diagnosis;
  finding_parts(d.summary, d.fixes, d.commands);
  for (auto& req : report.timeline)
    for (auto* s : {&req.owner, &req.method, &req.url}) line(*s);
  if (report.baseline) {
    line(report.baseline->file);
    for (auto& g : report.baseline->regressions)
      for (auto* s : {&g.check, &g.model, &g.was, &g.now, &g.summary}) line(*s);
  }
}

}  // namespace anlink
