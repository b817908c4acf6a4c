#pragma once
// How a stream's text reached the client: time to the first token, tokens per second, the
// longest pause, and whether something on the path held the chunks back and delivered
// them together (STREAM_BUFFERED), named from the response headers where they tell.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/finding.hpp"
#include "http/client.hpp"
#include "stream/stream_summary.hpp"

namespace anlink {

// Fewer content chunks than this say nothing about how they were delivered by their count
// alone: such a short answer is judged by its timing (kShortHeldChunks or more in one read,
// kLateBurstMs or more after the request).
inline constexpr int kJudgeableChunks = 8;
inline constexpr int kShortHeldChunks = 3;
inline constexpr double kLateBurstMs = 1000;
// Chunks of text per burst, on average, from which a stream counts as held back.
inline constexpr int kHeldPerBurst = 4;

// ttft_ms, tokens_per_s, max_gap_ms, content_chunks, bursts, largest_burst, chunks_per_read,
// buffered_by.
void add_delivery_evidence(const StreamSummary& s, const HttpResponse& res, nlohmann::ordered_json& evidence);

// "first token 312 ms, 48 tokens/s", or "" when no text arrived.
std::string delivery_phrase(const StreamSummary& s);

// What the headers say held a stream back ("nginx (proxy_buffering)", "gzip compression"),
// or "" when they name nothing.
std::string buffered_by(const HttpResponse& res);

// A warning when the chunks were held back and delivered together; nullopt otherwise.
std::optional<Finding> buffered_finding(const StreamSummary& s, const HttpResponse& res);

}  // namespace anlink
