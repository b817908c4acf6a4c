#include "clients/claude_settings.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/errors.hpp"
#include "util/input_file.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kMaxSettingsBytes = 1u << 20;
constexpr std::size_t kMaxEnvEntries = 512;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The 1-based line of a byte offset.
std::size_t line_of(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

nlohmann::json parse_settings(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, kMaxSettingsBytes);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("Claude Code settings \"{}\": {}", path, e.what()));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json::object();
  if (json_nesting(text) > kMaxJsonDepth)
    throw UsageError(fmt::format("Claude Code settings \"{}\": nested deeper than {} levels, which no "
                                 "settings file is", path, kMaxJsonDepth));
  try {
    auto doc = nlohmann::json::parse(text);
    if (!doc.is_object())
      throw UsageError(fmt::format("Claude Code settings \"{}\": not a JSON object", path));
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(fmt::format("Claude Code settings \"{}\": line {}: not valid JSON", path,
                                 line_of(text, e.byte ? e.byte - 1 : 0)));
  }
}

}  // namespace

std::optional<std::string> claude_managed_base_url(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, kMaxSettingsBytes);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  const auto json = parse_untrusted_json(text);
  const auto* env = json.is_object() && json.contains("env") ? &json["env"] : nullptr;
  if (!env || !env->is_object() || !env->contains("ANTHROPIC_BASE_URL") || !(*env)["ANTHROPIC_BASE_URL"].is_string())
    return std::nullopt;
  return (*env)["ANTHROPIC_BASE_URL"].get<std::string>();
}

std::vector<std::pair<std::string, std::string>> claude_settings_paths() {
  const std::string home = env_or("HOME", "");
  const std::string user_dir = env_or("CLAUDE_CONFIG_DIR", home.empty() ? "" : home + "/.claude");
  std::vector<std::pair<std::string, std::string>> out = {
      {kClaudeManagedSettings, "managed"},
      {".claude/settings.local.json", "project, local"},
      {".claude/settings.json", "project"},
  };
  if (!user_dir.empty()) out.emplace_back(user_dir + "/settings.json", "user");
  return out;
}

ClaudeSettings read_claude_settings() {
  ClaudeSettings s;
  std::vector<std::string> seen;  // one file reached two ways (the working directory is HOME) is read once
  for (const auto& [path, scope] : claude_settings_paths()) {
    if (!exists(path)) continue;
    char resolved[4096];
    const std::string real = ::realpath(path.c_str(), resolved) ? std::string(resolved) : path;
    if (std::find(seen.begin(), seen.end(), real) != seen.end()) continue;
    seen.push_back(real);
    const nlohmann::json doc = parse_settings(path);
    s.files.push_back(path);
    if (auto it = doc.find("env"); it != doc.end() && it->is_object()) {
      std::size_t n = 0;
      for (const auto& [name, value] : it->items()) {
        if (++n > kMaxEnvEntries) {
          s.notes.push_back(fmt::format("{}: more than {} env entries; the rest are not read", path, kMaxEnvEntries));
          break;
        }
        if (!value.is_string()) {
          s.notes.push_back(fmt::format("{}: env {} is not a string; Claude Code's settings want strings",
                                        path, text::shorten(name, 60)));
          continue;
        }
        if (s.env.count(name)) continue;  // a higher file set it
        if (scope == "managed" && name == "ANTHROPIC_BASE_URL") s.managed_base_url = value.get<std::string>();
        s.env[name] = {value.get<std::string>(), fmt::format("{} env ({} settings)", path, scope)};
      }
    } else if (it != doc.end()) {
      s.notes.push_back(fmt::format("{}: \"env\" is not an object; Claude Code reads no variables from it", path));
    }
    if (auto it = doc.find("model"); !s.model && it != doc.end() && it->is_string())
      s.model = SettingsValue{it->get<std::string>(), fmt::format("{} model ({} settings)", path, scope)};
    if (!s.api_key_helper_file && doc.contains("apiKeyHelper")) s.api_key_helper_file = path;
  }
  return s;
}

}  // namespace anlink
