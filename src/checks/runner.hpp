#pragma once
#include <functional>

#include "checks/check.hpp"
#include "report/report.hpp"

namespace anlink {

// Called as each check finishes, so text output can come as soon as it is known.
using OnResult = std::function<void(const CheckResult&)>;

// Runs the table in order: skips a check whose prerequisite failed (naming it) or that
// --only/--skip left out, times each, and returns the finished report.
Report run_checks(Context& ctx, bool strict, const OnResult& on_result = {});

}  // namespace anlink
