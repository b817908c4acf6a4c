#include "stream/stream_summary.hpp"
#include "util/json_parse.hpp"

#include <algorithm>

namespace anlink {

void StreamSummary::observe(const SseEvent& event, double at_ms) {
  if (event.data == "[DONE]") {
    done = true;
    if (end_ms < 0) end_ms = at_ms;
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
    bool text = false;
    for (const auto& choice : *choices) {
      if (!choice.is_object()) continue;
      if (first_chunk_ms < 0) first_chunk_ms = at_ms;
      if (auto delta = choice.find("delta"); delta != choice.end() && delta->is_object())
        if (auto content = delta->find("content"); content != delta->end() && content->is_string())
          text = text || !content->get_ref<const std::string&>().empty();
      auto reason = choice.find("finish_reason");
      if (reason == choice.end() || !reason->is_string()) continue;
      finish_reason = reason->get<std::string>();
      if (end_ms < 0) end_ms = at_ms;
      if (finish_reason == "error" && !error)
        error = chunk.contains("error") ? chunk["error"]
                                        : nlohmann::json{{"message", "finish_reason: error"}};
    }
    if (text) observe_content(at_ms);
  }
}

void StreamSummary::observe_content(double at_ms) {
  ++content_chunks;
  if (first_content_ms < 0) {
    first_content_ms = at_ms;
    bursts = current_burst_ = 1;
  } else {
    const double gap = at_ms - last_content_ms;
    max_gap_ms = std::max(max_gap_ms, gap);
    if (gap > kBurstMs) {
      ++bursts;
      current_burst_ = 1;
    } else {
      ++current_burst_;
    }
  }
  largest_burst = std::max(largest_burst, current_burst_);
  last_content_ms = at_ms;
}

}  // namespace anlink
