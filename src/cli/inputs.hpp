#pragma once
#include <string>
#include <vector>

#include "core/options.hpp"

namespace anlink {

// What the command line said, before the environment and defaults are applied.
struct CheckArgs {
  std::string base_url, api_key, api_key_file, model, profile, profile_file, cacert;
  std::string config, target;  // --config PATH, --target NAME
  std::vector<std::string> models;  // --model, repeatable, each maybe "A,B"
  std::vector<std::string> apis;    // --api, repeatable, each maybe "A,B" or "all"
  std::vector<std::string> capabilities;  // --capabilities, repeatable, each maybe "A,B" or "all"
  std::string from_env;        // --from-env openai|anthropic: the SDKs' variables
  std::string client;          // --client claude-code|codex|openai-sdk: that client's own configuration
  std::string codex_profile;   // --codex-profile NAME: $CODEX_HOME/NAME.config.toml, as codex -p NAME
  std::string env_file;        // --env-file PATH: a dotenv file read after the environment
  std::string api_version;     // --api-version V: the api-version query parameter (Azure)
  std::string request_body;
  std::vector<std::string> request_ids;
  std::vector<std::string> headers;  // --header 'Name: value', repeatable
  bool no_probe = false, no_stream = false, allow_insecure_http = false;
  bool ipv4 = false, ipv6 = false;
  bool api_key_given = false;
  double timeout_seconds = 20;
  double max_time_seconds = 0;  // 0: three times the request limit (plus --hold)
  double hold_seconds = 0;      // --hold: 0 for none
  bool sequential = false;
  std::string only, skip;
  std::string program;  // argv[0], for suggested commands
};

// Applies precedence (flag, environment, profile, default), reads key files and stdin, and
// validates ids. Throws UsageError with a one-line reason.
CheckOptions resolve_inputs(const CheckArgs& args, std::string& notice);

// "--only" / "--skip" lists: each id must be in the check table.
std::vector<std::string> parse_check_ids(const std::string& flag, const std::string& list);

}  // namespace anlink
