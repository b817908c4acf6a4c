#pragma once
// A route the gateway does not serve: API_UNSUPPORTED when the same base serves another of
// the APIs (the clients of this one are blocked, the base is right), else nothing.
#include <optional>

#include "checks/check.hpp"

namespace anlink {

// 404, 405 or 501 (whatever the words: One API's "Invalid URL (POST ...)", FastAPI's
// {"detail":"Not Found"}, a plain "404 page not found").
bool route_missing(const HttpResponse& res);

// Asks the other APIs' routes at the same base (with the key, as their empty request, or
// without it) and names the ones that answer as an API. nullopt: none does.
std::optional<Finding> unsupported_api(Context& ctx, const HttpResponse& res, const Classification& c,
                                       bool with_key);

}  // namespace anlink
