#pragma once
// Suggested commands: `anlink-doctor check` again, on the same target, with one thing changed.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.hpp"
#include "core/options.hpp"

namespace anlink {

// A word as the shell reads it back unchanged: bare when it holds only safe characters,
// else in single quotes.
std::string shell_quote(std::string_view word);

// The command that checks the run's target again (same base URL, profile or profile file,
// config and target, CA bundle, key source, --header flags with no secret or a secret
// through its ${VAR}, never the key) with `changes` applied: a flag of a change replaces the
// run's own (a profile change replaces --profile-file too, a --header the one of its name).
// A change with an empty value is a flag without a value.
std::string suggest_check(const CheckOptions& o,
                          const std::vector<std::pair<std::string, std::string>>& changes);

// When `f` suggests a command and a --header could not go into it (a secret value given as
// it is), a fix that says plainly the user must add it, and how.
void note_headers_left_out(Finding& f, const CheckOptions& o);

// A model id worth putting in a command: short, printable, without spaces or quotes.
bool plausible_model_id(std::string_view id);

}  // namespace anlink
