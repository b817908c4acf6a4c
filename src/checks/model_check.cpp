// model: the model code is in the catalog exactly, and its status is active.
#include <fmt/format.h>

#include <algorithm>

#include "checks/check.hpp"
#include "checks/endpoint.hpp"
#include "checks/http_evidence.hpp"
#include "core/route.hpp"
#include "core/suggest.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

std::string quoted_list(const std::vector<std::string>& codes) {
  std::vector<std::string> q;
  for (const auto& c : codes) q.push_back("\"" + c + "\"");
  return text::join(q, ", ");
}

// How many alternatives a finding names, and how many candidates are looked at for them.
constexpr std::size_t kShown = 3, kLooked = 16;

// Model ids come from the server: only plausible ones are suggested, each quoted for the shell.
void suggest(const CheckOptions& o, Finding& f, std::vector<std::string> codes, std::string_view lead) {
  std::erase_if(codes, [](const std::string& c) { return !plausible_model_id(c); });
  if (codes.size() > kShown) codes.resize(kShown);
  if (codes.empty()) return;
  f.fixes.insert(f.fixes.begin(), fmt::format("{} {}", lead, quoted_list(codes)));
  for (const auto& c : codes) f.commands.push_back(suggest_check(o, {{"--model", c}}));
  f.evidence["suggestions"] = codes;
}

Finding unreadable(std::string why, nlohmann::ordered_json evidence) {
  Finding f = Finding::warn(std::nullopt, "could not check the model: " + why);
  f.fixes.push_back("Check the model code against the model catalog page by hand");
  f.evidence = std::move(evidence);
  return f;
}

// The API's own listing (Anthropic's {root}/v1/models), asked as its clients ask it.
HttpRequest listing_request(const Context& ctx) {
  HttpRequest req = call_request(ctx.call_target(), "", false);
  req.method = "GET";
  req.url = messages_url(ctx.profile, ctx.opts.base_url.value, ctx.api->models_route);
  return req;
}

// The model in the API's own listing, which has no status: a pass naming it; nullopt when
// the API has none, or it cannot be read, or it does not list the model.
std::optional<Finding> listed_by_api(Context& ctx) {
  if (ctx.api->models_route.empty()) return std::nullopt;
  const HttpResponse res = ctx.http.send(listing_request(ctx));
  if (!res.ok_transport() || res.status != 200 || res.truncated) return std::nullopt;
  CatalogShape shape;
  shape.list = "/data";
  shape.id = "/id";
  shape.status.clear();
  std::string why;
  auto listing = parse_catalog(res.body, shape, &why);
  if (!listing || !listing->find(ctx.opts.model.value)) return std::nullopt;
  Finding f = Finding::pass(fmt::format("\"{}\" is in {} ({} models; it reports no status)", ctx.opts.model.value,
                                        res.url, listing->entries.size()));
  f.evidence = http_evidence(res);
  f.evidence["catalog_size"] = listing->entries.size();
  return f;
}

}  // namespace

std::vector<HttpRequest> plan_model(const Context& ctx) {
  if (!ctx.profile.catalog) return ctx.api->models_route.empty() ? std::vector<HttpRequest>{}
                                                                  : std::vector<HttpRequest>{listing_request(ctx)};
  return {endpoint_request(ctx, ctx.profile.catalog->path)};
}

Finding check_model(Context& ctx) {
  if (!ctx.profile.catalog) {
    if (auto listed = listed_by_api(ctx)) return std::move(*listed);
    return Finding::skip(fmt::format("the {} profile names no catalog route", ctx.profile.name));
  }
  const CatalogShape& shape = *ctx.profile.catalog;
  const std::string& code = ctx.opts.model.value;
  if (!ctx.catalog_answer)  // another model of this run may have read it already
    ctx.catalog_answer = std::make_shared<const HttpResponse>(get_endpoint(ctx, shape.path));
  const HttpResponse& res = *ctx.catalog_answer;
  const std::string& url = res.url;
  if (!res.ok_transport()) return unreadable_endpoint(res, "catalog");
  Classification c = classify(res, &ctx.profile);
  auto evidence = http_evidence(res, &c);
  if (res.status != 200)
    return listed_by_api(ctx).value_or(
        unreadable(fmt::format("the catalog at {} answered {}", url, describe_answer(res, c)), evidence));
  if (res.truncated)
    return unreadable(fmt::format("the catalog is larger than {} bytes", res.body.size()), evidence);
  std::string why;
  auto catalog = parse_catalog(res.body, shape, &why);
  if (!catalog)
    if (auto listed = listed_by_api(ctx)) return std::move(*listed);
  if (!catalog)
    return unreadable(fmt::format("the catalog at {} is unreadable: {}", url,
                                  c.error.kind == BodyKind::html ? "it is a web page" : why),
                      evidence);
  evidence["catalog_shape"] = catalog->shape;
  evidence["catalog_size"] = catalog->entries.size();
  ctx.catalog = catalog;

  const CatalogEntry* entry = catalog->find(code);
  if (!entry && ctx.opts.probe) {
    // Gateways serve models they do not list (aliases, routed names): the probe's answer,
    // if it came, is the better evidence of what a client gets.
    const ProbeResult& p = ensure_probe(ctx);
    const HttpResponse& pr = p.call.response;
    if (p.sent && !p.replayed && pr.ok_transport() && pr.status >= 200 && pr.status < 300 &&
        !p.call.classification.category && read_answer(*ctx.api, pr.body).is_answer) {
      Finding f = Finding::warn(std::nullopt,
                                fmt::format("\"{}\" is not in the catalog ({} models), but a "
                                            "completion with it succeeded: the gateway serves it "
                                            "without listing it",
                                            code, catalog->entries.size()));
      f.fixes = {"Nothing to do for calls; tools that pick models from /models will not offer it"};
      f.evidence = evidence;
      f.evidence["probe_status"] = pr.status;
      return f;
    }
  }
  if (!entry)
    if (auto listed = listed_by_api(ctx)) return std::move(*listed);
  if (!entry) {
    Finding f = Finding::fail(Category::not_found,
                              fmt::format("\"{}\" is not in the catalog ({} models)", code,
                                          catalog->entries.size()));
    f.evidence = evidence;
    // Without the probe, a served but unlisted model looks the same: watch's free runs keep
    // the last paid run's verdict.
    if (!ctx.opts.probe) f.evidence["undecided_without_probe"] = true;
    auto close = suggest_codes(*catalog, code, shape, false, kLooked);
    std::erase_if(close, [](const std::string& id) { return !plausible_model_id(id); });
    if (close.size() > kShown) close.resize(kShown);
    if (!close.empty()) {
      f.summary += fmt::format("; did you mean {}?", quoted_list(close));
      suggest(ctx.opts, f, close, "Use the exact code");
    } else {
      suggest(ctx.opts, f, active_codes(*catalog, shape, code, kLooked), "Active models include");
    }
    f.fixes.push_back("Copy the model code exactly as the model catalog lists it");
    return f;
  }
  evidence["model_status"] = entry->status.empty() ? "not reported" : entry->status;
  if (!entry->input_price_per_1k.empty()) {
    evidence["input_price_per_1k"] = entry->input_price_per_1k;
    evidence["output_price_per_1k"] = entry->output_price_per_1k;
  }
  if (!is_active(*entry, shape)) {
    Finding f = Finding::fail(Category::model_disabled,
                              fmt::format("\"{}\" is in the catalog, but its status is \"{}\"",
                                          code, entry->status));
    f.evidence = evidence;
    std::vector<std::string> alternatives = suggest_codes(*catalog, code, shape, true, kLooked);
    for (auto& other : active_codes(*catalog, shape, code, kLooked))
      if (std::find(alternatives.begin(), alternatives.end(), other) == alternatives.end())
        alternatives.push_back(other);
    suggest(ctx.opts, f, alternatives, "Switch to an active model:");
    f.with_generic_fixes(ctx.profile);
    if (f.evidence.contains("suggestions"))  // the generic "switch" says less than the named ones
      std::erase_if(f.fixes, [](const std::string& s) { return s.starts_with("Switch to an active model for"); });
    return f;
  }
  Finding f = Finding::pass(
      entry->status.empty()
          ? fmt::format("\"{}\" is in the catalog (which reports no status)", code)
          : fmt::format("\"{}\" is in the catalog and {}", code, entry->status));
  f.evidence = evidence;
  return f;
}

}  // namespace anlink
