// usage_log: each request id (given with --request-id, and the probes' own) is found in the
// usage logs, and its recorded outcome explained; without an endpoint, where to look.
#include <curl/curl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/endpoint.hpp"
#include "checks/http_evidence.hpp"
#include "util/json_at.hpp"
#include "util/text.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

std::string url_encode(const std::string& s) {
  char* out = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string encoded = out ? out : "";
  curl_free(out);
  return encoded;
}

struct Lookup {
  Status status;
  std::optional<Category> category;
  std::string line;
  nlohmann::ordered_json evidence;
};

HttpRequest lookup_request(const Context& ctx, const UsageLogShape& shape, const std::string& id) {
  std::string path = shape.path;
  path.replace(path.find("{request_id}"), 12, url_encode(id));
  return endpoint_request(ctx, path, shape.from_origin);
}

Lookup look_up(Context& ctx, const UsageLogShape& shape, const std::string& id) {
  HttpResponse res = ctx.http.send(lookup_request(ctx, shape, id));
  Classification c = classify(res, &ctx.profile);
  Lookup out{Status::warn, std::nullopt, "", http_evidence(res, &c)};
  out.evidence["request_id"] = id;
  auto doc = parse_untrusted_json(res.body);
  if (res.ok_transport() && res.status == 404 && !doc.is_discarded()) {  // a lookup by id: no such id
    out.line = fmt::format("{}: not in the usage logs (yet: logs may lag a minute)", id);
    return out;
  }
  if (!res.ok_transport() || res.status != 200 || doc.is_discarded()) {
    out.line = fmt::format("{}: could not read the usage log ({})", id,
                           res.ok_transport() ? describe_answer(res, c) : res.error_message);
    return out;
  }
  const nlohmann::json* found = shape.entry.empty() ? &doc : json_at::at(doc, shape.entry);
  if (!found || found->is_null() || (found->is_array() && found->empty())) {
    out.line = fmt::format("{}: not in the usage logs (yet: logs may lag a minute)", id);
    return out;
  }
  const auto& entry = *found;
  const std::string recorded = json_at::text(entry, shape.status);
  const std::string code = json_at::text(entry, shape.error_code);
  const std::string cost = json_at::text(entry, shape.cost);
  out.evidence["recorded_status"] = recorded;
  if (!code.empty()) out.evidence["recorded_error_code"] = code;
  if (!cost.empty()) out.evidence["recorded_cost"] = cost;
  if (code.empty()) {
    out.status = Status::pass;
    out.line = fmt::format("{}: found, recorded as \"{}\"{}", id, recorded,
                           cost.empty() ? "" : ", cost " + cost);
    return out;
  }
  out.status = Status::fail;
  out.category = category_for_code(code).value_or(Category::upstream_failure);
  out.line = fmt::format("{}: recorded as failed with {} ({})", id, code, id_of(*out.category));
  return out;
}

}  // namespace

// The ids given with --request-id are known before anything runs; the probes' are not.
std::vector<HttpRequest> plan_usage_log(const Context& ctx) {
  std::vector<HttpRequest> out;
  if (ctx.profile.usage_log && key_is_sendable(ctx.opts, ctx.profile))
    for (const auto& id : ctx.opts.request_ids)
      out.push_back(lookup_request(ctx, *ctx.profile.usage_log, id));
  return out;
}

Finding check_usage_log(Context& ctx) {
  std::vector<std::string> ids = ctx.opts.request_ids;
  for (const auto& id : ctx.own_request_ids)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  if (ids.empty())
    return Finding::skip("no request ids to look up: pass --request-id ID, or let the probe run");

  if (!ctx.profile.usage_log) {
    const auto now = std::chrono::system_clock::now();
    const std::string window = fmt::format("{:%Y-%m-%d %H:%M:%S} to {:%H:%M:%S} UTC",
                                           fmt::gmtime(std::chrono::system_clock::to_time_t(ctx.started)),
                                           fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
    Finding f = Finding::skip(fmt::format(
        "the {} profile has no usage-log endpoint: look up {} in the Usage Logs of {}",
        ctx.profile.name, text::join(ids, ", "),
        ctx.profile.console_url.empty() ? "the platform's console" : ctx.profile.console_url));
    f.evidence["request_ids"] = ids;
    f.evidence["probe_window_utc"] = window;
    return f;
  }
  if (!key_is_sendable(ctx.opts, ctx.profile))
    return Finding::skip("the key is missing or malformed (see config)");

  for (const auto& id : ids)  // the lookups go out together; each answer is taken in turn
    ctx.http.start(lookup_request(ctx, *ctx.profile.usage_log, id));
  std::vector<Lookup> lookups;
  for (const auto& id : ids) lookups.push_back(look_up(ctx, *ctx.profile.usage_log, id));
  auto worst = std::max_element(lookups.begin(), lookups.end(), [](const Lookup& a, const Lookup& b) {
    auto rank = [](Status s) { return s == Status::fail ? 2 : s == Status::warn ? 1 : 0; };
    return rank(a.status) < rank(b.status);
  });
  std::vector<std::string> lines;
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& l : lookups) {
    lines.push_back(l.line);
    entries.push_back(l.evidence);
  }
  Finding f;
  f.status = worst->status;
  f.category = worst->category;
  f.summary = worst->status == Status::pass ? text::join(lines, "; ") : worst->line;
  if (lookups.size() > 1 && worst->status != Status::pass)
    f.summary += fmt::format(" (and {} more id{})", lookups.size() - 1, lookups.size() > 2 ? "s" : "");
  f.evidence["lookups"] = entries;
  if (f.status == Status::fail) f.with_generic_fixes(ctx.profile);
  return f;
}

}  // namespace anlink
