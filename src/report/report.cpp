#include "report/report.hpp"

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
    d.summary = "every check passed";
    return d;
  }
  d.status = root->finding.status;
  d.check = root->id;
  d.category = root->finding.category;
  d.summary = root->finding.summary;
  d.fixes = root->finding.fixes;
  d.commands = root->finding.commands;
  return d;
}

}  // namespace anlink
