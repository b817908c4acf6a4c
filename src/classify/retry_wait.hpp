#pragma once
// How long a refused request should wait before it is sent again, read from every form a
// gateway gives it in: Retry-After (seconds or an HTTP date), retry-after-ms, a structured
// retryDelay in the error's details (Google's RetryInfo), the message's own words ("retry
// in 45s", "try again in 1.5s", "retry after 30 seconds"), and an exhausted
// x-ratelimit-remaining-* with its x-ratelimit-reset-*. Any of them makes a refusal a rate
// limit, not an empty balance.
#include <optional>
#include <string>
#include <string_view>

#include "http/client.hpp"

namespace anlink {

struct RetryWait {
  double seconds = 0;  // from when the answer was sent
  std::string source;  // "Retry-After", "retryDelay", "the message", ...
  std::string as_sent;  // the value as the server wrote it ("20", "Wed, 21 Oct ...", "45s")
};

std::optional<RetryWait> retry_wait(const HttpResponse& res, std::string_view message);

// "45 s", "1.5 s", "3 min", "2 h": a wait as a person reads it.
std::string wait_text(double seconds);

// "2m30s", "45s", "1.5s", "20ms", "6m0s", "30": a duration; nullopt when it is none.
std::optional<double> parse_duration(std::string_view text);

}  // namespace anlink
