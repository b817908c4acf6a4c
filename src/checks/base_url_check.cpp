// base_url: the API's route, as its clients call it, answers as that API. Sends no key.
#include <fmt/format.h>
#include <netdb.h>

#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "checks/proxy_clients.hpp"
#include "checks/proxy_failure.hpp"
#include "checks/redirect_note.hpp"
#include "checks/route_missing.hpp"
#include "checks/tls_interception.hpp"
#include "core/route.hpp"
#include "core/suggest.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "util/input_file.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::string_view kChatRoute = "/chat/completions";
constexpr long kMaxClockSkew = 5 * 60;  // seconds; beyond it certificates and signed links break
constexpr long kCertificateWarnDays = 14;
// Where the base URL ends, said for the selected gateway and API.
std::string path_fix(const Profile& p, const ApiDef& api) {
  if (api.id != chat_api().id)
    return fmt::format("The {} route is {}: the base URL ends where the API's routes begin (often /v1){}", api.id,
                       api.route, api.route.starts_with("{root}") ? ", and {root} is the base less that /v1" : "");
  const std::string route = p.chat_path.empty() ? "/chat/completions" : p.chat_path;
  if (p.api_prefix.empty())
    return fmt::format("The chat route is {{base}}{}: the base URL ends where the API's routes "
                       "begin (often /v1), not in {}", route, route);
  return fmt::format("The chat route is {{base}}{}: the base URL ends in the API prefix ({} for "
                     "{}), not in {}", route, p.api_prefix, p.name, route);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

HttpRequest keyless(const std::string& url) { return {"POST", url, {"Content-Type: application/json"}, "{}"}; }

HttpResponse post_without_key(HttpClient& http, const std::string& url) { return http.send(keyless(url)); }

bool answers_as_api(const HttpResponse& res) {
  if (!res.ok_transport() || route_missing(res) || (res.status >= 300 && res.status < 400))
    return false;
  return parse_error_body(res.content_type(), res.body).kind == BodyKind::json;
}

// The mistakes people make most with a base URL, seen in its path alone.
std::vector<std::string> path_mistakes(const Url& url, const Profile& profile) {
  std::vector<std::string> out;
  if (ends_with(url.path, kChatRoute))
    out.push_back(fmt::format("the base URL already ends in {}, so clients call "
                              "{}{}",
                              kChatRoute, url.path, kChatRoute));
  const std::string& prefix = profile.api_prefix;
  if (!prefix.empty() && url.path.find(prefix + prefix) != std::string::npos)
    out.push_back(fmt::format("the base URL has the prefix {} twice", prefix));
  else if (url.path.find("/v1/v1") != std::string::npos)
    out.push_back("the base URL has the prefix /v1 twice");
  return out;
}

// Base URLs that would fix the mistakes above or a missing prefix, most likely first.
std::vector<std::string> candidate_bases(const Url& url, const Profile& profile,
                                         const std::string& redirect_to) {
  std::vector<std::string> out;
  auto add = [&](Url u) {
    while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
    std::string s = u.str();
    if (s != url.str() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  if (!redirect_to.empty()) {
    UrlError e;
    if (auto r = parse_url(redirect_to, &e)) {
      if (ends_with(r->path, kChatRoute)) r->path.resize(r->path.size() - kChatRoute.size());
      add(*r);
    }
  }
  Url u = url;
  while (ends_with(u.path, kChatRoute)) u.path.resize(u.path.size() - kChatRoute.size());
  const std::string& prefix = profile.api_prefix;
  for (const std::string& once : {prefix, std::string("/v1")}) {
    if (once.empty()) continue;
    for (auto pos = u.path.find(once + once); pos != std::string::npos; pos = u.path.find(once + once))
      u.path.erase(pos, once.size());
  }
  add(u);
  const std::string wanted = prefix.empty() ? "/v1" : prefix;  // generic gateways: mostly /v1
  if (!ends_with(u.path, wanted)) {
    Url with = u;
    if (ends_with(with.path, "/v1")) with.path.resize(with.path.size() - 3);
    with.path += wanted;
    add(with);
  }
  return out;
}

// Tries each candidate (without the key) and returns the first whose route of the API answers.
std::string confirm_candidate(const Context& ctx, const std::vector<std::string>& candidates) {
  for (std::size_t i = 0; i < candidates.size() && i < 3; ++i)
    if (answers_as_api(post_without_key(ctx.http, ctx.api->url(ctx.profile, candidates[i], ctx.opts.model.value))))
      return candidates[i];
  return "";
}

void add_base_url_fix(const Context& ctx, Finding& f, const std::string& better, bool confirmed) {
  const CheckOptions& o = ctx.opts;
  const std::string clients = ctx.api->id == chat_api().id ? "" : " (for its clients: " + ctx.api->client_setting(better) + ")";
  f.fixes.insert(f.fixes.begin(),
                 confirmed ? fmt::format("Use the base URL {}: its {} route answers as the API{}",
                                         better, ctx.api->id, clients)
                           : fmt::format("Try the base URL {}{}", better, clients));
  f.commands.push_back(suggest_check(o, {{"--base-url", better}}));
  f.evidence["suggested_base_url"] = better;
  f.evidence["suggestion_confirmed"] = confirmed;
}

// After a transport failure on http:// or https://, see whether the other scheme answers.
void try_other_scheme(Context& ctx, const Url& url, const HttpResponse& res, Finding& f) {
  const bool plain_to_tls = url.scheme == "http" && res.error == TransportError::no_http_answer;
  const bool tls_to_plain = url.scheme == "https" && res.error == TransportError::tls_handshake &&
                            text::contains_icase(res.error_message, "wrong version number");
  // Through a proxy the failure may be the proxy's own (its TLS, its answer): the base URL's
  // scheme is not the question then.
  if ((!plain_to_tls && !tls_to_plain) || f.category != Category::network ||
      (res.via_proxy() && res.connect_status != 200))
    return;
  Url other = url;
  other.scheme = plain_to_tls ? "https" : "http";
  HttpResponse alt = post_without_key(ctx.http, ctx.api->url(ctx.profile, other.str(), ctx.opts.model.value));
  if (alt.status != 0 || alt.error == TransportError::tls_untrusted ||
      alt.error == TransportError::tls_hostname || alt.error == TransportError::tls_expired) {
    f.summary += plain_to_tls ? "; the port speaks TLS" : "; the port speaks plain HTTP";
    add_base_url_fix(ctx, f, other.str(), alt.status != 0);
  }
}

Finding not_the_api(const HttpResponse& res, const Classification& c, const Profile& profile, const ApiDef& api) {
  const std::string route = "the " + std::string(api.id) + " route";  // "the chat route"
  const std::string ct = res.content_type().empty() ? "no content type" : res.content_type();
  // Something in front of the API answered (a challenge page, an edge's own 52x): name it.
  if (c.category == Category::access_blocked || (!c.note.empty() && c.category))
    return Finding::fail(*c.category, route + " answers " + describe_answer(res, c));
  if (res.status >= 300 && res.status < 400) {
    auto from = parse_url(res.url), to = parse_url(res.redirect_url);
    const bool upgrade = from && to && from->scheme == "http" && to->scheme == "https" &&
                         text::lower(from->host) == text::lower(to->host);
    Finding f = Finding::fail(
        Category::not_found,
        fmt::format("{} redirects (HTTP {}) to {}{}; {}", route, res.status,
                    res.redirect_url.empty() ? "an unnamed location" : res.redirect_url,
                    upgrade ? ": the server upgrades http:// to https://" : "",
                    clients_on_redirect(res.status, res.url, res.redirect_url, profile.auth.header)));
    f.fixes.push_back("Use the final address as the base URL: a call should not depend on a redirect "
                      "(nor carry its key to another host)");
    return f;
  }
  if (c.error.kind == BodyKind::html && res.status >= 500)
    return Finding::fail(Category::upstream_failure,
                         fmt::format("the server answered HTTP {} with a web page ({}): the "
                                     "service behind it may be down",
                                     res.status, c.error.message.empty() ? ct : c.error.message));
  if (c.error.kind == BodyKind::html)
    return Finding::fail(Category::not_found,
                         fmt::format("{} answers with a web page (HTTP {}, {}), not "
                                     "as the API",
                                     route, res.status, ct));
  if (res.status == 404)
    return Finding::fail(Category::not_found, fmt::format("{} does not exist (HTTP 404)", res.url));
  return Finding::fail(Category::not_found,
                       fmt::format("{} answers HTTP {} with {} content, not the "
                                   "API's JSON",
                                   route, res.status, ct));
}

// 0 when the host resolves, else getaddrinfo's error.
int resolve_only(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (found) ::freeaddrinfo(found);
  return rc == EAI_NONAME || rc == EAI_AGAIN || rc == EAI_FAIL || rc == EAI_NODATA ? rc : 0;
}

// A base URL that ends in '/': the doctor joins it cleanly, but many clients append
// "/chat/completions" as is. Asked once, without the key: does the double slash answer too?
std::optional<Finding> trailing_slash_finding(Context& ctx, const Url& url) {
  if (ctx.api != &chat_api()) return std::nullopt;  // the others' clients strip it (Anthropic's root)
  const std::string given = text::trim(ctx.opts.base_url.value);
  if (given.empty() || given.back() != '/' || url.path.find_first_not_of('/') == std::string::npos)
    return std::nullopt;  // no '/' at the end, or the origin alone ("https://host/")
  const std::string naive = given + chat_route(ctx.profile, given, ctx.opts.model.value);
  HttpResponse res = post_without_key(ctx.http, naive);
  if (answers_as_api(res)) return std::nullopt;
  Finding f = Finding::warn(
      Category::not_found,
      fmt::format("the base URL ends in '/': clients that append {} call {}, which {}", kChatRoute,
                  naive, res.status ? fmt::format("answers HTTP {}", res.status) : std::string("fails")));
  std::string trimmed = given;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  add_base_url_fix(ctx, f, trimmed, true);
  return f;
}

}  // namespace

// The run's first API sends its route's request itself (the first the run makes); a later
// API's goes out with everything else once the host resolved.
std::vector<HttpRequest> plan_base_url(const Context& ctx) {
  if (ctx.opts.apis.empty() || ctx.api == ctx.opts.apis.front() || insecure_without_consent(ctx.opts)) return {};
  return {keyless(ctx.url)};
}

Finding check_base_url(Context& ctx) {
  UrlError err;
  auto url = parse_url(ctx.opts.base_url.value, &err);
  if (!url || (url->scheme != "http" && url->scheme != "https"))
    return Finding::fail(Category::config,
                         fmt::format("the base URL \"{}\" {}", ctx.opts.base_url.value,
                                     url ? "is not http:// or https://" : err.reason));

  if (insecure_without_consent(ctx.opts))
    return Finding::fail(Category::config, "not checked: plain http:// to another machine (see "
                                           "config); nothing was sent");

  for (const auto& web : ctx.profile.web_hosts) {
    if (text::lower(url->host) != web) continue;
    // A name that does not resolve is the first problem, whatever else is wrong. Asked of
    // the resolver alone: nothing goes to a console host, and no keyed request follows.
    if (int rc = resolve_only(url->host); rc != 0) {
      HttpResponse res;
      res.url = ctx.url;
      res.error = TransportError::dns;
      res.error_message = ::gai_strerror(rc);
      return transport_finding(res, Status::fail);
    }
    Finding f = Finding::fail(Category::not_found,
                              fmt::format("\"{}\" serves the web console and docs, not the API",
                                          url->host));
    add_base_url_fix(ctx, f, ctx.profile.base_url, false);
    f.evidence["url"] = ctx.url;
    return f;
  }

  const auto mistakes = path_mistakes(*url, ctx.profile);
  // Through a proxy, the same request directly as well, as clients that ignore the proxy
  // variables send it; started first, so both go out together.
  const ProxyChoice proxy = proxy_for(*url);
  const bool proxied = !proxy.variable.empty() && proxy.excluded_by.empty();
  const HttpRequest direct = direct_request({"POST", ctx.url, {"Content-Type: application/json"}, "{}"});
  if (proxied) ctx.http.start(direct);
  HttpResponse res = post_without_key(ctx.http, ctx.url);
  if (!res.ok_transport()) {
    Finding f = transport_finding(res, Status::fail);
    try_other_scheme(ctx, *url, res, f);
    return f;
  }
  Classification c = classify(res, &ctx.profile);
  if (res.truncated) {
    // More than the doctor reads (a compression bomb decompresses past it): that is the
    // doctor's cap, not a sign of a wrong path.
    Finding f = Finding::warn(std::nullopt,
                              fmt::format("{} answered HTTP {} with more than {} (after "
                                          "decompression), the doctor's own cap; it stopped reading",
                                          ctx.url, res.status, describe_size(res.body.size())));
    f.fixes = {"An API answers a request without a key in a few hundred bytes: check that the base "
               "URL points at the API, and not at a file server or a proxy that misbehaves"};
    f.evidence = http_evidence(res, &c);
    return f;
  }
  if (answers_as_api(res)) {
    Finding f = Finding::pass(fmt::format("{} answers as the API (HTTP {} without a key, {:.0f} ms){}",
                                          ctx.url, res.status, res.timings.total,
                                          ctx.api->id == chat_api().id ? ""
                                              : "; its clients take " + ctx.api->client_setting(ctx.opts.base_url.value)));
    if (res.status >= 500) {
      f = Finding::warn(Category::upstream_failure,
                        fmt::format("the {} route answers as the API, but with {}", ctx.api->id,
                                    describe_answer(res, c)));
    } else if (auto only_proxy = proxied ? direct_route_finding(res, ctx.http.send(direct)) : std::nullopt) {
      f = std::move(*only_proxy);
    } else if (auto resigned = trusted_interception(res)) {
      f = std::move(*resigned);
    } else if (!mistakes.empty()) {
      f = Finding::warn(Category::not_found,
                        mistakes.front() + ", yet that URL answers as the API");
    } else if (auto slash = trailing_slash_finding(ctx, *url)) {
      f = std::move(*slash);
    } else if (res.certificate && res.certificate->days_left < kCertificateWarnDays) {
      f = Finding::warn(std::nullopt,
                        fmt::format("the {} route answers as the API, but its TLS certificate "
                                    "expires in {} days ({})",
                                    ctx.api->id, res.certificate->days_left, res.certificate->expires));
      f.fixes = {"Tell the gateway's operator: once it expires, every client will refuse it"};
    } else if (auto skew = clock_skew_seconds(res); skew && std::abs(*skew) > kMaxClockSkew) {
      f = Finding::warn(std::nullopt,
                        fmt::format("the {} route answers as the API, but this machine's clock is "
                                    "{} min {} the server's: certificate checks and signed links can fail",
                                    ctx.api->id, (std::abs(*skew) + 30) / 60,  // the nearest minute: a Date in whole seconds reads 599 for 600
                                    *skew > 0 ? "behind" : "ahead of"));
      f.fixes = {"Synchronise the clock (timedatectl set-ntp true, or your platform's time service)"};
    }
    auto own = std::move(f.evidence);  // what a finding above recorded (a suggested base URL)
    f.evidence = http_evidence(res, &c);
    for (auto& [k, v] : own.items()) f.evidence[k] = v;
    return f;
  }

  if (res.status == 407) {
    Finding f = proxy_auth_finding(res, Status::fail);
    f.evidence = http_evidence(res, &c);
    return f;
  }
  Finding f = not_the_api(res, c, ctx.profile, *ctx.api);
  if (!mistakes.empty()) f.summary = fmt::format("{} (HTTP {})", mistakes.front(), res.status);
  f.evidence = http_evidence(res, &c);
  if (f.category != Category::not_found) {
    finish_fixes(f, c, ctx.opts, ctx.profile);
    return f;
  }
  f.fixes.insert(f.fixes.begin(), c.fixes.begin(), c.fixes.end());  // the answer's own first
  auto candidates = candidate_bases(*url, ctx.profile, res.redirect_url);
  const std::string confirmed = candidates.empty() ? "" : confirm_candidate(ctx, candidates);
  // No other base serves this API, but this one serves another: the route is what is missing.
  if (confirmed.empty() && mistakes.empty() && route_missing(res))
    if (auto unsupported = unsupported_api(ctx, res, c, false)) return std::move(*unsupported);
  if (!candidates.empty())
    add_base_url_fix(ctx, f, confirmed.empty() ? candidates.front() : confirmed, !confirmed.empty());
  f.fixes.push_back(path_fix(ctx.profile, *ctx.api));
  return f;
}

}  // namespace anlink
