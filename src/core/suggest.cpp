#include "core/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

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

// Flags that set the same thing: changing one drops the others. A --header sets its header.
bool same_setting(const std::pair<std::string, std::string>& a, const std::pair<std::string, std::string>& b) {
  auto group = [](const std::pair<std::string, std::string>& f) -> std::string {
    if (f.first == "--profile" || f.first == "--profile-file") return "profile";
    if (f.first == "-4" || f.first == "-6") return "ip";
    if (f.first == "--header") return "header " + text::lower(text::trim(f.second.substr(0, f.second.find(':'))));
    return f.first;
  };
  return group(a) == group(b);
}

}  // namespace

std::string suggest_check(const CheckOptions& o,
                          const std::vector<std::pair<std::string, std::string>>& changes) {
  std::vector<std::pair<std::string, std::string>> flags;
  for (const auto& kept : o.target_flags) {
    const bool replaced = std::any_of(changes.begin(), changes.end(), [&](const auto& c) {
      return same_setting(c, kept);
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

void note_headers_left_out(Finding& f, const CheckOptions& o) {
  if (f.commands.empty() || o.headers_left_out.empty()) return;
  std::vector<std::string> flags;
  for (const auto& name : o.headers_left_out) flags.push_back(shell_quote(name + ": VALUE"));
  const std::string note = fmt::format(
      "Add the header{} you gave to the command yourself: --header {} (a secret value, which the doctor "
      "never repeats; given as '{}: ${{VAR}}' it is read from the environment)",
      flags.size() == 1 ? "" : "s", text::join(flags, " --header "), o.headers_left_out.front());
  if (std::find(f.fixes.begin(), f.fixes.end(), note) == f.fixes.end()) f.fixes.push_back(note);
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
