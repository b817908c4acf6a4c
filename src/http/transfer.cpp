#include "http/transfer.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <ctime>

#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

namespace {

// The TLS version, read while the session is certainly alive: at the status line.
std::string tls_version(CURL* c) {
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
      info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
    return "";
  return SSL_get_version(static_cast<SSL*>(info->internals));
}

long days_left(const std::string& expires) {
  std::tm tm{};
  if (expires.empty() || !::strptime(expires.c_str(), "%b %d %H:%M:%S %Y GMT", &tm)) return 0;
  return static_cast<long>(std::floor(std::difftime(::timegm(&tm), std::time(nullptr)) / 86400.0));
}

std::optional<HttpResponse::Certificate> certificate(CURL* c) {
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &info) != CURLE_OK || !info || info->num_of_certs < 1)
    return std::nullopt;
  HttpResponse::Certificate cert;
  for (curl_slist* field = info->certinfo[0]; field; field = field->next) {
    std::string_view f(field->data);
    auto take = [&](std::string_view name, std::string& into) {
      if (f.rfind(name, 0) == 0) into = std::string(f.substr(name.size()));
    };
    take("Subject:", cert.subject);
    take("Issuer:", cert.issuer);
    take("Expire date:", cert.expires);
  }
  cert.days_left = days_left(cert.expires);
  return cert;
}

// A certificate's name or time as curl's CERTINFO prints it ("CN = mitmproxy, O = mitmproxy").
std::string printed(const X509_NAME* name, const ASN1_TIME* time) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (!bio) return "";
  if (name) X509_NAME_print_ex(bio, name, 0, XN_FLAG_ONELINE);
  if (time) ASN1_TIME_print(bio, time);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(std::clamp(len, 0L, 1024L)));
  BIO_free(bio);
  return out;
}

int transfer_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// OpenSSL's verdict on each certificate, kept as it is: a chain that fails leaves its
// leaf's names with the transfer, since libcurl reads no certificate off a failed handshake
// (the issuer names who signed it: a TLS-intercepting proxy's own CA, a private CA).
int keep_failed_certificate(int ok, X509_STORE_CTX* store) {
  if (ok) return ok;
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* res = ssl ? static_cast<HttpResponse*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), transfer_index()))
                  : nullptr;
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (!res || !leaf || res->certificate) return ok;
  HttpResponse::Certificate cert;
  cert.subject = printed(X509_get_subject_name(leaf), nullptr);
  cert.issuer = printed(X509_get_issuer_name(leaf), nullptr);
  cert.expires = printed(nullptr, X509_get0_notAfter(leaf));
  cert.days_left = days_left(cert.expires);
  res->certificate = cert;
  return ok;
}

CURLcode on_ssl_ctx(CURL*, void* ssl_ctx, void* response) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  // The connection may outlive this transfer (kept for the next request): no renegotiation,
  // so the verify callback never runs again, with `response` gone.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_ex_data(ctx, transfer_index(), response);
  SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), keep_failed_certificate);
  return CURLE_OK;
}

ProxyFault proxy_fault(CURLproxycode code) {
  switch (code) {
    case CURLPX_OK: return ProxyFault::none;
    case CURLPX_NO_AUTH: return ProxyFault::login_required;
    case CURLPX_USER_REJECTED: return ProxyFault::login_rejected;
    case CURLPX_REPLY_NOT_ALLOWED: return ProxyFault::not_allowed;
    case CURLPX_REPLY_CONNECTION_REFUSED: return ProxyFault::target_refused;
    case CURLPX_REPLY_HOST_UNREACHABLE:
    case CURLPX_REPLY_NETWORK_UNREACHABLE:
    case CURLPX_REPLY_TTL_EXPIRED: return ProxyFault::unreachable;
    case CURLPX_REPLY_GENERAL_SERVER_FAILURE: return ProxyFault::server_failure;
    case CURLPX_REPLY_COMMAND_NOT_SUPPORTED:
    case CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED:
    case CURLPX_BAD_ADDRESS_TYPE: return ProxyFault::unsupported;
    case CURLPX_REQUEST_FAILED: return ProxyFault::socks4_rejected;
    case CURLPX_BAD_VERSION:
    case CURLPX_CLOSED:
    case CURLPX_RECV_AUTH:
    case CURLPX_RECV_CONNECT:
    case CURLPX_RECV_REQACK: return ProxyFault::not_socks;
    default: return ProxyFault::other;
  }
}

std::string http_version(CURL* c) {
  long v = 0;
  curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &v);
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return "";
  }
}

double ms(CURL* c, CURLINFO what) {
  curl_off_t us = 0;
  curl_easy_getinfo(c, what, &us);
  return static_cast<double>(us) / 1000.0;
}

TransportError classify(CURLcode rc, long os_errno, long verify, const HttpResponse& res,
                        const std::string& message) {
  switch (rc) {
    case CURLE_OK:
    case CURLE_WRITE_ERROR:  // our own body cap
      return TransportError::none;
    case CURLE_COULDNT_RESOLVE_HOST:
      return TransportError::dns;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return TransportError::proxy;
    case CURLE_COULDNT_CONNECT:
      return os_errno == ECONNREFUSED ? TransportError::refused : TransportError::other;
    case CURLE_OPERATION_TIMEDOUT:
      // A reused connection reports no connect time: an HTTP status, or curl's own words, tell.
      if (res.status == 0 && (text::contains_icase(message, "connection timed out") ||
                              text::contains_icase(message, "resolving timed out")))
        return TransportError::connect_timeout;
      return TransportError::timeout;
    case CURLE_PEER_FAILED_VERIFICATION:
      if (verify == 62 || text::contains_icase(message, "subject name") ||
          text::contains_icase(message, "does not match target host"))
        return TransportError::tls_hostname;  // curl checks the name itself, after OpenSSL
      if (verify == 9 || verify == 10) return TransportError::tls_expired;  // X509_V_ERR_CERT_*
      return TransportError::tls_untrusted;
    case CURLE_SSL_CONNECT_ERROR:
      return TransportError::tls_handshake;
    case CURLE_PARTIAL_FILE:
      return TransportError::broken_transfer;
    case CURLE_HTTP2_STREAM:  // RST_STREAM on this request
      return TransportError::stream_reset;
    case CURLE_HTTP2:  // the framing layer: GOAWAY or a protocol error on the connection
      return res.status ? TransportError::stream_reset : TransportError::no_http_answer;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
      if (text::contains_icase(message, "CONNECT tunnel failed") || text::contains_icase(message, "proxy"))
        return TransportError::proxy;
      return res.status ? TransportError::broken_transfer : TransportError::no_http_answer;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportError::no_http_answer;
    case CURLE_OUT_OF_MEMORY:
      // libcurl refuses a header line over its own limit (100 KB) with "out of memory": the
      // server's doing, not this machine's memory.
      return res.status == 0 || res.body.empty() ? TransportError::headers_too_large : TransportError::other;
    default:
      return TransportError::other;
  }
}

// "every file descriptor ... is in use" when a request failed because this process had none
// left (curl's "Couldn't connect" or, for the resolver's socket, "Could not resolve host"
// then), else "".
std::string own_limit(CURLcode rc, long os_errno) {
  long err = os_errno == EMFILE || os_errno == ENFILE ? os_errno : 0;
  // Any failure before an answer may be ours: a socket, the resolver's, the CA bundle's file.
  if (err == 0 && os_errno != ECONNREFUSED && rc != CURLE_OPERATION_TIMEDOUT) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // can this process open one now?
    if (fd < 0 && (errno == EMFILE || errno == ENFILE)) err = errno;
    if (fd >= 0) ::close(fd);
  }
  if (err == 0) return "";
  if (err == ENFILE)
    return "the doctor could not open a connection: this machine has no file descriptor left (the "
           "system-wide limit, fs.file-max): close programs or raise it, then run again; this says "
           "nothing about the gateway";
  struct rlimit lim {};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  const auto soft = static_cast<unsigned long long>(lim.rlim_cur);
  const auto hard = static_cast<unsigned long long>(lim.rlim_max);
  const unsigned long long want = std::min(hard, std::max<unsigned long long>(1024, soft * 4));
  const std::string raise = want > soft ? fmt::format("raise the limit (ulimit -n {}) and run again", want)
                                        : fmt::format("the hard limit is {} too: raise it (as root, or in "
                                                      "/etc/security/limits.conf) and run again", hard);
  return fmt::format("the doctor could not open a connection: every file descriptor this process may have is in "
                     "use (ulimit -n {}): {}; this says nothing about the gateway", soft, raise);
}

}  // namespace

Transfer::Transfer(HttpRequest req, const TransferSettings& settings, Tap tap)
    : req_(std::move(req)),
      tap_(std::move(tap)),
      max_body_(settings.limits.max_body),
      max_headers_(settings.limits.max_headers),
      cut_by_(settings.cut_by),
      curl_(curl_easy_init()) {
  res_.url = req_.url;
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) return;
  static const std::string user_agent = std::string(kToolName) + "/" + kVersion;
  curl_easy_setopt(c, CURLOPT_PRIVATE, this);
  curl_easy_setopt(c, CURLOPT_SHARE, settings.share);
  curl_easy_setopt(c, CURLOPT_URL, req_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is evidence, not a detour
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf_);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.limits.connect.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, std::max(1L, static_cast<long>(settings.total.count())));
  curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent.c_str());
  // The doctor's own requests take what libcurl can decode, as clients do; a relayed call
  // asks for an uncompressed answer, which the relay reads to judge it and passes on as is.
  if (!tap_.body) curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, on_socket);
  curl_easy_setopt(c, CURLOPT_SOCKOPTDATA, this);
  curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
  if (settings.limits.ip_version == 4) curl_easy_setopt(c, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
  if (settings.limits.ip_version == 6) curl_easy_setopt(c, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
  if (!settings.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings.ca_file.c_str());
  res_.ca_file = settings.ca_file;
  curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
  curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, &res_);
  if (req_.direct) curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  if (auto url = parse_url(req_.url); url && !req_.direct) res_.proxy = proxy_for(*url);

  // The user's own headers (--header, a profile's "headers") go with every request; one that
  // names a header the request already has takes its place. Never to a proxy (SEPARATE).
  auto name_of = [](std::string_view h) { return text::lower(text::trim(h.substr(0, h.find(':')))); };
  curl_slist* headers = nullptr;
  for (const auto& h : req_.headers) {
    const bool replaced = std::any_of(settings.limits.headers.begin(), settings.limits.headers.end(),
                                      [&](const std::string& u) { return name_of(u) == name_of(h); });
    if (!replaced) headers = curl_slist_append(headers, h.c_str());
  }
  // A direct try (past the user's proxy) asks only whether the route is reachable: none of the
  // user's headers, which may hold secrets, go that way.
  if (!req_.direct)
    for (const auto& h : settings.limits.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(c, CURLOPT_HEADEROPT, CURLHEADER_SEPARATE);
  if (req_.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req_.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req_.body.size()));
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  } else if (req_.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req_.method.c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  header_list_ = headers;
}

Transfer::~Transfer() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_slist_free_all(static_cast<curl_slist*>(header_list_));
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t len = size * n;
  std::string& body = t->res_.body;
  if (t->tap_.body) {  // relayed whole; kept up to the cap
    if (!t->tap_.body(std::string_view(data, len))) return 0;
    if (body.size() >= t->max_body_) return len;
    const std::size_t keep = std::min(len, t->max_body_ - body.size());
    body.append(data, keep);
    t->res_.chunks.push_back({t->elapsed_ms(), body.size()});
    t->res_.truncated = t->res_.truncated || keep < len;
    return len;
  }
  if (body.size() + len > body.capacity())  // grow by doubling, but never past the cap
    body.reserve(std::min(t->max_body_, std::max(body.size() + len, 2 * body.capacity())));
  const double at = t->elapsed_ms();  // made relative to curl's own start in finish()
  if (body.size() + len > t->max_body_) {
    body.append(data, t->max_body_ - body.size());
    t->res_.chunks.push_back({at, body.size()});
    t->res_.truncated = true;
    return 0;  // stop reading: the rest is not needed to judge the answer
  }
  body.append(data, len);
  t->res_.chunks.push_back({at, body.size()});
  return len;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  HttpResponse& res = t->res_;
  std::string_view line(data, size * n);
  t->header_bytes_ += line.size();  // over every response of the exchange, CONNECT's included
  if (t->header_bytes_ > t->max_headers_) return 0;  // ends the transfer: see finish()
  if (line.rfind("HTTP/", 0) != 0) res.header_bytes += line.size();
  if (line.rfind("HTTP/", 0) == 0) {
    res.headers.clear();  // a new response (after 100 Continue or a proxy's CONNECT)
    res.header_bytes = line.size();
    if (res.tls_version.empty()) res.tls_version = tls_version(static_cast<CURL*>(t->curl_));
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    res.headers.emplace(text::lower(text::trim(line.substr(0, colon))),
                        text::trim(line.substr(colon + 1)));
  } else if (t->tap_.headers && text::trim(line).empty()) {  // the end of a header block
    long status = 0;
    curl_easy_getinfo(static_cast<CURL*>(t->curl_), CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && !t->tap_.headers(res, status)) return 0;  // not 1xx, not CONNECT's
  }
  return size * n;
}

int Transfer::on_socket(void* self, int, int) {
  static_cast<Transfer*>(self)->resolved_ = true;  // called before connecting, after resolving
  return CURL_SOCKOPT_OK;
}

void Transfer::finish(int curl_code) {
  done_ = true;
  finished_ = std::chrono::steady_clock::now();
  CURL* c = static_cast<CURL*>(curl_);
  HttpResponse& res = res_;
  if (!c) {
    res.error = TransportError::other;
    res.error_message = "libcurl could not be initialised";
    return;
  }
  const auto rc = static_cast<CURLcode>(curl_code);
  long os_errno = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
  curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(c, CURLINFO_SSL_VERIFYRESULT, &res.tls_verify_result);
  if (char* ip = nullptr; curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
    res.primary_ip = ip;
  if (char* loc = nullptr; curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
    res.redirect_url = loc;
  res.timings = {ms(c, CURLINFO_NAMELOOKUP_TIME_T), ms(c, CURLINFO_CONNECT_TIME_T),
                 ms(c, CURLINFO_APPCONNECT_TIME_T), ms(c, CURLINFO_STARTTRANSFER_TIME_T),
                 ms(c, CURLINFO_TOTAL_TIME_T)};
  // Chunk times counted from construction; curl's clock starts a moment later, when the
  // multi handle first drives it: shift them onto curl's, so they compare with `timings`.
  const double queued = std::max(0.0, elapsed_ms() - res.timings.total);
  for (auto& chunk : res.chunks) chunk.at_ms = std::max(0.0, chunk.at_ms - queued);
  res.curl_code = curl_code;
  res.http_version = res.status ? http_version(c) : "";
  if (res.status) res.certificate = certificate(c);
  curl_easy_getinfo(c, CURLINFO_HTTP_CONNECTCODE, &res.connect_status);
  long proxy_code = 0;
  if (curl_easy_getinfo(c, CURLINFO_PROXY_ERROR, &proxy_code) == CURLE_OK)
    res.proxy_fault = proxy_fault(static_cast<CURLproxycode>(proxy_code));
  if (header_bytes_ > max_headers_) {  // our header cap (curl calls it a write error)
    res.error = TransportError::headers_too_large;
    res.error_message = "more than " + std::to_string(max_headers_ >> 10) + " KiB of response headers";
    res.body.clear();
    res.chunks.clear();
    return;
  }
  if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR) {
    res.error_message = errbuf_[0] ? std::string(errbuf_) : curl_easy_strerror(rc);
    res.error = classify(rc, os_errno, res.tls_verify_result, res, res.error_message);
    if (res.error == TransportError::headers_too_large)
      res.error_message = "a header line longer than libcurl accepts (100 KB)";
    if (res.status == 0) res.own_limit = own_limit(rc, os_errno);

    if (res.error == TransportError::timeout) res.time_limit = cut_by_;
    if (res.status == 0) {
      res.body.clear();
      res.chunks.clear();
    }
  }
}

}  // namespace anlink
