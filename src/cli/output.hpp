#pragma once
#include <string>

namespace anlink {

// Writes the report to PATH atomically (a temporary file renamed into place).
// Throws InternalError when it cannot.
void write_file_atomically(const std::string& path, const std::string& content);

// Appends to the file $GITHUB_STEP_SUMMARY names, when it is set. Throws InternalError.
void append_step_summary(const std::string& markdown);

// Masks anything shaped like a secret in a message we did not compose (CLI parse errors),
// for when the key itself is not known yet.
std::string mask_secret_like_tokens(const std::string& message);

}  // namespace anlink
