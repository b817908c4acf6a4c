#pragma once
// One call of the traced program, judged as `check` judges its own requests: the same
// classifier, categories and fixes, but on the program's request (its body linted, the
// parameter it sent) and its stream handling (read to [DONE], or closed early).
#include <functional>

#include "core/finding.hpp"
#include "core/options.hpp"
#include "trace/relay.hpp"

namespace anlink {

struct ClientDef;

// What judging a call needs besides the call.
struct TraceJudge {
  const CheckOptions& opts;
  const ClientDef* client = nullptr;  // the program's client: failures told in its terms
  // The other APIs that answer at the base (route_missing.hpp), asked when a call's API route
  // is missing: API_UNSUPPORTED then. Empty: not asked.
  std::function<std::vector<std::string>(const ApiDef& missing, const std::string& model)> apis_served;
};

// pass for a call that worked; fail with the category, summary and fixes otherwise. Each
// call is judged by its API's row (the route's, trace/routes.hpp): its body's lint, its
// answer's reader, its stream's grammar (as the stream check judges it).
Finding judge_call(const Call& call, const TraceJudge& judge);

// "POST /v1/chat/completions qwen-flash 200 312 ms, stream: [DONE], 12 chunks": one line.
std::string call_line(const Call& call, const Finding& verdict);

}  // namespace anlink
