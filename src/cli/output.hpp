#pragma once
#include <string>
#include <string_view>

namespace anlink {

// Checks, before anything runs, that the report can go to PATH: a regular file that is
// writable (or a new one in a writable folder), a FIFO or a character device (written
// through, never replaced), or a symbolic link to one of those. Throws InternalError.
void check_output_path(const std::string& path, std::string_view flag = "--output");

// Writes the report to PATH: a regular file atomically (a temporary file in the same folder
// renamed into place, with the old file's mode), a FIFO or device straight through.
// Throws InternalError when it cannot.
void write_report_file(const std::string& path, const std::string& content,
                       std::string_view flag = "--output");

// Appends to the file $GITHUB_STEP_SUMMARY names, when it is set. Throws InternalError.
void append_step_summary(const std::string& markdown);

// Masks anything shaped like a secret in a message we did not compose (CLI parse errors),
// for when the key itself is not known yet.
std::string mask_secret_like_tokens(const std::string& message);

}  // namespace anlink
