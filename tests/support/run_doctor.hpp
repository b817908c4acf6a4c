#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace support {

struct Run {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json json() const;  // stdout parsed; fails the test when it is not JSON
};

// PATH, the sanitizers' options and `env`: all a child of a test sees.
std::vector<std::string> clean_environment(const std::map<std::string, std::string>& env,
                                           const std::string& path = "/usr/bin:/bin");

// Runs the real anlink-doctor binary with a clean environment (only PATH, plus `env`),
// feeding `input` on stdin. Never hangs: killed after 60 s. Asserts that neither the fake
// server's key nor any key given (environment, --api-key, stdin) appears in the output.
Run run_doctor(const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {}, const std::string& input = "");

// Runs a command line with /bin/sh, as a user who pastes it would, with the same clean
// environment and the same key checks as run_doctor.
Run run_shell(const std::string& command_line, const std::map<std::string, std::string>& env = {},
              const std::string& input = "");

// Asserts (Catch2) that the document is valid against docs/report.schema.json, using an
// independent validator (Debian's python3-jsonschema).
void require_valid_report(const std::string& json);
// The same for `trace --format json` and docs/trace.schema.json.
void require_valid_trace(const std::string& json);

// Asserts (Catch2) that no form of `key` appears in the output, only its masked form.
void require_key_absent(const Run& run, const std::string& key);

}  // namespace support
