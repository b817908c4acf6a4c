#include "checks/endpoint.hpp"

#include "checks/http_evidence.hpp"
#include "http/url.hpp"

namespace anlink {

HttpResponse get_endpoint(Context& ctx, const std::string& path) {
  std::vector<std::string> headers = {"Accept: application/json"};
  if (key_is_sendable(ctx.opts.api_key, ctx.profile))
    headers.push_back("Authorization: Bearer " + ctx.opts.api_key.value);
  return ctx.http.send({"GET", join_url(ctx.opts.base_url.value, path), headers, ""});
}

Finding unreadable_endpoint(const HttpResponse& res, std::string_view what) {
  Finding f = transport_finding(res, Status::warn);
  f.summary = "could not read the " + std::string(what) + ": " + f.summary;
  f.category.reset();
  return f;
}

}  // namespace anlink
