#include <algorithm>
#include <filesystem>

#include "clients/client.hpp"

#include <fmt/format.h>
#include "util/text.hpp"

namespace anlink {

const std::vector<ClientDef>& client_table() {
  static const std::vector<ClientDef> table = {claude_code_client(), codex_client(), openai_sdk_client()};
  return table;
}

const ClientDef* find_client(std::string_view id) {
  for (const auto& c : client_table())
    if (c.id == id) return &c;
  return nullptr;
}

std::string client_ids() {
  std::vector<std::string> ids;
  for (const auto& c : client_table()) ids.emplace_back(c.id);
  return text::join(ids, ", ");
}

// An entry may drop several of a kind at once: "beta:A,B".
namespace {

std::string program_of(const std::vector<std::string>& command) {
  return command.empty() ? "" : std::filesystem::path(command.front()).filename().string();
}

}  // namespace

const ClientDef* client_of(std::string_view client_flag, const std::vector<std::string>& command) {
  const std::string program = program_of(command);
  for (const auto& c : client_table())
    if (!c.program.empty() && (client_flag.empty() ? program == c.program : client_flag == c.id)) return &c;
  return nullptr;
}

std::vector<std::string> with_override(const ClientDef& client, const std::vector<std::string>& command,
                                       const Forwarder& at, std::vector<std::string>& warnings) {
  if (command.empty() || !client.override_args) return command;
  if (program_of(command) != client.program) {  // a wrapper (npx, a script): no place for the flag
    warnings.push_back(fmt::format("the command does not start with {}: trace inserts {}'s own override of its "
                                   "configuration only there, so a base URL its configuration sets may send its "
                                   "calls past the forwarder",
                                   client.program, client.title));
    return command;
  }
  const std::vector<std::string> extra = client.override_args(command, at, warnings);
  std::vector<std::string> out = {command.front()};
  out.insert(out.end(), extra.begin(), extra.end());
  out.insert(out.end(), command.begin() + 1, command.end());
  return out;
}

bool was_dropped(const Dropped& d, std::string_view part) {
  const auto colon = part.find(':');
  for (const auto& entry : d) {
    if (entry == part) return true;
    if (colon == std::string_view::npos || entry.compare(0, colon + 1, part.substr(0, colon + 1)) != 0) continue;
    for (const auto& one : text::split(entry.substr(colon + 1), ','))
      if (one == part.substr(colon + 1)) return true;
  }
  return false;
}

int dropped_max_tokens(const Dropped& d, int fallback) {
  for (auto it = d.rbegin(); it != d.rend(); ++it)
    if (it->starts_with("max_tokens:")) return std::max(1, std::atoi(it->c_str() + 11));
  return fallback;
}

}  // namespace anlink
