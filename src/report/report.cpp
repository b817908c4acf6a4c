#include "report/report.hpp"

#include <algorithm>

namespace anlink {

Diagnosis diagnose(const std::vector<CheckResult>& checks) {
  const CheckResult* root = nullptr;
  for (Status wanted : {Status::fail, Status::warn}) {
    for (const auto& r : checks)
      if (r.finding.status == wanted) {
        root = &r;
        break;
      }
    if (root) break;
  }
  Diagnosis d;
  if (!root) {
    const auto skipped = std::count_if(checks.begin(), checks.end(), [](const CheckResult& r) {
      return r.finding.status == Status::skip;
    });
    if (!checks.empty() && static_cast<std::size_t>(skipped) == checks.size()) {
      // Nothing was checked: that is never healthy.
      d.status = Status::warn;
      d.summary = "nothing was checked: every check was skipped (first: " + checks.front().id + ": " +
                  checks.front().finding.summary + ")";
      d.fixes = {"Run at least one check: see --only and --skip, and the skip reasons above"};
      return d;
    }
    d.summary = skipped == 0 ? "every check passed"
                             : "every check that ran passed (" + std::to_string(skipped) +
                                   " skipped)";
    return d;
  }
  d.status = root->finding.status;
  d.check = root->id;
  if (!root->model.empty()) d.model = root->model;
  d.api = root->api;
  d.category = root->finding.category;
  d.summary = root->finding.summary;
  d.fixes = root->finding.fixes;
  d.commands = root->finding.commands;
  return d;
}

std::string scope_label(const CheckResult& r) {
  if (!r.api) return r.model;
  return r.model.empty() ? *r.api : *r.api + " " + r.model;
}

std::string compared_words(const BaselineComparison& b) {
  if (b.compared == 0) return "no check of this run was judged in both, so nothing was compared";
  return std::to_string(b.compared) + (b.compared == 1 ? " check compared" : " checks compared");
}

}  // namespace anlink
