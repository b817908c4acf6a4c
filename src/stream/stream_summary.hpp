#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "stream/sse.hpp"

namespace anlink {

// What the events of one chat completion stream amount to.
struct StreamSummary {
  int chunks = 0;     // data events other than [DONE]
  bool done = false;  // "data: [DONE]" arrived
  std::optional<nlohmann::json> usage;  // from the usage chunk (include_usage)
  std::optional<nlohmann::json> error;  // a bare {"error"} event, or finish_reason "error"
  std::string finish_reason;            // the last one that was not null
  std::string not_json;                 // the first data that did not parse
  double first_chunk_ms = -1;           // time to the first content chunk

  void observe(const SseEvent& event, double at_ms);
};

}  // namespace anlink
