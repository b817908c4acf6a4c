#include "trace/routes.hpp"

namespace anlink {

const std::vector<TraceRoute>& trace_routes() {
  static const std::vector<TraceRoute> table = {
      {"/chat/completions", "chat", CallKind::call, true, false},
      {"/responses", "responses", CallKind::call, true, false},
      {"/v1/messages", "messages", CallKind::call, true, true},
      {"/v1/messages/count_tokens", "messages", CallKind::count_tokens, true, true},
      // Under the base URL, /models is the OpenAI listing (chat's); at the root, Anthropic's.
      {"/v1/models", "messages", CallKind::models, false, true},
  };
  return table;
}

const TraceRoute* route_of(std::string_view path, bool under_base) {
  const TraceRoute* best = nullptr;
  for (const auto& r : trace_routes()) {
    const bool match = under_base ? r.at_base && path.ends_with(r.path) : r.at_root && path == r.path;
    if (match && (!best || r.path.size() > best->path.size())) best = &r;
  }
  return best;
}

const ApiDef& api_of(const TraceRoute* route) {
  const ApiDef* api = route ? find_api(route->api) : nullptr;
  return api ? *api : chat_api();
}

}  // namespace anlink
