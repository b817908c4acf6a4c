#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace anlink {

// A value and where it came from ("--base-url", "ANLINKAI_BASE_URL", "default").
struct Sourced {
  std::string value;
  std::string source;
};

// The resolved inputs of `check`: flags, environment and defaults already applied.
struct CheckOptions {
  Sourced base_url;
  Sourced api_key;  // source "" when no key was given
  Sourced model;
  Sourced profile;
  std::string ca_file;
  std::chrono::milliseconds timeout{20000};
  std::vector<std::string> only, skip;
};

}  // namespace anlink
