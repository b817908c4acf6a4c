#pragma once

namespace anlink {

// The process exit codes of SPEC.md, in one place.
enum class ExitStatus : int {
  ok = 0,           // no check failed (and, with --strict, none warned)
  target_failed = 1,  // a check failed: the target is unhealthy
  usage = 2,        // the command line was wrong
  internal = 3,     // the doctor itself failed (report not written, internal error)
  regressed = 4,    // no check failed, but the run regressed since --baseline
};

inline int to_int(ExitStatus s) { return static_cast<int>(s); }

}  // namespace anlink
