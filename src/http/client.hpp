#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anlink {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // Called with each piece of the body as it arrives (for streams); the body is kept too.
  std::function<void(std::string_view)> on_chunk;
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
  proxy,              // the proxy failed
  other,
};

struct HttpResponse {
  long status = 0;  // 0 when no HTTP answer came
  std::multimap<std::string, std::string> headers;  // names lower-case
  std::string body;
  bool truncated = false;  // the body was larger than the cap; the rest was not read
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
  std::optional<Certificate> certificate;  // the server's, on a new TLS connection
  std::string primary_ip;
  std::string url;  // the URL actually called

  bool ok_transport() const { return error == TransportError::none; }
  std::string header(const std::string& lower_name) const;
  std::string content_type() const;  // lower-case, without parameters
};

struct HttpLimits {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds total{20000};
  std::size_t max_body = 8u << 20;  // far above any real catalog or error body
  int ip_version = 0;  // 4 or 6 to resolve only that family (-4 / -6); 0 for both
};

// The only place that talks to libcurl. One handle, reused, so that connections and DNS
// answers are shared between the checks of one run.
class HttpClient {
 public:
  HttpClient(HttpLimits limits, std::string ca_file);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse send(const HttpRequest& req);

 private:
  void* curl_;
  HttpLimits limits_;
  std::string ca_file_;
};

std::string_view to_string(TransportError e);

}  // namespace anlink
