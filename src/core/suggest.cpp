#include "core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace anlink {

std::string shell_quote(std::string_view word) {
  const bool bare = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-./:=@%+,").find(c) != std::string_view::npos;
  });
  if (bare) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

// Flags that name the same thing: changing one drops the others.
bool same_setting(std::string_view a, std::string_view b) {
  auto group = [](std::string_view f) -> std::string_view {
    if (f == "--profile" || f == "--profile-file") return "profile";
    if (f == "-4" || f == "-6") return "ip";
    return f;
  };
  return group(a) == group(b);
}

}  // namespace

std::string suggest_check(const CheckOptions& o,
                          const std::vector<std::pair<std::string, std::string>>& changes) {
  std::vector<std::pair<std::string, std::string>> flags;
  for (const auto& kept : o.target_flags) {
    const bool replaced = std::any_of(changes.begin(), changes.end(), [&](const auto& c) {
      return same_setting(c.first, kept.first);
    });
    if (!replaced) flags.push_back(kept);
  }
  flags.insert(flags.end(), changes.begin(), changes.end());
  std::string out = shell_quote(o.program.empty() ? "anlink-doctor" : o.program) + " check";
  for (const auto& [flag, value] : flags) {
    out += " " + flag;
    if (!value.empty()) out += " " + shell_quote(value);
  }
  return out;
}

bool plausible_model_id(std::string_view id) {
  if (id.empty() || id.size() > 128 || !std::isalnum(static_cast<unsigned char>(id.front())))
    return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-./:@+").find(c) != std::string_view::npos;
  });
}

}  // namespace anlink
