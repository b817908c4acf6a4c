#include "checks/route_missing.hpp"

#include <fmt/format.h>

#include "checks/http_evidence.hpp"
#include "core/route.hpp"
#include "util/text.hpp"

namespace anlink {

bool route_missing(const HttpResponse& res) {
  if (!res.ok_transport() || (res.status != 404 && res.status != 405 && res.status != 501)) return false;
  // Anthropic's 404 not_found_error "model: X" is about the model, not the route.
  const PlatformError e = parse_error_body(res.content_type(), res.body);
  return !text::contains_icase(e.message, "model") && !text::contains_icase(e.code, "model");
}

std::optional<Finding> unsupported_api(Context& ctx, const HttpResponse& res, const Classification& c,
                                       bool with_key) {
  std::vector<std::string> serves;
  for (const ApiDef& other : api_table()) {
    if (&other == ctx.api) continue;
    const std::string url = other.url(ctx.profile, ctx.opts.base_url.value, ctx.opts.model.value);
    HttpRequest req = call_request({ctx.http, url, ctx.opts.api_key.value, ctx.profile, other,
                                    other.key_styles.front()},
                                   with_key ? other.unbillable_body(ctx.opts.model.value) : "{}", false);
    if (!with_key) req.headers.erase(req.headers.begin());
    const HttpResponse answer = ctx.http.send(req);
    const bool answers = answer.ok_transport() && !route_missing(answer) && (answer.status < 300 || answer.status >= 400) &&
                         parse_error_body(answer.content_type(), answer.body).kind == BodyKind::json;
    if (answers) serves.push_back(fmt::format("{} ({})", other.title, other.id));
  }
  if (serves.empty()) return std::nullopt;
  Finding f = Finding::fail(Category::api_unsupported,
                            fmt::format("this gateway does not serve the {} API at this base: {} answers {}, "
                                        "while {} answer{} as an API",
                                        ctx.api->title, res.url, describe_answer(res, c), text::join(serves, " and "),
                                        serves.size() > 1 ? "" : "s"));
  f.fixes = {std::string(ctx.api->blocked)};
  f.evidence = http_evidence(res, &c);
  f.evidence["apis_served"] = serves;
  return f;
}

}  // namespace anlink
