#include "trace/codex_provider.hpp"

#include <cstdlib>
#include <stdexcept>

#include "util/input_file.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kConfigCap = 1u << 20;

// A top-level `model_provider = "ID"` (before the first [table]); an id of letters, digits,
// '-' and '_' only, as it becomes part of a -c key.
std::optional<std::string> top_level_provider(const std::string& toml) {
  for (const auto& raw : text::split(toml, '\n')) {
    const std::string line = text::trim(raw);
    if (line.starts_with("[")) break;
    if (!line.starts_with("model_provider")) continue;
    std::string rest = text::trim(std::string_view(line).substr(14));
    if (!rest.starts_with("=")) continue;
    rest = text::trim(std::string_view(rest).substr(1));
    if (rest.size() < 2 || (rest[0] != '"' && rest[0] != '\'')) return std::nullopt;
    const auto end = rest.find(rest[0], 1);
    if (end == std::string::npos) return std::nullopt;
    std::string id = rest.substr(1, end - 1);
    if (id.empty() || id.size() > 64 ||
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
      return std::nullopt;
    return id;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> codex_provider_id(const std::vector<std::string>& command) {
  std::string home;
  if (const char* h = std::getenv("CODEX_HOME"); h && *h) home = h;
  else if (const char* u = std::getenv("HOME"); u && *u) home = std::string(u) + "/.codex";
  else return std::nullopt;
  std::vector<std::string> files;
  for (std::size_t i = 1; i + 1 < command.size() && i < 64; ++i)
    if ((command[i] == "-p" || command[i] == "--profile") && command[i + 1].find('/') == std::string::npos)
      files.push_back(home + "/" + command[i + 1] + ".config.toml");
  files.push_back(home + "/config.toml");
  for (const auto& file : files) {
    std::string toml;
    try {
      toml = read_input_file(file, kConfigCap);
    } catch (const std::invalid_argument&) {
      continue;
    }
    auto id = top_level_provider(toml);
    if (id && *id == "openai") return std::nullopt;  // built in: it reads OPENAI_BASE_URL
    return id;
  }
  return std::nullopt;
}

}  // namespace anlink
