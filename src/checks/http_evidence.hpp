#pragma once
#include <chrono>
#include <optional>
#include <nlohmann/json.hpp>

#include "classify/classifier.hpp"
#include "core/finding.hpp"
#include "core/options.hpp"
#include "core/profile.hpp"
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
// `asked_usage`: the request carried stream_options.include_usage.
struct CallResult;
Finding judge_stream(const CallResult& chat, const CheckOptions& opts, const Profile& profile,
                     bool asked_usage);

// Node's HTTP client (undici: the OpenAI Node SDK, fetch) refuses an answer whose headers
// pass 16 KiB; the doctor reads up to 64 KiB. A fail naming that, or nullopt.
inline constexpr std::size_t kNodeHeaderLimit = 16 * 1024;
std::optional<Finding> header_overflow(const HttpResponse& res);
// A --timeout worth suggesting after the doctor's own limit ran out: at least 60 s, and
// always more than the run had.
std::string longer_timeout(const CheckOptions& opts);

// Puts "Look up request id X in the Usage Logs (console)" first among a failure's fixes.
void add_request_id_fix(Finding& f, const std::string& request_id, const std::string& console_url);

// A failure's fixes as the answer names its cause: the classification's own fixes first
// (a header to send, a rate limit to wait out), then the request id to look up, then the
// category's fixes for this gateway. A rate limit drops the top-up fixes.
void finish_fixes(Finding& f, const Classification& c, const CheckOptions& opts, const Profile& profile);

// "HTTP 401 invalid_api_key: Incorrect API key" — the platform's answer in one phrase.
std::string describe_answer(const HttpResponse& res, const Classification& c);

}  // namespace anlink
