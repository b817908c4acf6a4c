#pragma once
// --hold SECONDS: the stream check keeps one long stream open that long and names the limit
// on the path that cut it, if one did.
#include "checks/check.hpp"

namespace anlink {

// The held stream's finding: pass when it stayed open for the whole hold, fail naming the
// limit when something cut it, warn when it proves nothing (the model finished first, the
// long request was refused, the run's own limit came first). Its evidence carries hold_s,
// held_s, and for a cut cut_after_s, silent_before_cut_s and limit_s.
Finding hold_stream(Context& ctx);

}  // namespace anlink
