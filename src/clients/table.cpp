#include <algorithm>

#include "clients/client.hpp"
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
