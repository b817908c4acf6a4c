#pragma once
#include <stdexcept>
#include <string>

namespace anlink {

// The command line was wrong: exit 2 with this one-line reason.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The doctor itself failed (e.g. could not write its report): exit 3.
struct InternalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace anlink
