#pragma once
// watch's --history: one JSON event a line, appended; the file stays under its cap (1 MiB)
// by dropping the oldest lines. Only a regular file (or a new one) is ever written.
#include <cstddef>
#include <string>

namespace anlink {

inline constexpr std::size_t kHistoryCap = 1u << 20;

// Throws UsageError when PATH cannot be a history file (a directory, a FIFO, a device, a
// folder that does not exist): checked before the first run.
void check_history_path(const std::string& path);

// Appends `line` and a newline. Throws std::runtime_error with the reason when it cannot.
void append_history(const std::string& path, const std::string& line, std::size_t cap = kHistoryCap);

}  // namespace anlink
