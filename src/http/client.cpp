#include "http/client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <list>

#include "http/transfer.hpp"
#include "util/text.hpp"

namespace anlink {

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string HttpResponse::content_type() const {
  std::string ct = header("content-type");
  return text::lower(text::trim(ct.substr(0, ct.find(';'))));
}

struct HttpClient::State {
  HttpLimits limits;
  std::string ca_file;
  CURLM* multi = curl_multi_init();
  CURLSH* share = curl_share_init();
  std::list<std::unique_ptr<Transfer>> pending;  // started, answer not yet taken
  std::function<void()> hook;
  bool hook_fired = false;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  std::string deadline_what;
  const std::chrono::steady_clock::time_point epoch = std::chrono::steady_clock::now();
  std::string owner;
  std::vector<TimedRequest> timeline;
  std::size_t dropped = 0;
  bool recording = false;

  using Iter = std::list<std::unique_ptr<Transfer>>::const_iterator;

  Iter add(const HttpRequest& req) {
    auto total = req.total.count() > 0 ? req.total : limits.total;
    std::string cut_by = req.total.count() > 0 ? req.total_what : "";
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left < total) {
        total = std::max(left, std::chrono::milliseconds(1));
        cut_by = deadline_what;
      }
    }
    auto& t = pending.emplace_back(std::make_unique<Transfer>(
        req, TransferSettings{limits, ca_file, share, total, std::move(cut_by)}));
    if (!t->handle() || !multi || curl_multi_add_handle(multi, t->handle()) != CURLM_OK)
      t->finish(CURLE_FAILED_INIT);
    return std::prev(pending.end());
  }

  // Moves every transfer forward without blocking; collects those that ended.
  void step() {
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      if (t) t->finish(msg->data.result);
    }
    if (hook && !hook_fired &&
        std::any_of(pending.begin(), pending.end(), [](auto& t) { return t->resolved(); })) {
      hook_fired = true;
      hook();  // outside libcurl's callbacks, so it may add transfers
    }
  }

  void wait(const Transfer& t) {
    step();
    while (!t.done()) {
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
      step();
    }
  }

  HttpResponse take(Iter it) {
    wait(**it);
    const auto started = (*it)->started_at();
    HttpResponse res = (*it)->take();
    if (recording && timeline.size() < kMaxTimeline) record(res, (*it)->request(), started);
    else if (recording) ++dropped;
    if ((*it)->handle()) curl_multi_remove_handle(multi, (*it)->handle());
    pending.erase(it);
    return res;
  }

  void record(const HttpResponse& res, const HttpRequest& req, std::chrono::steady_clock::time_point started) {
    TimedRequest& t = timeline.emplace_back();
    t.owner = owner;
    t.method = req.method;
    t.url = res.url.empty() ? req.url : res.url;
    t.status = res.status;
    t.error = res.error;
    t.start_ms = std::max(0.0, std::chrono::duration<double, std::milli>(started - epoch).count());
    t.timings = res.timings;
    t.chunks_seen = res.chunks.size();
    const std::size_t n = std::min(res.chunks.size(), TimedRequest::kMaxChunks);
    t.chunk_ms.reserve(n);
    for (std::size_t i = 0; i < n; ++i)  // evenly spread over all of them, the last one kept
      t.chunk_ms.push_back(res.chunks[n == res.chunks.size() ? i : i * (res.chunks.size() - 1) / (n - 1)].at_ms);
  }

  Iter find(const HttpRequest& req) const {
    return std::find_if(pending.begin(), pending.end(),
                        [&](auto& t) { return t->request() == req; });
  }
};

HttpClient::HttpClient(HttpLimits limits, std::string ca_file) : s_(std::make_unique<State>()) {
  s_->limits = limits;
  s_->ca_file = std::move(ca_file);
  // Keep the connections of a burst (ten models' probes and streams) for the requests that
  // follow, rather than the default of four per handle still added.
  if (s_->multi) curl_multi_setopt(s_->multi, CURLMOPT_MAXCONNECTS, 64L);
  if (s_->share) {
    curl_share_setopt(s_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(s_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

HttpClient::~HttpClient() {
  for (auto& t : s_->pending)  // answers nobody asked for: abandoned
    if (t->handle()) curl_multi_remove_handle(s_->multi, t->handle());
  s_->pending.clear();
  curl_multi_cleanup(s_->multi);
  curl_share_cleanup(s_->share);
}

HttpResponse HttpClient::send(const HttpRequest& req) {
  auto it = s_->find(req);
  HttpResponse res = s_->take(it != s_->pending.end() ? it : s_->add(req));
  if (!res.own_limit.empty()) throw OwnLimitError(res.own_limit);
  return res;
}

void HttpClient::start(const HttpRequest& req) {
  if (s_->find(req) == s_->pending.end()) s_->add(req);
}

bool HttpClient::unclaimed(const HttpRequest& req) const { return s_->find(req) != s_->pending.end(); }

void HttpClient::on_first_resolve(std::function<void()> hook) { s_->hook = std::move(hook); }

void HttpClient::set_deadline(std::chrono::steady_clock::time_point deadline, std::string what) {
  s_->deadline = deadline;
  s_->deadline_what = std::move(what);
}

void HttpClient::set_owner(std::string owner) { s_->owner = std::move(owner); }

const std::vector<TimedRequest>& HttpClient::timeline() const { return s_->timeline; }

std::size_t HttpClient::timeline_dropped() const { return s_->dropped; }

void HttpClient::record_timeline() { s_->recording = true; }

std::string_view to_string(TransportError e) {
  switch (e) {
    case TransportError::none: return "none";
    case TransportError::dns: return "dns";
    case TransportError::refused: return "connection_refused";
    case TransportError::connect_timeout: return "connect_timeout";
    case TransportError::timeout: return "timeout";
    case TransportError::tls_untrusted: return "tls_untrusted";
    case TransportError::tls_hostname: return "tls_hostname_mismatch";
    case TransportError::tls_expired: return "tls_expired";
    case TransportError::tls_handshake: return "tls_handshake";
    case TransportError::no_http_answer: return "no_http_answer";
    case TransportError::broken_transfer: return "broken_transfer";
    case TransportError::stream_reset: return "stream_reset";
    case TransportError::proxy: return "proxy";
    case TransportError::headers_too_large: return "headers_too_large";
    case TransportError::other: return "other";
  }
  return "other";
}

}  // namespace anlink
