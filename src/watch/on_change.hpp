#pragma once
// watch's --on-change CMD: run with /bin/sh, the event on its standard input, its output on
// the doctor's stderr (stdout is the doctor's events), in a process group of its own that is
// killed at the time limit. Its failure is reported by the caller, never fatal.
#include <chrono>
#include <optional>
#include <string>

namespace anlink {

inline constexpr std::chrono::seconds kOnChangeLimit{30};

// Why the command did not succeed ("exited with status 3", "killed after 30 s"), or nothing.
std::optional<std::string> run_on_change(const std::string& command, const std::string& input,
                                         std::chrono::milliseconds limit = kOnChangeLimit);

}  // namespace anlink
