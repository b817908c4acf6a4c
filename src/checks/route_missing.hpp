#pragma once
// A route the gateway does not serve: API_UNSUPPORTED when the same base serves another of
// the APIs (the clients of this one are blocked, the base is right), else nothing.
#include <optional>

#include "checks/check.hpp"

namespace anlink {

// 404, 405 or 501 (whatever the words: One API's "Invalid URL (POST ...)", FastAPI's
// {"detail":"Not Found"}, a plain "404 page not found").
bool route_missing(const HttpResponse& res);

// Where apis_served asks: the base, as the run's profile builds its routes.
struct ServedAt {
  const Profile& profile;
  const std::string& base;
  const std::string& model;
  const std::string& key;
};
// Asks the other APIs' routes at this base than `missing` (with the key, as their empty
// request, or without it) and names the ones that answer as an API ("Chat Completions (chat)").
std::vector<std::string> apis_served(HttpClient& http, const ServedAt& at, const ApiDef& missing, bool with_key);
// API_UNSUPPORTED: `api`'s route answered `res`, while the APIs `serves` names answer.
Finding api_unsupported(const ApiDef& api, const HttpResponse& res, const Classification& c,
                        const std::vector<std::string>& serves);

// Asks the other APIs' routes at the same base (with the key, as their empty request, or
// without it) and names the ones that answer as an API. nullopt: none does.
std::optional<Finding> unsupported_api(Context& ctx, const HttpResponse& res, const Classification& c,
                                       bool with_key);

}  // namespace anlink
