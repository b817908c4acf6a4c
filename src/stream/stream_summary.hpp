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
  double first_chunk_ms = -1;           // time to the first chunk with a choice

  // How the text was delivered: chunks whose delta carries content, when each arrived, and
  // in how many bursts. Chunks within kBurstMs of the one before arrived together: in one
  // network read (curl hands over one read's chunks microseconds apart), where a model's
  // tokens come several milliseconds apart.
  static constexpr double kBurstMs = 1;
  int content_chunks = 0;
  double first_content_ms = -1, last_content_ms = -1;
  double end_ms = -1;      // when the answer said it ended: its first finish_reason, else [DONE]
  double max_gap_ms = 0;   // the longest pause between two content chunks
  int bursts = 0;          // deliveries that carried content
  int largest_burst = 0;   // content chunks in the largest of them

  void observe(const SseEvent& event, double at_ms);

 private:
  void observe_content(double at_ms);
  int current_burst_ = 0;
};

}  // namespace anlink
