#include "stream/stream_summary.hpp"
#include "util/json_parse.hpp"

namespace anlink {

void StreamSummary::observe(const SseEvent& event, double at_ms) {
  if (event.data == "[DONE]") {
    done = true;
    return;
  }
  ++chunks;
  auto chunk = parse_untrusted_json(event.data);
  if (chunk.is_discarded() || !chunk.is_object()) {
    if (not_json.empty()) not_json = event.data.substr(0, 200);
    return;
  }
  if (auto e = chunk.find("error"); e != chunk.end() && !e->is_null() && !error) error = *e;
  if (auto u = chunk.find("usage"); u != chunk.end() && u->is_object()) usage = *u;
  if (auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
    for (const auto& choice : *choices) {
      if (!choice.is_object()) continue;
      if (first_chunk_ms < 0) first_chunk_ms = at_ms;
      auto reason = choice.find("finish_reason");
      if (reason == choice.end() || !reason->is_string()) continue;
      finish_reason = reason->get<std::string>();
      if (finish_reason == "error" && !error)
        error = chunk.contains("error") ? chunk["error"]
                                        : nlohmann::json{{"message", "finish_reason: error"}};
    }
  }
}

}  // namespace anlink
