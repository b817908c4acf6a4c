#include "trace/codex_provider.hpp"

#include "cli/errors.hpp"
#include "clients/codex_config.hpp"

namespace anlink {

std::optional<std::string> codex_provider_id(const std::vector<std::string>& command) {
  std::string profile;
  for (std::size_t i = 1; i + 1 < command.size() && i < 64; ++i)
    if (command[i] == "-p" || command[i] == "--profile") profile = command[i + 1];
  CodexConfig c;
  try {
    c = read_codex_config(profile);
  } catch (const UsageError&) {
    return std::nullopt;  // Codex's own to refuse
  }
  // A built-in provider reads OPENAI_BASE_URL; an id that cannot be part of a -c key is left alone.
  if (c.builtin_provider || c.provider_id.empty() || c.provider_id.size() > 64 ||
      c.provider_id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
          std::string::npos)
    return std::nullopt;
  return c.provider_id;
}

}  // namespace anlink
