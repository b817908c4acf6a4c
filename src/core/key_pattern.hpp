#pragma once
// A profile's key_pattern: the shape of the gateway's keys, written by whoever wrote the
// profile file. Matched with RE2, whose time is linear in the key: no pattern can make the
// doctor backtrack for minutes.
#include <optional>
#include <string>

namespace anlink {

// Why the pattern cannot be used (too long, not a valid RE2 expression, too big once
// compiled), or nothing when it can.
std::optional<std::string> key_pattern_problem(const std::string& pattern);

// Whether the key contains a match of the pattern (as a search, like ^ and $ make it a
// whole-key match). A pattern with a problem matches nothing.
bool key_pattern_matches(const std::string& pattern, const std::string& key);

}  // namespace anlink
