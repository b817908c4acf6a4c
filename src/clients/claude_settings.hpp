#pragma once
// Claude Code's settings files, read as Claude Code ranks them (its settings documentation):
// managed settings, then the project's .claude/settings.local.json, then .claude/settings.json,
// then the user's ~/.claude/settings.json ($CLAUDE_CONFIG_DIR/settings.json); a variable in
// the `env` block of a higher file wins, and any of them wins over the process environment
// (measured with Claude Code 2.1.328). Only what the doctor needs is kept: `env`, `model`,
// and whether a key comes from `apiKeyHelper`.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anlink {

struct SettingsValue {
  std::string value;
  std::string source;  // "/home/u/.claude/settings.json env"
};

struct ClaudeSettings {
  std::vector<std::string> files;                  // the files read, highest first
  std::map<std::string, SettingsValue> env;        // each variable from its highest file
  std::optional<SettingsValue> model;              // the "model" setting, from its highest file
  std::optional<std::string> api_key_helper_file;  // a file that sets apiKeyHelper
  std::optional<std::string> managed_base_url;     // the managed file's ANTHROPIC_BASE_URL, if any
  std::vector<std::string> notes;                  // values left out, and why
};

// Where Claude Code looks, highest first: (path, scope name).
std::vector<std::pair<std::string, std::string>> claude_settings_paths();

// A managed settings file's env.ANTHROPIC_BASE_URL, which nothing overrides; nullopt when the
// file is absent, unreadable, not JSON or sets none. Never throws.
inline constexpr const char* kClaudeManagedSettings = "/etc/claude-code/managed-settings.json";
std::optional<std::string> claude_managed_base_url(const std::string& path = kClaudeManagedSettings);

// Reads every settings file that exists. A file that exists but is not a regular file, is
// over 1 MiB, nests deeper than 64 levels or is not JSON throws UsageError naming the file
// (and the line).
ClaudeSettings read_claude_settings();

}  // namespace anlink
