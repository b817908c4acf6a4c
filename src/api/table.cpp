#include <fmt/format.h>
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

std::vector<std::string> named_apis(const std::vector<const ApiDef*>& apis) {
  std::vector<std::string> ids;
  if (apis.size() == 1 && apis.front() == &chat_api()) return ids;
  for (const ApiDef* api : apis) ids.emplace_back(api->id);
  return ids;
}

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

std::optional<std::string> lint_envelope(const std::string& text, nlohmann::json& body) {
  bool too_deep = false;
  body = parse_untrusted_json(text, &too_deep);
  if (too_deep) return fmt::format("the body nests JSON deeper than {} levels", kMaxJsonDepth);
  if (body.is_discarded()) return "the body is not valid JSON";
  if (!body.is_object()) return "the body is not a JSON object";
  if (!body.contains("model")) return "\"model\" is missing";
  if (!body["model"].is_string() || body["model"].get<std::string>().empty())
    return "\"model\" is not a non-empty string";
  if (body.contains("stream") && !body["stream"].is_boolean()) return "\"stream\" is not true or false";
  return std::nullopt;
}

void read_arguments(ToolCall& call, const nlohmann::json& arguments, bool as_string) {
  constexpr std::size_t kMaxArguments = 64 * 1024;
  if (arguments.is_string()) {
    call.arguments = arguments.get<std::string>().substr(0, kMaxArguments);
    const auto parsed = parse_untrusted_json(call.arguments);
    call.arguments_parse = as_string && !parsed.is_discarded() && parsed.is_object();
  } else {
    call.arguments = arguments.dump().substr(0, kMaxArguments);
    call.arguments_parse = !as_string && arguments.is_object();
  }
}

nlohmann::json user_message(const std::string& prompt) { return {{"role", "user"}, {"content", prompt}}; }

}  // namespace anlink
