#include "checks/endpoint.hpp"

#include "checks/http_evidence.hpp"
#include "core/route.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

HttpRequest endpoint_request(const Context& ctx, const std::string& path, bool from_origin) {
  std::vector<std::string> headers = {"Accept: application/json"};
  if (key_is_sendable(ctx.opts, ctx.profile))
    headers.push_back(key_header(ctx.profile, ctx.opts.api_key.value));
  std::string base = text::trim(ctx.opts.base_url.value);
  if (from_origin)
    if (auto url = parse_url(base)) base = url->scheme + "://" + url->host + (url->port.empty() ? "" : ":" + url->port);
  return {"GET", api_url(ctx.profile, base, path), headers, ""};
}

HttpResponse get_endpoint(Context& ctx, const std::string& path, bool from_origin) {
  return ctx.http.send(endpoint_request(ctx, path, from_origin));
}

Finding unreadable_endpoint(const HttpResponse& res, std::string_view what) {
  Finding f = transport_finding(res, Status::warn);
  f.summary = "could not read the " + std::string(what) + ": " + f.summary;
  f.category.reset();
  return f;
}

}  // namespace anlink
