#pragma once
// One run of the checks on resolved inputs, as `check`, `watch` and `serve` all do it: the
// Redactor that masks every secret of those inputs, the HTTP client, the check table.
#include <string>

#include "checks/runner.hpp"
#include "core/options.hpp"
#include "util/secret.hpp"

namespace anlink {

// A Redactor for everything these inputs hold that is secret: the key (and a second one),
// the proxies' passwords, credential headers' values.
Redactor redactor_for(const CheckOptions& opts);

// Runs the check table once on `opts` and makes the report printable (not yet redacted);
// with `timeline`, the report keeps every answer's timings (Report::timeline).
Report run_once(const CheckOptions& opts, bool strict, const OnResult& on_result = {}, bool timeline = false);

}  // namespace anlink
