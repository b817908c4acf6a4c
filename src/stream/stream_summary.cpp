#include "stream/stream_summary.hpp"

#include <algorithm>

namespace anlink {

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
