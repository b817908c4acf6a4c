#include "checks/http_evidence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "checks/proxy_failure.hpp"
#include "checks/tls_interception.hpp"
#include "core/suggest.hpp"
#include "http/local_network.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

std::optional<long> clock_skew_seconds(const HttpResponse& res) {
  const std::string date = res.header("date");
  std::tm tm{};
  if (date.empty() || !::strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  const std::time_t server = ::timegm(&tm);
  // The header has whole seconds and was written before the answer arrived: judge against
  // the moment the request was sent plus its first byte.
  const std::time_t here = std::time(nullptr) - static_cast<std::time_t>(res.timings.total / 1000.0);
  return static_cast<long>(server - here);
}

nlohmann::ordered_json http_evidence(const HttpResponse& res, const Classification* c) {
  nlohmann::ordered_json e;
  e["url"] = res.url;
  if (res.status) e["http_status"] = res.status;
  if (!res.ok_transport()) {
    e["transport_error"] = std::string(to_string(res.error));
    e["curl_code"] = res.curl_code;
    e["curl_message"] = res.error_message;
    if (!res.time_limit.empty()) e["ended_by"] = res.time_limit;
  }
  if (!res.primary_ip.empty()) e["address"] = res.primary_ip;
  if (auto url = parse_url(res.url)) {
    const ProxyChoice& proxy = res.proxy;  // as the request went: a direct try has none
    if (!proxy.variable.empty())
      e["proxy"] = proxy.excluded_by.empty()
                       ? proxy.url + " (from " + proxy.variable + ")"
                       : "none: " + proxy.excluded_by + " excludes " + url->host + " from " + proxy.variable;
  }
  if (!res.content_type().empty()) e["content_type"] = res.content_type();
  if (!res.redirect_url.empty()) e["redirect_to"] = res.redirect_url;
  if (auto skew = clock_skew_seconds(res)) e["clock_skew_s"] = *skew;
  if (!res.http_version.empty()) e["http_version"] = res.http_version;
  if (!res.tls_version.empty()) e["tls_version"] = res.tls_version;
  if (res.certificate)
    e["certificate"] = {{"subject", res.certificate->subject},
                        {"issuer", res.certificate->issuer},
                        {"expires", res.certificate->expires},
                        {"days_left", res.certificate->days_left}};
  if (res.truncated) e["body_truncated_at_bytes"] = res.body.size();
  if (c) {
    if (!c->request_id.empty()) e["request_id"] = c->request_id;
    if (!c->error.code.empty()) e["error_code"] = c->error.code;
    // A 2xx answer's "type" (Messages': "message") is no error's, unless an error came with it.
    if (!c->error.type.empty() && (res.status >= 300 || !c->error.message.empty())) e["error_type"] = c->error.type;
    // A 2xx stream's first line is no error message (it reads "event: message_start").
    if (!c->error.message.empty() && (res.status >= 300 || c->error.kind == BodyKind::json))
      e["error_message"] = c->error.message;
    if (res.status >= 300) e["body_kind"] = std::string(to_string(c->error.kind));
    if (!c->retry_after.empty()) e["retry_after"] = c->retry_after;
  }
  auto round = [](double v) { return static_cast<double>(static_cast<long>(v * 10)) / 10.0; };
  e["timings_ms"] = {{"dns", round(res.timings.dns)},
                     {"connect", round(res.timings.connect)},
                     {"tls", round(res.timings.tls)},
                     {"first_byte", round(res.timings.first_byte)},
                     {"total", round(res.timings.total)}};
  return e;
}

void add_request_id_fix(Finding& f, const std::string& request_id, const std::string& console_url) {
  if (f.status != Status::fail || request_id.empty()) return;
  f.fixes.insert(f.fixes.begin(),
                 fmt::format("Look up request id {} in the Usage Logs{}", request_id,
                             console_url.empty() ? "" : " (" + console_url + ")"));
}

std::string describe_answer(const HttpResponse& res, const Classification& c) {
  std::string out = fmt::format("HTTP {}", res.status);
  if (!c.error.code.empty() && c.error.code != std::to_string(res.status)) out += " " + c.error.code;
  if (!c.error.message.empty()) out += fmt::format(": \"{}\"", text::shorten(c.error.message, 160));
  if (!c.note.empty()) out += " (" + c.note + ")";
  return out;
}

void finish_fixes(Finding& f, const Classification& c, const CheckOptions& opts, const Profile& profile) {
  if (f.status == Status::pass || f.status == Status::skip) return;
  if (f.evidence.contains("header_bytes")) return;  // oversized headers: its own fixes say it all
  std::vector<std::string> first = c.fixes;
  if (!c.missing_header.empty()) {
    // A missing header is the whole story: no key fixes, no request id to look up.
    f.fixes.insert(f.fixes.begin(), fmt::format("Send the header the gateway asks for ({}) with "
                                                "--header 'NAME: VALUE', and configure your "
                                                "client to send it with every request",
                                                c.missing_header));
    for (const auto& name : text::split(c.missing_header, ' '))
      if (name != "or") f.commands.push_back(suggest_check(opts, {{"--header", name + ": VALUE"}}));
    return;
  }
  if (c.rate_limited) {
    first.insert(first.begin(),
                 c.wait.empty()
                     ? std::string("This is a rate limit, not an empty balance: wait and retry, "
                                   "and lower the request rate")
                     : "This is a rate limit, not an empty balance: wait " + c.wait + " (" + c.wait_from +
                           ") and retry, and lower the request rate");
    std::erase_if(f.fixes, [](const std::string& fix) { return text::contains_icase(fix, "top up"); });
  }
  for (auto it = first.rbegin(); it != first.rend(); ++it)
    if (std::find(f.fixes.begin(), f.fixes.end(), *it) == f.fixes.end()) f.fixes.insert(f.fixes.begin(), *it);
  if (c.fixes_are_whole) return;
  // Not for a refusal at the door (the key, an edge): no call happened to look up.
  if (f.category != Category::access_blocked && f.category != Category::unauthorized &&
      f.category != Category::network && f.category != Category::not_found) {
    // An id the gateway wrote into its message (One API's "(request id: X)") is one its
    // logs know too: name it as well.
    if (!c.error.request_id.empty() && c.error.request_id != c.request_id)
      add_request_id_fix(f, c.error.request_id, profile.console_url);
    add_request_id_fix(f, c.request_id, profile.console_url);
  }
  f.with_generic_fixes(profile);
  // A generic fix that names models as examples ("such as A or B") never names the one
  // under test.
  const std::string& model = opts.model.value;
  for (auto& fix : f.fixes) {
    const std::size_t such = fix.find("such as ");
    if (such == std::string::npos || model.empty() || !fix.starts_with("Try a model")) continue;
    std::vector<std::string> named;
    for (auto& m : text::split(fix.substr(such + 8), ' '))
      if (m != "or" && m != model) named.push_back(m);
    fix = named.empty() ? fix.substr(0, such) + "another one"
                        : fix.substr(0, such + 8) + text::join(named, " or ");
  }
  if (c.rate_limited)
    std::erase_if(f.fixes, [](const std::string& fix) { return text::contains_icase(fix, "top up"); });
}

namespace {

// "http://proxy:3128 (from HTTPS_PROXY)", "none: ..." when NO_PROXY excludes the host, or "".
std::string proxy_name(const HttpResponse& res) {
  const ProxyChoice& p = res.proxy;
  if (p.variable.empty()) return "";
  if (!p.excluded_by.empty()) return "none";
  return p.url + " (from " + p.variable + ")";
}

}  // namespace

Finding transport_finding(const HttpResponse& res, Status status) {
  UrlError ignored;
  auto url = parse_url(res.url, &ignored);
  const std::string host = url ? url->host : res.url;
  const std::string where = url && !url->port.empty() ? host + ":" + url->port : host;
  if (!res.time_limit.empty() && res.error == TransportError::timeout) {
    // The doctor's own limit ended it: that says nothing about the server.
    Finding f = Finding::warn(std::nullopt, fmt::format("not finished: {} ended the request to {} "
                                                        "after {:.0f} ms",
                                                        res.time_limit, where, res.timings.total));
    f.fixes = {"Give it more time and check again: --max-time SECONDS for the whole run, "
               "--timeout SECONDS for each request (a check gets twice that)"};
    f.evidence = http_evidence(res);
    return f;
  }
  if (auto by_proxy = proxy_failure(res, status)) return *by_proxy;
  if (auto cert = untrusted_certificate(res, status)) return *cert;
  const std::string scheme = url ? url->scheme : "";
  std::string summary;
  std::vector<std::string> fixes;
  const std::string proxy = proxy_name(res);
  const bool via_proxy = !proxy.empty() && proxy.rfind("none", 0) != 0;
  const bool proxy_unreachable =
      via_proxy && (res.error == TransportError::refused || res.error == TransportError::connect_timeout);
  switch (proxy_unreachable ? TransportError::proxy : res.error) {
    case TransportError::dns: {
      summary = fmt::format("the host \"{}\" does not resolve (DNS)", host);
      const LocalNetwork net = via_proxy ? LocalNetwork{true, true} : read_local_network();
      if (!net.default_route) {
        summary += ": this machine has no network route beyond itself";
        fixes = {"Connect this machine to a network: it has no default route (see `ip route`), so "
                 "no name outside it can be looked up",
                 "If the way out is a proxy, set HTTPS_PROXY=http://host:port"};
      } else if (!net.nameserver) {
        summary += ": this machine has no DNS resolver";
        fixes = {"Configure a resolver: /etc/resolv.conf names no nameserver (set one there, or "
                 "in your network manager's DNS settings)",
                 "Check the spelling of the host in the base URL"};
      } else {
        fixes = {"Check the spelling of the host in the base URL",
                 "If you are on a VPN or a private network, check that its DNS can see the host"};
      }
      break;
    }
    case TransportError::refused:
      summary = fmt::format("nothing accepts connections at {} (connection refused)", where);
      fixes = {"Check the port in the base URL, and that the service runs there",
               "If you need a proxy to reach the internet, set HTTPS_PROXY"};
      break;
    case TransportError::connect_timeout:
      summary = fmt::format("no connection to {} within the connect limit", where);
      fixes = {"A firewall may drop the traffic: check whether a proxy is needed (HTTPS_PROXY)",
               "Check that the host and port in the base URL are right"};
      break;
    case TransportError::timeout:
      summary = fmt::format("{} accepted the connection but sent no complete answer in time", where);
      fixes = {"Raise the limit with --timeout SECONDS if the service is slow",
               "If it never answers, the port may belong to another service"};
      break;
    case TransportError::tls_untrusted:
      summary = fmt::format("the TLS certificate of {} is not trusted ({})", host, res.error_message);
      fixes = {"If a company proxy or a private CA signs it, pass that CA with --cacert PATH "
               "(or SSL_CERT_FILE)",
               "Update the system's CA certificates (the ca-certificates package)"};
      break;
    case TransportError::tls_hostname:
      summary = fmt::format("the TLS certificate is not issued for \"{}\"", host);
      fixes = {"Use the host name the certificate names (check the base URL for a typo or an IP "
               "address)"};
      break;
    case TransportError::tls_expired:
      summary = fmt::format("the TLS certificate of {} has expired or is not yet valid", host);
      fixes = {"Check this machine's clock (date -u)",
               "If the clock is right, the server's certificate must be renewed by its operator"};
      break;
    case TransportError::tls_handshake:
      if (text::contains_icase(res.error_message, "wrong version number")) {
        summary = fmt::format("{} does not speak TLS (https:// against a plain HTTP port)", where);
        fixes = {"Use http:// for this host and port, or the port that serves https://"};
      } else {
        summary = fmt::format("the TLS handshake with {} failed ({})", where, res.error_message);
        fixes = {"Check that the port serves HTTPS, and any proxy in between"};
      }
      break;
    case TransportError::no_http_answer:
      summary = fmt::format("{} closed the connection without an HTTP answer", where);
      if (scheme == "http")
        fixes = {"The port may expect TLS: try https:// in the base URL"};
      else
        fixes = {"Check that the port serves the API"};
      break;
    case TransportError::broken_transfer:
      summary = fmt::format("the answer from {} broke off before its end", where);
      fixes = {"Retry once; if it keeps happening, the service or a proxy drops connections"};
      break;
    case TransportError::stream_reset:
      summary = fmt::format("{} reset the HTTP/2 stream before the answer's end ({})", where, res.error_message);
      fixes = {"A proxy in front (its stream or idle timeout) or the server ended the stream: "
               "check their limits and logs; HTTP/1.1 clients may not see this reset"};
      break;
    case TransportError::proxy:
      summary = proxy_unreachable ? fmt::format("could not connect to the proxy {}: {}", proxy, res.error_message)
                                  : fmt::format("the proxy {} failed: {}", proxy, res.error_message);
      fixes = {text::contains_icase(res.error_message, "407")
                   ? "The proxy wants credentials: put them in the proxy URL (http://user:password@host:port)"
                   : "Check the proxy's host and port, that it runs, and that it allows CONNECT to this host",
               "If this host should be reached directly, add it to NO_PROXY"};
      break;
    case TransportError::headers_too_large:
      summary = fmt::format("{} sent {}; the doctor stopped reading", where, res.error_message);
      fixes = {"An API answers with a few headers: check that the base URL points at the API, "
               "not at a web application or a proxy that piles up cookies or redirects"};
      break;
    case TransportError::other:
    case TransportError::none:
      summary = fmt::format("the request to {} failed ({})", where, res.error_message);
      break;
  }
  Finding f = status == Status::fail ? Finding::fail(Category::network, summary)
                                     : Finding::warn(Category::network, summary);
  f.fixes = std::move(fixes);
  f.evidence = http_evidence(res);
  return f;
}

std::optional<Finding> header_overflow(const HttpResponse& res) {
  if (res.header_bytes <= kNodeHeaderLimit) return std::nullopt;
  Finding f = Finding::fail(
      Category::network,
      fmt::format("the answer's headers are {} bytes: Node's HTTP client (the OpenAI Node SDK, "
                  "fetch) refuses more than {} and reports \"Connection error.\" "
                  "(UND_ERR_HEADERS_OVERFLOW), so Node apps fail every call",
                  res.header_bytes, kNodeHeaderLimit));
  f.fixes = {"Find what adds the headers (cookies a proxy or load balancer piles up, debug or "
             "tracing headers) and remove it: an API answers with about 1 KiB of headers",
             "Until then, Node apps can raise their limit: NODE_OPTIONS=--max-http-header-size=65536"};
  f.evidence = http_evidence(res);
  f.evidence["header_bytes"] = res.header_bytes;
  return f;
}

std::string longer_timeout(const CheckOptions& opts) {
  const double now = std::chrono::duration<double>(opts.timeout).count();
  return fmt::format("{}", static_cast<long>(std::clamp(std::ceil(now * 3), 60.0, 3600.0)));
}

}  // namespace anlink
