#include "checks/tls_interception.hpp"

#include <fmt/format.h>

#include <string_view>

#include "checks/http_evidence.hpp"
#include "classify/proxy_answer.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Words in the issuer of CAs that TLS-inspecting proxies, firewalls, antivirus and debugging
// proxies sign with.
constexpr std::string_view kInterceptors[] = {
    "mitmproxy", "zscaler", "fortinet", "fortigate", "palo alto", "netskope", "blue coat", "bluecoat",
    "proxysg", "sophos", "kaspersky", "avast", "eset ssl", "bitdefender", "umbrella", "forcepoint",
    "websense", "barracuda", "check point", "checkpoint", "mcafee web gateway", "skyhigh", "charles proxy",
    "fiddler", "portswigger", "burp", "proxyman", "untangle", "iboss", "menlo security", "cato networks",
    "lightspeed", "securly", "contentkeeper", "smoothwall", "squid", "tls inspection", "ssl inspection",
    "interception", "decrypt"};

// The readable part of an OpenSSL one-line name: its CN and O ("mitmproxy, O = mitmproxy").
std::string issuer_of(const HttpResponse& res) {
  return res.certificate ? text::shorten(text::one_line(res.certificate->issuer), 120) : "";
}

}  // namespace

bool intercepting_issuer(const HttpResponse& res) {
  const std::string issuer = text::lower(issuer_of(res));
  if (issuer.empty()) return false;
  for (auto word : kInterceptors)
    if (issuer.find(word) != std::string::npos) return true;
  return false;
}

std::optional<Finding> trusted_interception(const HttpResponse& res) {
  if (!res.certificate || !intercepting_issuer(res)) return std::nullopt;
  Finding f = Finding::warn(
      Category::network,
      fmt::format("the chat route answers as the API, but its TLS certificate is re-signed on the path by "
                  "\"{}\" (TLS interception{}): the doctor trusts that CA ({}), clients with their own CA "
                  "list do not, and fail where the doctor passes",
                  issuer_of(res), res.via_proxy() ? ", the proxy " + proxy_phrase(res) : "",
                  res.ca_file.empty() ? "the system's store" : "--cacert " + res.ca_file));
  f.fixes = {"Give your client that CA: Node (the OpenAI Node SDK) NODE_EXTRA_CA_CERTS=PATH (Node ignores "
             "the system store); Python requests REQUESTS_CA_BUNDLE=PATH; httpx (the OpenAI Python SDK) "
             "SSL_CERT_FILE=PATH",
             "Or have whoever runs the interception exempt the gateway's host from TLS inspection"};
  f.evidence["tls_interception"] = true;
  return f;
}

std::optional<Finding> untrusted_certificate(const HttpResponse& res, Status status) {
  if (res.error != TransportError::tls_untrusted) return std::nullopt;
  auto url = parse_url(res.url);
  const std::string host = url ? url->host : res.url;
  const std::string issuer = issuer_of(res);
  const bool self_signed = res.certificate && !issuer.empty() && res.certificate->subject == res.certificate->issuer;
  const bool known = intercepting_issuer(res);
  const bool tunnelled = res.via_proxy() && !(res.proxy.url.rfind("socks", 0) == 0);
  std::string summary;
  std::vector<std::string> fixes;
  if (!issuer.empty() && !self_signed && (known || res.via_proxy())) {
    summary = fmt::format("the TLS certificate presented for {} is issued by \"{}\", which this machine "
                          "does not trust: something between you and the gateway{} re-signs the traffic "
                          "(TLS interception){}",
                          host, issuer, res.via_proxy() ? " (the proxy " + proxy_phrase(res) + ")" : "",
                          known ? "" : ", unless that is the gateway's own private CA");
    const bool mitm = text::contains_icase(issuer, "mitmproxy");
    fixes = {fmt::format("{} --cacert PATH{}",
                         res.ca_file.empty() ? "Pass the CA that signs it to the doctor:"
                                             : "The CA bundle given (" + res.ca_file + ") does not sign it: pass the one that does with",
                         mitm ? " (mitmproxy's: ~/.mitmproxy/mitmproxy-ca-cert.pem, or mitmproxy-ca-cert.pem in its confdir)"
                              : " (the CA certificate your network's administrator publishes for the proxy)"),
             "Your client needs it too, each in its own way: Node (the OpenAI Node SDK) "
             "NODE_EXTRA_CA_CERTS=PATH; Python requests REQUESTS_CA_BUNDLE=PATH; httpx (the OpenAI "
             "Python SDK) and OpenSSL-based clients SSL_CERT_FILE=PATH; curl --cacert PATH",
             tunnelled || known ? "Or have the proxy's administrator exempt the gateway's host from TLS inspection"
                                : "Or reach the gateway on a path that does not inspect TLS"};
  } else if (!issuer.empty()) {
    summary = fmt::format("the TLS certificate of {} is not trusted: {} \"{}\" ({})", host,
                          self_signed ? "it is self-signed by" : "it is issued by", issuer, res.error_message);
    fixes = {"If a private CA signs it, pass that CA with --cacert PATH (or SSL_CERT_FILE)",
             "Update the system's CA certificates (the ca-certificates package)"};
  } else {
    return std::nullopt;
  }
  Finding f = status == Status::fail ? Finding::fail(Category::network, summary) : Finding::warn(Category::network, summary);
  f.fixes = std::move(fixes);
  f.evidence = http_evidence(res);
  if (!summary.empty() && (known || res.via_proxy()) && !self_signed) f.evidence["tls_interception"] = true;
  return f;
}

}  // namespace anlink
