#pragma once
// Calls of an API exactly as its clients send them: the same URL, the same headers; and the
// doctor's own request bodies, built by the API's row (api/api.hpp).
#include <optional>
#include <string>

#include "api/api.hpp"
#include "classify/classifier.hpp"
#include "core/profile.hpp"
#include "http/client.hpp"
#include "stream/stream_summary.hpp"

namespace anlink {

// The smallest request a platform must serve: one short user message and a token limit
// under `token_param` ("max_tokens", or "max_completion_tokens" for reasoning models; the
// other APIs name their own).
std::string minimal_body(const ApiDef& api, const std::string& model, int max_tokens, bool stream,
                         bool include_usage, const std::string& token_param = "max_tokens");

// The offline lint of a chat request body (api row chat): the exact problem, or nullopt.
std::optional<std::string> lint_chat_body(const std::string& body);

struct CallResult {
  HttpResponse response;
  Classification classification;
  StreamSummary stream;  // filled when the request was a stream
  bool streamed = false;
  const ApiDef* api = &chat_api();  // whose rules read it
};

// The stream check's request: a prompt whose answer takes a few dozen tokens (a count),
// enough to see how they are delivered, and a token limit that caps the cost.
inline constexpr int kStreamTokens = 64;
std::string counting_body(const ApiDef& api, const std::string& model, int max_tokens, bool include_usage,
                          const std::string& token_param);

// The hold check's request: a prompt whose answer runs long (a count to 10000), with a token
// limit that caps the cost.
std::string long_body(const ApiDef& api, const std::string& model, int max_tokens, const std::string& token_param);

// True when the answer refuses max_tokens itself (reasoning models want
// max_completion_tokens), not just its value.
bool refuses_max_tokens(const CallResult& r);

struct CallTarget {
  HttpClient& http;
  const std::string& url;  // the API's route for the model
  const std::string& key;
  const Profile& profile;  // request-id headers, statuses that mean "no balance"
  const ApiDef& api;
  KeyStyle style = KeyStyle::profile;
  std::string second_key = {};  // style both: the x-api-key's own value
};

// The key's headers as `target` carries it (two for KeyStyle::both).
std::vector<std::string> key_headers(const CallTarget& target, KeyStyle style);

// The request exactly as a client sends it; send_call sends it and reads the answer.
HttpRequest call_request(const CallTarget& target, const std::string& body, bool stream);
CallResult send_call(const CallTarget& target, const std::string& body, bool stream);
CallResult send_call(const CallTarget& target, HttpRequest request, bool stream);

// The events of a streamed answer as they arrived, each at the time its bytes came, read
// with the API's rules (an event cut off by the body cap is not counted).
StreamSummary read_stream(const HttpResponse& res, const ApiDef& api = chat_api());

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
  CallResult call;
};

}  // namespace anlink
