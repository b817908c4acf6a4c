#pragma once
// Where check's inputs come from: one small reader per source, each returning what it found
// and where (Found), merged once by resolve_inputs (cli/inputs.cpp) in this precedence:
//
//   flags  >  the client's or family's variables  >  config target  >  profile  >  default
//
// The middle layer is one of: ANLINKAI_* (the default), the OpenAI SDKs' OPENAI_* (--from-env
// openai, --client openai-sdk, or an --env-file that speaks only OPENAI_*), the ANTHROPIC_*
// variables (--from-env anthropic; with --client claude-code the env blocks of Claude Code's
// settings files first, as Claude Code ranks them), or Codex's config.toml (--client codex).
// Each reads the process environment, then --env-file (cli/env_source.hpp).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/api.hpp"
#include "cli/env_source.hpp"
#include "core/options.hpp"

namespace anlink {

struct Found {
  std::string name;  // "the ANTHROPIC_* variables", for the config listing
  Sourced base_url, api_key, model, profile;  // value "" (or source ""): not said
  Sourced second_key;  // KeyStyle::both: the x-api-key's value
  Sourced base_default;  // the client's own default base, after the config target
  std::string profile_default;  // "host": the profile of the base URL's host; else a name
  std::string key_variable;  // the variable a fix tells the user to set
  std::vector<std::pair<std::string, std::string>> headers, query;  // sent with every request
  std::map<std::string, std::string> header_sources;  // lower-case name -> where
  std::string query_source;  // where `query` came from
  std::vector<std::string> secret_headers;  // lower-case names whose values are secret
  std::vector<const ApiDef*> apis;     // the APIs the client speaks; empty: --api decides
  std::vector<KeyStyle> key_styles;    // the ways it sends the key; empty: its API's usual
  std::vector<std::string> models;  // the client's models, each a whole id (never split at commas)
  std::map<std::string, std::string> model_sources;  // model -> where, for several models
  Notes warnings, failures;  // (summary, fix): the config check warns / fails
  std::vector<std::string> files;  // the client's configuration files read
  ClientSettings settings;         // the client's settings its request depends on
};

Found anlinkai_source(const EnvSource& vars);
Found openai_source(const EnvSource& vars);
// `claude_code`: also the env blocks of Claude Code's settings files, which win over the
// environment, and its "model" setting.
Found anthropic_source(const EnvSource& vars, bool claude_code);
Found codex_source(const EnvSource& vars, const std::string& codex_profile);

// Claude Code's and Codex's models when nothing names one (their defaults in the versions
// the tests pin).
inline constexpr const char* kClaudeCodeDefaultModel = "claude-opus-5-5";  // its "opus"
inline constexpr const char* kClaudeCodeSonnetModel = "claude-sonnet-5-5";  // its "sonnet" (measured)
inline constexpr const char* kClaudeCodeHaikuModel = "claude-haiku-4-5";    // its "haiku" (not measured)
inline constexpr const char* kCodexDefaultModel = "gpt-6.1-sol";
inline constexpr const char* kAnthropicDefaultRoot = "https://api.anthropic.com";

}  // namespace anlink
