#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

const std::vector<ApiDef>& api_table() {
  static const std::vector<ApiDef> table = {chat_api_row(), messages_api_row(), responses_api_row()};
  return table;
}

const ApiDef* find_api(std::string_view id) {
  for (const auto& a : api_table())
    if (a.id == id) return &a;
  return nullptr;
}

const ApiDef& chat_api() { return api_table().front(); }

std::string api_ids() {
  std::vector<std::string> ids;
  for (const auto& a : api_table()) ids.emplace_back(a.id);
  return text::join(ids, ", ");
}

Answer read_answer(const ApiDef& api, const std::string& body) {
  auto json = parse_untrusted_json(body);
  if (json.is_discarded() || !json.is_object()) {
    Answer a;
    a.problem = "with a body that is not JSON";
    return a;
  }
  return api.read_answer(json);
}

nlohmann::json user_message(const std::string& prompt) { return {{"role", "user"}, {"content", prompt}}; }

}  // namespace anlink
