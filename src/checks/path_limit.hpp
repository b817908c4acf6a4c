#pragma once
// What a cut stream says about the limit that cut it: a silence or a total that is a round
// number of seconds is a configured limit on the path (a proxy's read timeout, an edge's
// 100 s), and the answer's headers and status say whose.
#include <optional>
#include <string>

#include "http/client.hpp"

namespace anlink {

// `seconds` as a whole number when it is one within measuring error (a network round trip
// and a timer's slack: 0.15 s, or 2 % of longer limits); nullopt otherwise.
std::optional<long> round_seconds(double seconds);

struct PathLimit {
  std::string what;  // "a read timeout of 60 s (nginx: proxy_read_timeout, 60 s by default)"
  std::string fix;   // "" when nothing names the limit
  long seconds = 0;  // 0 when no round number showed
};

// The limit behind a stream cut after `at_s` seconds, `silent_s` of them without a byte, or
// behind a gateway status (504, 520, 522, 524) that ended it; `res` names who answered.
PathLimit name_path_limit(double at_s, double silent_s, const HttpResponse& res);

}  // namespace anlink
