#pragma once
// Files the user names (key, config, profile, request body, CA bundle, saved response) are
// untrusted input: only a regular file is read, never more than a cap, and never by blocking
// on a FIFO or a device.
#include <cstddef>
#include <string>

namespace anlink {

// The file's content, at most `cap` bytes. Throws std::invalid_argument with a short reason
// ("is a directory", "is a FIFO (named pipe)", "larger than 64 KiB", "No such file or
// directory") for the caller to prefix with the flag and path.
std::string read_input_file(const std::string& path, std::size_t cap);

// Checks that the path names a readable regular file of at most `cap` bytes, without
// reading it (a CA bundle, which libcurl reads). Throws like read_input_file.
void check_input_file(const std::string& path, std::size_t cap);

// Standard input, at most `cap` bytes; throws std::invalid_argument past the cap.
std::string read_stdin(std::size_t cap);

// "64 KiB", "8 MiB": a cap as a person reads it.
std::string describe_size(std::size_t bytes);

}  // namespace anlink
