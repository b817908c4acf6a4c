#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "api/api.hpp"
#include "capabilities/capability.hpp"
#include "clients/client.hpp"
#include "core/profile.hpp"

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
  Sourced second_key;  // KeyStyle::both: what goes as x-api-key beside api_key's Bearer (Claude Code)
  Sourced model;  // the first of `models`: what a single-model run checks
  std::vector<std::string> models;  // --model A,B or repeated: each runs model, probe, stream
  // --api: the APIs the API-dependent checks speak, in the order given (api/table.cpp rows).
  std::vector<const ApiDef*> apis = {&chat_api()};
  Profile profile;         // the built-in one named, or the one read from --profile-file
  std::string profile_source;
  std::string config_path, target;  // the config file used and its target, if any
  // Notes on how the inputs were given (a key inline in a config, a key file others can
  // read): summary and fix. The config check reports them as warnings.
  std::vector<std::pair<std::string, std::string>> input_warnings;
  // What the client's own configuration makes fail before anything is sent (Codex's
  // wire_api = "chat", an env_key that is unset): summary and fix; the config check fails.
  std::vector<std::pair<std::string, std::string>> input_failures;
  // --client: whose configuration was read and whose requests are checked (nullptr: none).
  const ClientDef* client = nullptr;
  std::vector<std::string> client_files;  // its configuration files that were read
  ClientSettings client_settings;  // its own settings its request depends on, as configured
  // The ways the client sends the key (Claude Code: x-api-key for ANTHROPIC_API_KEY, Bearer
  // for ANTHROPIC_AUTH_TOKEN); empty: every way its API's clients use.
  std::vector<KeyStyle> client_key_styles;
  // Where each model of `models` came from, when they came from different places (Claude
  // Code's ANTHROPIC_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL, ...): model -> source.
  std::map<std::string, std::string> model_sources;
  std::string ca_file, ca_source;
  std::vector<std::string> request_ids;  // --request-id, looked up in the usage logs
  // Sent with every request: the profile's, then the config target's, then --header (a
  // later one of the same name wins); ${VAR} already filled in. Which values are secrets:
  // core/credential.hpp.
  std::vector<std::pair<std::string, std::string>> headers;
  std::map<std::string, std::string> header_sources;  // lower-case name -> where it came from
  // Headers whose values are secret whatever their names (Codex's env_http_headers: a value
  // kept in a variable): lower-case names.
  std::vector<std::string> secret_headers;
  bool header_is_secret(const std::string& name, const std::string& value) const;
  std::map<std::string, std::string> query_sources;   // a query parameter not the profile's -> where
  std::string key_variable = "ANLINKAI_API_KEY";  // the variable a fix tells the user to set
  std::string api_version_source;  // where a changed api-version came from
  bool probe = true;                     // false with --no-probe: nothing billable is sent
  bool stream = true;                    // false with --no-stream
  std::chrono::milliseconds hold{0};     // --hold SECONDS: one stream kept open that long (0: none)
  bool allow_insecure_http = false;      // --allow-insecure-http: the key may go over http://
  int ip_version = 0;                    // -4 / -6
  std::string request_body, request_body_path;  // --request-body: replayed by the probe
  std::chrono::milliseconds timeout{20000};
  std::chrono::milliseconds max_time{60000};  // --max-time: the whole run
  bool concurrent = true;                     // false with --sequential
  std::vector<std::string> only, skip;
  // --capabilities: the capability checks to run (capabilities/table.cpp ids); none by default.
  std::vector<std::string> capabilities;
  ProbeNonce nonce;  // this run's own tool name, schema key and image number (fresh_nonce)
  // How suggested commands start and what they repeat to check the same target again:
  // the program as invoked, and (flag, value) pairs; never the key itself.
  std::string program = "anlink-doctor";
  std::vector<std::pair<std::string, std::string>> target_flags;
  // --header names a suggested command cannot repeat: secret values given as they are, not
  // through a variable. A finding with a command says the user must add them.
  std::vector<std::string> headers_left_out;
};

}  // namespace anlink
