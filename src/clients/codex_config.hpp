#pragma once
// Codex CLI's configuration, read as Codex reads it: $CODEX_HOME/config.toml (default
// ~/.codex/config.toml) under /etc/codex/config.toml, with --codex-profile NAME layering
// $CODEX_HOME/NAME.config.toml over it (Codex's own -p NAME). Only what decides where its
// requests go and how: the model, the provider and its base_url, env_key, wire_api, headers
// and query parameters.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/options.hpp"

namespace anlink {

struct CodexConfig {
  std::vector<std::string> files;  // the files read, lowest first
  std::string profile;             // --codex-profile, or ""
  std::string provider_id = "openai";
  std::string provider_source = "Codex's default provider";
  bool builtin_provider = true;  // no [model_providers.ID] table: Codex's own (openai, reads OPENAI_BASE_URL)
  Sourced base_url;              // the provider's base_url ("" for a built-in one)
  Sourced model;                 // "" when unset: Codex's default
  std::string env_key;           // the variable holding the key ("" when the provider names none)
  std::string env_key_source;
  Sourced wire_api;              // "responses" unless the file says otherwise
  std::vector<std::pair<std::string, std::string>> http_headers;      // sent as written
  std::vector<std::pair<std::string, std::string>> env_http_headers;  // header -> variable
  std::vector<std::pair<std::string, std::string>> query_params;
  std::vector<std::string> notes;  // what the doctor noticed and does not act on
  std::map<std::string, std::string> settings;  // the top-level keys its request depends on (codex row)
  std::string headers_source, env_headers_source, query_source;  // where each table was set
  Sourced openai_base_url;  // the built-in provider's base (openai_base_url), "" for its default
  std::vector<std::pair<std::string, std::string>> refusals;  // what Codex refuses at start: (summary, fix)
};

std::string codex_home();

// For trace's override: the key of the base URL Codex will use for this command (its
// -p/--profile NAME read): "model_providers.ID.base_url" for a configured provider,
// "openai_base_url" for the built-in one; nullopt for an id that cannot be part of a -c key,
// or a file Codex will refuse itself. Never throws.
std::optional<std::string> codex_base_url_key(const std::vector<std::string>& command);

// Throws UsageError naming the file and line for a file that does not parse (as Codex says
// "PATH:LINE:COL: ..."), is not a regular file or is over 1 MiB; a profile file that does
// not exist; a model_provider with no table.
CodexConfig read_codex_config(const std::string& codex_profile);

}  // namespace anlink
