#pragma once
#include <optional>
#include <string>
#include <vector>

#include "classify/error_body.hpp"
#include "core/category.hpp"
#include "core/profile.hpp"
#include "http/client.hpp"

namespace anlink {

struct Classification {
  std::optional<Category> category;  // none for a success or an unknown answer
  PlatformError error;               // what the platform said
  std::string request_id;            // from the headers, else from the body
  bool rate_limited = false;  // a rate limit rather than an empty balance (same category)
  std::string retry_after;    // seconds or a date, as the server sent it (or as its body or message said)
  std::string wait;           // a rate limit's wait as a person reads it ("45 s"), when one was given
  std::string wait_from;      // where it was read: "Retry-After", "retryDelay", "the message", ...
  std::string rule;           // which table row matched, for evidence and tests
  std::string note;           // what the answer means, when its words alone would mislead
  std::string refused_param;   // the request field a PARAMETER_UNSUPPORTED answer names
  std::string missing_header;  // a header the gateway says is required, as it names it
  std::vector<std::string> fixes;  // specific to this answer, before the category's own
  bool fixes_are_whole = false;    // the category's generic fixes would mislead (a valid key)
};

// The default request-id headers, checked after a profile's own.
const std::vector<std::string>& default_request_id_headers();

// HTTP status + content type + body + transport error -> category, through one ordered table.
// A profile adds its request-id headers and the statuses that mean "no balance" there.
Classification classify(const HttpResponse& res, const Profile* profile = nullptr);

// The category a platform's error code alone names (UPSTREAM_STREAM_INTERRUPTED,
// insufficient_quota, model_not_found, ...), whatever the status; nullopt when none does.
std::optional<Category> category_for_code(const std::string& code);

}  // namespace anlink
