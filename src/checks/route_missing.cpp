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

std::vector<std::string> apis_served(HttpClient& http, const ServedAt& at, const ApiDef& missing, bool with_key) {
  std::vector<std::string> serves;
  for (const ApiDef& other : api_table()) {
    if (&other == &missing) continue;
    const std::string url = other.url(at.profile, at.base, at.model);
    HttpRequest req = call_request({http, url, at.key, at.profile, other, other.key_styles.front()},
                                   with_key ? other.unbillable_body(at.model) : "{}", false);
    if (!with_key) req.headers.erase(req.headers.begin());
    const HttpResponse answer = http.send(req);
    const bool answers = answer.ok_transport() && !route_missing(answer) && (answer.status < 300 || answer.status >= 400) &&
                         parse_error_body(answer.content_type(), answer.body).kind == BodyKind::json;
    if (answers) serves.push_back(fmt::format("{} ({})", other.title, other.id));
  }
  return serves;
}

Finding api_unsupported(const ApiDef& api, const HttpResponse& res, const Classification& c,
                        const std::vector<std::string>& serves) {
  Finding f = Finding::fail(Category::api_unsupported,
                            fmt::format("this gateway does not serve the {} API at this base: {} answers {}, "
                                        "while {} answer{} as an API",
                                        api.title, res.url, describe_answer(res, c), text::join(serves, " and "),
                                        serves.size() > 1 ? "" : "s"));
  f.fixes = {std::string(api.blocked)};
  f.evidence = http_evidence(res, &c);
  f.evidence["apis_served"] = serves;
  return f;
}

std::optional<Finding> unsupported_api(Context& ctx, const HttpResponse& res, const Classification& c,
                                       bool with_key) {
  const auto serves = apis_served(ctx.http, {ctx.profile, ctx.opts.base_url.value, ctx.opts.model.value,
                                             ctx.opts.api_key.value}, *ctx.api, with_key);
  if (serves.empty()) return std::nullopt;
  return api_unsupported(*ctx.api, res, c, serves);
}

}  // namespace anlink
