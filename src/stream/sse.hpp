#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anlink {

struct SseEvent {
  std::string event;  // "" for the default "message"
  std::string data;   // data lines joined with "\n"
};

// An incremental Server-Sent Events parser: bytes go in as they arrive, split anywhere
// (even inside a CRLF); complete events come out. Comment lines (":") are skipped.
class SseParser {
 public:
  std::vector<SseEvent> feed(std::string_view bytes);
  // At the end of the stream: the last event, if it was not closed by a blank line.
  std::optional<SseEvent> finish();

 private:
  void line(std::string_view l, std::vector<SseEvent>& out);
  std::string partial_;
  bool after_cr_ = false;  // the previous chunk ended in "\r": a following "\n" belongs to it
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace anlink
