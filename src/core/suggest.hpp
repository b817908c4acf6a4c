#pragma once
// Suggested commands: `anlink-doctor check` again, on the same target, with one thing changed.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/options.hpp"

namespace anlink {

// A word as the shell reads it back unchanged: bare when it holds only safe characters,
// else in single quotes.
std::string shell_quote(std::string_view word);

// The command that checks the run's target again (same base URL, profile or profile file,
// config and target, CA bundle, key source, never the key) with `changes` applied: a flag
// of a change replaces the run's own (a profile change replaces --profile-file too).
// A change with an empty value is a flag without a value.
std::string suggest_check(const CheckOptions& o,
                          const std::vector<std::pair<std::string, std::string>>& changes);

// A model id worth putting in a command: short, printable, without spaces or quotes.
bool plausible_model_id(std::string_view id);

}  // namespace anlink
