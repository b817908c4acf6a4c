#pragma once
#include <chrono>
#include <optional>
#include <nlohmann/json.hpp>

#include "classify/classifier.hpp"
#include "core/finding.hpp"
#include "core/options.hpp"
#include "http/client.hpp"

namespace anlink {

// Shared by every check that sends a request: what was seen, as evidence.
nlohmann::ordered_json http_evidence(const HttpResponse& res, const Classification* c = nullptr);

// How far the server's Date header is ahead of this machine's clock, in seconds.
std::optional<long> clock_skew_seconds(const HttpResponse& res);

// A request that got no HTTP answer, named plainly, with fixes for that failure.
Finding transport_finding(const HttpResponse& res, Status status);

// The verdict on a streamed chat answer, shared by the probe (a replayed streaming body) and
// the stream check. `limit` is the doctor's own total limit per request.
struct ChatResult;
Finding judge_stream(const ChatResult& chat, const CheckOptions& opts);
// A --timeout worth suggesting after the doctor's own limit ran out: at least 60 s, and
// always more than the run had.
std::string longer_timeout(const CheckOptions& opts);

// Puts "Look up request id X in the Usage Logs (console)" first among a failure's fixes.
void add_request_id_fix(Finding& f, const std::string& request_id, const std::string& console_url);

// "HTTP 401 invalid_api_key: Incorrect API key" — the platform's answer in one phrase.
std::string describe_answer(const HttpResponse& res, const Classification& c);

}  // namespace anlink
