#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/proxy.hpp"

namespace anlink {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // This request's own whole-request limit in place of HttpLimits::total (0: that one), and
  // what to call it when it ends the request ("the hold (--hold 120)").
  std::chrono::milliseconds total{0};
  std::string total_what;
  bool direct = false;  // never through a proxy, whatever the environment says

  bool operator==(const HttpRequest&) const = default;
};

struct HttpTimings {  // milliseconds from the start, as curl -w reports them
  double dns = 0, connect = 0, tls = 0, first_byte = 0, total = 0;
};

// Why no HTTP answer came: the transport failure, classified once so every check names it
// the same way.
enum class TransportError {
  none,
  dns,                // the host did not resolve
  refused,            // nothing listens there
  connect_timeout,    // no TCP connection within the connect limit
  timeout,            // connected, but no complete answer within the total limit
  tls_untrusted,      // certificate chain not trusted
  tls_hostname,       // certificate is for another host
  tls_expired,        // certificate expired or not yet valid
  tls_handshake,      // TLS failed otherwise (e.g. https:// to a plain HTTP port)
  no_http_answer,     // closed without an HTTP answer, or answered in another protocol
  broken_transfer,    // the answer began, then the connection broke before its end
  stream_reset,       // HTTP/2: the server or a proxy reset the stream (RST_STREAM) or the connection (GOAWAY)
  proxy,              // the proxy failed
  headers_too_large,  // more response headers than HttpLimits::max_headers: not an API answer
  other,
};

// What a SOCKS proxy said when it would not connect (libcurl's CURLproxycode, grouped).
enum class ProxyFault {
  none,
  login_required,   // no authentication method acceptable: it wants a user and password
  login_rejected,   // the user and password were refused
  not_allowed,      // SOCKS5 reply 2: connection not allowed by ruleset
  target_refused,   // reply 5: the target refused the proxy's connection
  unreachable,      // reply 3/4/6: network or host unreachable, TTL expired
  server_failure,   // reply 1
  unsupported,      // reply 7/8: a command or address type the proxy does not take
  socks4_rejected,  // SOCKS4 91: request rejected or failed
  not_socks,        // no SOCKS answer: a bad version, or the connection closed
  other,
};

struct HttpResponse {
  long status = 0;  // 0 when no HTTP answer came
  std::multimap<std::string, std::string> headers;  // names lower-case
  std::size_t header_bytes = 0;  // the final response's status line and headers, as sent
  std::string body;
  bool truncated = false;  // the body was larger than the cap; the rest was not read
  struct Chunk {
    double at_ms;      // when it arrived, from the start of the request
    std::size_t end;   // the body up to here had arrived by then
  };
  std::vector<Chunk> chunks;  // the body as it arrived: streams are judged by their timing
  HttpTimings timings;
  TransportError error = TransportError::none;
  int curl_code = 0;
  std::string error_message;  // curl's own words, when error != none
  long tls_verify_result = 0;
  std::string redirect_url;  // where a 3xx points; never followed
  std::string http_version;  // "1.1", "2"
  std::string tls_version;   // "TLSv1.3"; empty over plain HTTP
  struct Certificate {
    std::string subject, issuer, expires;  // as OpenSSL prints them
    long days_left = 0;
  };
  std::optional<Certificate> certificate;  // the server's, on a new TLS connection, or the
                                           // one that failed verification
  // The proxy this request went through (from the environment, as libcurl picks it; its
  // variable empty when none), what the proxy answered a CONNECT (0: no tunnel answer) and
  // what a SOCKS proxy said when it failed.
  ProxyChoice proxy;
  long connect_status = 0;
  ProxyFault proxy_fault = ProxyFault::none;
  std::string ca_file;  // the CA bundle the request trusted (--cacert), "" for the system's
  bool via_proxy() const { return !proxy.variable.empty() && proxy.excluded_by.empty(); }
  std::string primary_ip;
  std::string url;  // the URL actually called
  std::string time_limit;  // set when the run's or the check's limit, not --timeout, ended it
  std::string own_limit;   // set when this process, not the network, failed it (no file descriptor left)

  bool ok_transport() const { return error == TransportError::none; }
  std::string header(const std::string& lower_name) const;
  std::string content_type() const;  // lower-case, without parameters
};

// One answer a check read, for the report's timeline: when it started (from the client's
// creation), libcurl's phase timings and when each piece of its body arrived.
struct TimedRequest {
  std::string owner;  // the check that read it ("stream messages qwen-flash")
  std::string method, url;
  long status = 0;
  TransportError error = TransportError::none;
  double start_ms = 0;
  HttpTimings timings;
  std::vector<double> chunk_ms;  // from the request's start; at most kMaxChunks, evenly kept
  std::size_t chunks_seen = 0;   // how many pieces arrived in all
  static constexpr std::size_t kMaxChunks = 2000;
};

struct HttpLimits {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds total{20000};
  std::size_t max_body = 8u << 20;  // far above any real catalog or error body
  std::size_t max_headers = 64u << 10;  // all response headers together; APIs send ~1 KiB
  int ip_version = 0;  // 4 or 6 to resolve only that family (-4 / -6); 0 for both
  std::vector<std::string> headers;  // "Name: value", sent with every request (--header)
};

// The only place that drives libcurl. Requests run concurrently on one multi handle that
// shares connections, DNS answers and TLS sessions: a check may start() its request early,
// and send() of the same request later takes that answer instead of sending it again. Every
// started request makes progress while any send() waits.
// A request failed for a limit of the doctor's own process, not of the network or the
// server (every file descriptor in use): HttpClient::send throws it, and the run ends with
// exit 3 and this reason, never a finding about the target.
struct OwnLimitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class HttpClient {
 public:
  HttpClient(HttpLimits limits, std::string ca_file);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request (or takes the answer of the same request started earlier) and waits.
  HttpResponse send(const HttpRequest& req);
  // Starts a request without waiting for it. Its answer is kept until send() asks for it;
  // one never asked for is abandoned when the client goes.
  void start(const HttpRequest& req);
  // True while a request started with start() waits for send() to take its answer.
  bool unclaimed(const HttpRequest& req) const;
  // Called once, when the first request of the run has resolved its host (or its proxy's)
  // and opens a connection; it may start() requests. Nothing is sent on any connection
  // before it connected and, over https://, verified the server's certificate.
  void on_first_resolve(std::function<void()> hook);
  // No request started from now on runs past this moment, whatever its own limit; `what`
  // names the limit for a request it ends ("the run's limit (--max-time 60 s)").
  void set_deadline(std::chrono::steady_clock::time_point deadline, std::string what);
  // Whose requests send() hands out from now on: the timeline names them (the runner sets it
  // before each check).
  void set_owner(std::string owner);
  // From now on, keep every answer send() hands out for timeline() (off by default: only the
  // HTML report draws it, and watch and serve keep reports for long).
  void record_timeline();
  // Every answer send() handed out while recording, in that order (at most kMaxTimeline),
  // and how many more there were.
  const std::vector<TimedRequest>& timeline() const;
  std::size_t timeline_dropped() const;
  static constexpr std::size_t kMaxTimeline = 512;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

std::string_view to_string(TransportError e);

}  // namespace anlink
