#pragma once
// Chat requests exactly as a real client sends them: the same URL, the same headers.
#include <optional>
#include <string>

#include "classify/classifier.hpp"
#include "core/profile.hpp"
#include "http/client.hpp"
#include "stream/stream_summary.hpp"

namespace anlink {

// The smallest completion a platform must serve: one short user message and a token limit
// under `token_param` ("max_tokens", or "max_completion_tokens" for reasoning models).
std::string minimal_chat_body(const std::string& model, int max_tokens, bool stream,
                              bool include_usage, const std::string& token_param = "max_tokens");


// An offline lint of a request body: the exact problem, or nullopt when it looks sendable.
std::optional<std::string> lint_chat_body(const std::string& body);

struct ChatResult {
  HttpResponse response;
  Classification classification;
  StreamSummary stream;  // filled when the request was a stream
  bool streamed = false;
};

// The stream check's request: a prompt whose answer takes a few dozen tokens (a count),
// enough to see how they are delivered, and a token limit that caps the cost.
inline constexpr int kStreamTokens = 64;
std::string counting_chat_body(const std::string& model, int max_tokens, bool include_usage,
                               const std::string& token_param);

// The hold check's request: a prompt whose answer runs long (a count to 10000), with a token
// limit that caps the cost.
std::string long_chat_body(const std::string& model, int max_tokens, const std::string& token_param);

// True when the answer refuses max_tokens itself (reasoning models want
// max_completion_tokens), not just its value.
bool refuses_max_tokens(const ChatResult& r);

struct ChatTarget {
  HttpClient& http;
  const std::string& url;  // {base}/chat/completions
  const std::string& key;
  const Profile& profile;  // request-id headers, statuses that mean "no balance"
};

// The chat request exactly as a client sends it; send_chat sends it and reads the answer.
HttpRequest chat_request(const ChatTarget& target, const std::string& body, bool stream);
ChatResult send_chat(const ChatTarget& target, const std::string& body, bool stream);
ChatResult send_chat(const ChatTarget& target, HttpRequest request, bool stream);

// The events of a streamed answer as they arrived, each at the time its bytes came (an
// event cut off by the body cap is not counted).
StreamSummary read_stream(const HttpResponse& res);

// A completion that ended for length with no text while it counted reasoning tokens: the
// model spent the whole budget thinking. The number of reasoning tokens, or 0.
double reasoning_spent_all(const HttpResponse& res);

// The one completion of a run, sent by whichever check needs its evidence first.
struct ProbeResult {
  bool sent = false;
  std::string not_sent;      // why nothing was sent
  std::string lint_problem;  // what is wrong with the --request-body (not sent)
  bool replayed = false;     // the body came from --request-body
  std::string body;          // what was sent
  std::string adaptation;    // what the doctor changed in its own probe, and why
  int max_tokens = 1;        // of the doctor's own probe, after any adaptation
  int floor = 0;             // the smallest token limit the platform named, if it named one
  std::string token_param = "max_tokens";  // or max_completion_tokens, when max_tokens is refused
  ChatResult chat;
};

}  // namespace anlink
