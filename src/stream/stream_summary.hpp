#pragma once
#include <nlohmann/json.hpp>
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "stream/sse.hpp"

namespace anlink {

struct StreamSummary;
// An API's reader of one stream event (api/*_api.cpp): it fills the summary below.
using EventReader = void (*)(StreamSummary&, const SseEvent&, double at_ms);
void read_chat_event(StreamSummary& s, const SseEvent& event, double at_ms);

// Where a reader is in its API's event grammar (Messages' open blocks, Responses' sequence
// numbers). Bounded: at most kMaxBlocks block indexes are remembered.
struct GrammarState {
  static constexpr int kMaxBlocks = 64;
  bool started = false;          // message_start / response.created seen
  std::vector<int> open, closed;  // content block indexes
  long long last_sequence = -1;
  int terminals = 0;             // terminal events seen
  bool ended_early = false;      // an end marker came early: the SDKs read nothing after it
};

// What the events of one streamed answer amount to, whatever its API.
struct StreamSummary {
  EventReader reader = read_chat_event;
  int chunks = 0;     // data events other than the end marker and pings
  bool done = false;  // the API's end arrived: [DONE], message_stop, a terminal response event
  std::optional<nlohmann::json> usage;  // the usage the stream reported
  std::optional<nlohmann::json> error;  // an error event, finish_reason "error", response.failed
  std::string finish_reason;            // the last one that was not null (stop_reason, status)
  std::string not_json;                 // the first data that did not parse
  std::string malformed;                // the first break of the API's event grammar
  bool malformed_fatal = false;         // a break the official SDKs fail on (else they read past it)
  std::string incomplete_reason;        // Responses: response.incomplete's reason
  std::string terminal;                 // the event that ended it, by name
  std::vector<std::string> notes;       // tolerated oddities ([DONE] after the terminal event)
  int pings = 0;
  double first_chunk_ms = -1;           // time to the first event of the answer itself
  GrammarState grammar;

  // How the text was delivered: chunks whose delta carries content, when each arrived, and
  // in how many bursts. Chunks within kBurstMs of the one before arrived together: in one
  // network read (curl hands over one read's chunks microseconds apart), where a model's
  // tokens come several milliseconds apart.
  static constexpr double kBurstMs = 1;
  int content_chunks = 0;
  double first_content_ms = -1, last_content_ms = -1;
  double end_ms = -1;      // when the answer said it ended: its first finish_reason, else its end
  double max_gap_ms = 0;   // the longest pause between two content chunks
  int bursts = 0;          // deliveries that carried content
  int largest_burst = 0;   // content chunks in the largest of them

  void observe(const SseEvent& event, double at_ms) { reader(*this, event, at_ms); }
  // For readers: a chunk that carried text arrived.
  void observe_content(double at_ms);
  // For readers: the first grammar break is kept (the first fatal one, when one comes later).
  // `fatal`: the official SDKs fail on it; otherwise they read past it and stricter parsers fail.
  void note(std::string what) {  // once each, a few at most
    if (notes.size() < 4 && std::find(notes.begin(), notes.end(), what) == notes.end()) notes.push_back(std::move(what));
  }
  void break_grammar(std::string what, bool fatal = false) {
    if (malformed.empty() || (fatal && !malformed_fatal)) {
      malformed = std::move(what);
      malformed_fatal = fatal;
    }
  }

 private:
  int current_burst_ = 0;
};

}  // namespace anlink
