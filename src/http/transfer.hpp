#pragma once
// One request on one libcurl easy handle: its options, its callbacks, and the HttpResponse
// read off the handle when it ends. Only http/client.cpp drives transfers.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "http/client.hpp"

namespace anlink {

struct TransferSettings {
  const HttpLimits& limits;
  const std::string& ca_file;
  void* share;  // CURLSH: DNS answers and TLS sessions shared by every transfer of a run
  std::chrono::milliseconds total;  // this transfer's time limit (the run's deadline may cut it)
  std::string cut_by;  // names the deadline when it, not --timeout, set `total`
};

// A relay's view of an answer as it arrives (trace's forwarder): the final status and
// headers once they are complete, then every piece of the body, past the cap as well (the
// response keeps only the capped part). A callback that returns false ends the transfer.
struct Tap {
  std::function<bool(const HttpResponse& so_far, long status)> headers;
  std::function<bool(std::string_view piece)> body;
};

class Transfer {
 public:
  Transfer(HttpRequest req, const TransferSettings& settings, Tap tap = {});
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  void* handle() const { return curl_; }
  const HttpRequest& request() const { return req_; }
  bool resolved() const { return resolved_; }  // the host (or proxy) resolved: a socket opened
  bool done() const { return done_; }
  // When libcurl started it: its own clock begins when the multi handle first drives it.
  std::chrono::steady_clock::time_point started_at() const { return finished_ - std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double, std::milli>(res_.timings.total)); }
  void finish(int curl_code);  // reads the result off the handle; done() from then on
  HttpResponse take() { return std::move(res_); }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self);
  static int on_socket(void* self, int socket, int purpose);

  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - created_).count();
  }

  HttpRequest req_;
  HttpResponse res_;
  Tap tap_;
  std::size_t max_body_, max_headers_, header_bytes_ = 0;
  std::string cut_by_;
  void* curl_ = nullptr;
  void* header_list_ = nullptr;
  char errbuf_[256] = {0};  // CURL_ERROR_SIZE
  std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point finished_ = created_;
  bool resolved_ = false;
  bool done_ = false;
};

}  // namespace anlink
