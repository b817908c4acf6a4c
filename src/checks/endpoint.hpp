#pragma once
// Reading the profile's own endpoints (catalog, balance, usage logs), the same way each time.
#include <string>
#include <string_view>

#include "checks/check.hpp"

namespace anlink {

// GET {base}{path} (or {origin}{path}), with the key when config found it clean (a catalog
// may be public).
HttpRequest endpoint_request(const Context& ctx, const std::string& path, bool from_origin = false);
HttpResponse get_endpoint(Context& ctx, const std::string& path, bool from_origin = false);

// A transport failure while reading something optional: a warning, not a category.
Finding unreadable_endpoint(const HttpResponse& res, std::string_view what);

}  // namespace anlink
