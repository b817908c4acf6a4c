#pragma once
// Which API a call of the traced program speaks, from its path: the one table trace reads.
// The forwarder relays under the base URL's path as before, and also takes Anthropic's routes
// at its root (ANTHROPIC_BASE_URL is the forwarder's root: Claude Code and the Anthropic SDKs
// append /v1/messages), which go to the Messages root of the base (core/route.cpp).
#include <string_view>
#include <vector>

#include "api/api.hpp"

namespace anlink {

// What a call on the route is: an API's call (its body linted, its answer and stream read
// with the API's row), Anthropic's count_tokens, a model listing.
enum class CallKind { call, count_tokens, models };

struct TraceRoute {
  std::string_view path;  // how the path ends: "/chat/completions", "/v1/messages"
  std::string_view api;   // the api/ row's id
  CallKind kind;
  bool at_base;   // matched at the end of any path under the base URL's path
  bool at_root;   // the whole path at the forwarder's root: relayed to {root}{path}
};

const std::vector<TraceRoute>& trace_routes();

// The route of a path (the longest row that matches), or nullptr: a path under the base URL
// that no row names is relayed and judged as chat's, as trace always did. `under_base`: the
// path is under the base URL's path.
const TraceRoute* route_of(std::string_view path, bool under_base);

// The API row whose rules judge a call on this route (chat for none).
const ApiDef& api_of(const TraceRoute* route);

}  // namespace anlink
