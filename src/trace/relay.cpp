#include "trace/relay.hpp"

#include <curl/curl.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <optional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "checks/call.hpp"
#include "core/credential.hpp"
#include "core/route.hpp"
#include "http/transfer.hpp"
#include "http/url.hpp"
#include "trace/peer_socket.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// Headers that belong to one hop, or that the forwarder sets itself; cpp-httplib adds the
// REMOTE_/LOCAL_ pseudo-headers. Accept-Encoding: the forwarder asks for an uncompressed
// answer, which it can read to judge the call (a server may always answer so).
bool hop_header(const std::string& lower) {
  static const char* const names[] = {"host", "connection", "keep-alive", "proxy-connection",
                                      "proxy-authorization", "te", "trailer", "transfer-encoding",
                                      "upgrade", "content-length", "expect", "accept-encoding",
                                      "content-encoding", "remote_addr", "remote_port",
                                      "local_addr", "local_port"};
  for (const char* n : names)
    if (lower == n) return true;
  return false;
}

// A "." or ".." segment: libcurl would resolve it and step outside the base URL's path.
bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return true;
    start = end + 1;
  }
  return false;
}

// A header's secrets (core/credential.hpp: a credential header, or a value that looks like a
// key). Authorization's scheme word ("Bearer") is not the secret, the token after it is. In a
// header that is no credential by name but holds key-like ids (Codex's x-codex-turn-metadata,
// a JSON object), the key-like runs are, not the punctuation around them; a per-call request
// id is no credential at all (it is what a support ticket quotes).
std::vector<std::string> secrets_of(const std::string& lower_name, const std::string& value) {
  if (!is_secret_header(lower_name, value)) return {};
  const auto space = value.find(' ');
  if (lower_name.ends_with("authorization") && space != std::string::npos) return {value.substr(space + 1)};
  if (is_credential_header(lower_name)) return {value};
  if (lower_name.ends_with("request-id")) return {};
  std::vector<std::string> out;
  std::string run;
  for (std::size_t i = 0; i <= value.size() && out.size() < 8; ++i) {
    const unsigned char c = i < value.size() ? static_cast<unsigned char>(value[i]) : ' ';
    if (std::isalnum(c) || c == '-' || c == '_') {
      run += static_cast<char>(c);
      continue;
    }
    if (looks_like_key(run)) out.push_back(run);
    run.clear();
  }
  return out;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// Multi handles between calls: each keeps its connections to the gateway, so that the next
// call reuses one instead of connecting again (at most kIdle kept).
class MultiPool {
 public:
  ~MultiPool() {
    for (CURLM* m : idle_) curl_multi_cleanup(m);
  }
  CURLM* take() {
    std::lock_guard lock(mu_);
    if (idle_.empty()) return curl_multi_init();
    CURLM* m = idle_.back();
    idle_.pop_back();
    return m;
  }
  void give(CURLM* m) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kIdle) idle_.push_back(m);
    else curl_multi_cleanup(m);
  }

 private:
  static constexpr std::size_t kIdle = 16;
  std::mutex mu_;
  std::vector<CURLM*> idle_;
};

// One call on a multi handle of its own while it lasts, driven by the forwarder thread that
// serves it.
struct Upstream {
  explicit Upstream(MultiPool& p) : pool(p), multi(p.take()) {}
  MultiPool& pool;
  std::unique_ptr<Transfer> transfer;
  CURLM* multi;
  std::string pending;  // body bytes not yet written to the program
  std::multimap<std::string, std::string> headers;  // the answer's, lower-case names
  bool headers_done = false;
  long status = 0;
  bool finished = false;
  bool broken = false;  // the gateway's answer broke off (not the forwarder's own cap)
  bool recorded = false;  // the call is in the report
  std::optional<std::chrono::steady_clock::time_point> ended;  // the answer's last byte went out

  ~Upstream() {
    if (transfer && transfer->handle()) curl_multi_remove_handle(multi, transfer->handle());
    transfer.reset();
    if (multi) pool.give(multi);
  }
  // Waits for the sockets (at most wait_ms), then moves the transfer on; 0 moves it at once.
  void step(int wait_ms) {
    if (finished) return;
    int running = 0;
    if (wait_ms > 0) curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left))
      if (m->msg == CURLMSG_DONE) {
        transfer->finish(m->data.result);
        finished = true;
        broken = m->data.result != CURLE_OK && m->data.result != CURLE_WRITE_ERROR;
      }
  }
};

}  // namespace

struct Relay::State {
  MultiPool pool;  // destroyed last: calls in flight give their multi handles back to it
  RelayOptions opts;
  Url base;
  Url root;  // the base's Messages root: where Anthropic's routes at the forwarder's root go
  HttpLimits limits;
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mu;  // calls, and one on_call at a time
  std::vector<Call> calls;
  std::atomic<int> next{0};
  std::atomic<bool> stopping{false};  // calls in flight end at once
  std::atomic<bool> loop_ended{false};  // cpp-httplib's loop has returned
  int dropped = 0;
  std::function<void(const Call&)> on_call;
  std::function<bool(const std::string&)> on_secret;
  // The call is judged (on_call) while its bodies are at hand; only its outline is kept.
  void record(Call&& call) {
    std::lock_guard lock(mu);
    on_call(call);
    call.request_body.clear();
    call.request_body.shrink_to_fit();
    call.response.body.clear();
    call.response.body.shrink_to_fit();
    call.response.chunks.clear();
    call.response.chunks.shrink_to_fit();
    if (static_cast<int>(calls.size()) < kMaxCalls) calls.push_back(std::move(call));
    else ++dropped;
  }

  void serve(const httplib::Request& req, httplib::Response& res);
  httplib::Server::HandlerResponse own_error(const httplib::Request& req, httplib::Response& res);
};

// An error cpp-httplib answered itself, before any handler ran (a request over kRequestMax,
// a request it could not parse): the program is told it was the forwarder, and the call is
// in the report. Answers the handlers made (relayed or refused) are left as they are.
httplib::Server::HandlerResponse Relay::State::own_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
  Call call;
  call.index = ++next;
  call.method = text::shorten(req.method, 20);
  call.path = text::shorten(req.path, 300);
  call.refused = res.status == 413 ? "the request body is over " + std::to_string(kRequestMax >> 20) +
                                         " MiB, the most the forwarder relays; nothing was sent"
                                   : "the forwarder could not read the request (HTTP " +
                                         std::to_string(res.status) + "); nothing was sent";
  call.refused_fix = res.status == 413 ? "Trace this program with smaller requests, or run that call without trace"
                                        : "Check that the program speaks HTTP/1.1 to the forwarder";
  call.response.status = res.status;
  nlohmann::json err = {{"error", {{"message", "anlink-doctor trace: " + call.refused}, {"type", "trace_forwarder"}}}};
  res.set_content(err.dump(), "application/json");
  record(std::move(call));
  return httplib::Server::HandlerResponse::Handled;
}

void Relay::State::serve(const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  Call call;
  call.index = ++next;
  call.method = req.method;
  call.path = text::shorten(req.path, 300);
  call.request_body = req.body.substr(0, kRequestKept);
  call.request_truncated = req.body.size() > kRequestKept;
  const std::string prefix = base.path;  // "" or "/v1"
  auto refuse = [&](int status, const std::string& why, std::string fix) {
    call.refused = why;
    call.refused_fix = std::move(fix);
    call.response.status = status;
    res.status = status;
    nlohmann::json err = {{"error", {{"message", "anlink-doctor trace: " + why}, {"type", "trace_forwarder"}}}};
    res.set_content(err.dump(), "application/json");
    call.duration_ms = ms_since(start);
    record(std::move(call));
  };
  if (req.method != "GET" && req.method != "POST" && req.method != "DELETE")
    return refuse(405, "the forwarder relays GET, POST and DELETE only, not " + text::shorten(req.method, 20),
                  "Call this route without trace: an OpenAI-compatible API needs no other method");
  // The raw target (still percent-encoded) is what goes upstream; it and its decoded form
  // must both stay under the prefix. An absolute URI is refused: calls go to the base URL only.
  const std::string raw = req.target.substr(0, req.target.find('?'));
  auto under_prefix = [&](const std::string& p) {
    return !p.empty() && p[0] == '/' && !has_dot_segment(p) &&
           (prefix.empty() || p == prefix || p.starts_with(prefix + "/"));
  };
  const bool under_base = under_prefix(req.path) && under_prefix(raw);
  call.route = route_of(raw, under_base);
  if (!under_base && (!call.route || req.path != raw))
    return refuse(404, "the path " + text::shorten(raw, 100) + " is outside the base URL's path \"" +
                           (prefix.empty() ? "/" : prefix) + "\" (and is none of Anthropic's routes at the "
                           "root: /v1/messages, /v1/messages/count_tokens, /v1/models); nothing was sent",
                  "Give trace the base URL whose path the program calls under (--base-url)");
  call.api = &api_of(call.route);
  if (auto body = parse_untrusted_json(call.request_truncated ? "" : call.request_body); body.is_object()) {
    if (auto m = body.find("model"); m != body.end() && m->is_string()) call.model = text::shorten(m->get<std::string>(), 100);
    if (auto s = body.find("stream"); s != body.end() && s->is_boolean()) call.stream = s->get<bool>();
  }

  HttpRequest up;
  up.method = req.method;
  Url target = under_base ? base : root;
  target.path = under_base ? raw : root.path + raw;  // under the base, the prefix is the same on both sides
  target.query = "";
  up.url = target.str();
  if (auto q = req.target.find('?'); q != std::string::npos) up.url += req.target.substr(q);
  for (const auto& [name, value] : req.headers) {
    const std::string lower = text::lower(name);
    if (hop_header(lower)) continue;
    const auto secrets = secrets_of(lower, value);
    if (std::any_of(secrets.begin(), secrets.end(), [&](const std::string& s) { return !on_secret(s); }))
      return refuse(403, "the program sent more than " + std::to_string(kMaxSecrets) +
                             " distinct credentials; the forwarder masks that many and relays no call with "
                             "another; nothing was sent",
                    "Trace the program with fewer distinct credentials in one run");
    call.request_header_names.push_back(lower);
    up.headers.push_back(name + ": " + value);
  }
  up.body = req.body;

  auto u = std::make_shared<Upstream>(pool);
  // The tap belongs to the transfer, which belongs to `u`: a plain pointer, or the three
  // would keep each other alive.
  Tap tap;
  tap.headers = [up_state = u.get()](const HttpResponse& so_far, long status) {
    up_state->headers = so_far.headers;
    up_state->headers_done = true;
    up_state->status = status;
    return true;
  };
  tap.body = [up_state = u.get()](std::string_view piece) {
    up_state->pending.append(piece);
    return true;
  };
  u->transfer = std::make_unique<Transfer>(
      up, TransferSettings{limits, opts.ca_file, nullptr, std::chrono::hours(1), ""}, std::move(tap));
  if (!u->transfer->handle() || curl_multi_add_handle(u->multi, u->transfer->handle()) != CURLM_OK) {
    u->transfer->finish(CURLE_FAILED_INIT);
    u->finished = true;
  }
  u->step(0);  // the connection starts now, not after a first wait
  while (!u->headers_done && !u->finished && !stopping) u->step(50);

  auto shared_call = std::make_shared<Call>(std::move(call));
  // Records the call; `watch`: first see whether the program resets the connection.
  auto finish = [this, u, shared_call, start](bool client_closed, const PeerSocket* watch = nullptr) -> std::string {
    if (u->recorded) return "";
    u->recorded = true;
    if (!u->finished) {  // the program went: stop reading (as the body cap does, no error)
      u->transfer->finish(CURLE_WRITE_ERROR);
      u->finished = true;
    }
    Call& c = *shared_call;
    c.client_closed = client_closed;
    c.response = u->transfer->take();
    c.stream = c.stream || c.response.content_type() == "text/event-stream";
    c.duration_ms = std::chrono::duration<double, std::milli>(
                        u->ended.value_or(std::chrono::steady_clock::now()) - start).count();
    if (c.stream && c.response.status >= 200 && c.response.status < 300) c.summary = read_stream(c.response, *c.api);
    if (watch) c.client_closed = watch->reset_by_peer(std::chrono::milliseconds(500), stopping);
    std::string error = c.response.error_message;
    record(std::move(c));
    return error;
  };

  if (!u->headers_done) {  // no answer: the forwarder says why, as a gateway in between would
    const std::string why = finish(false);
    res.status = 502;
    nlohmann::json err = {{"error", {{"message", "anlink-doctor trace: no answer from the base URL (" +
                                                     text::shorten(why, 200) + ")"},
                                     {"type", "trace_forwarder"}}}};
    res.set_content(err.dump(), "application/json");
    return;
  }
  // The answer's status and headers as they came, but for those of one hop.
  res.status = static_cast<int>(u->status);
  std::string content_type;
  for (const auto& [name, value] : u->headers) {
    if (hop_header(name)) continue;
    if (name == "content-type") content_type = value;
    else res.set_header(name, value);
  }
  // A stream's end reaches the program in one piece; then, did it read it? A program that
  // stops reading a short stream may already hold all of it, unread: only its kernel's reset
  // on close tells.
  // The socket is looked for while the program surely holds it open (once it has reset the
  // connection, its address is gone): now for a stream the request asked for (on a kept-alive
  // connection a cached lookup), at the end for one only the answer's type calls a stream.
  const bool stream = shared_call->stream || text::lower(content_type).starts_with("text/event-stream");
  std::optional<PeerSocket> early;
  if (shared_call->stream) early = PeerSocket::find(req.local_port, req.remote_addr, req.remote_port);
  res.set_chunked_content_provider(
      content_type, [this, u, finish, stream, early, local_port = req.local_port, remote_addr = req.remote_addr,
                     remote_port = req.remote_port](size_t, httplib::DataSink& sink) {
        std::optional<PeerSocket> peer = early;
        while (true) {
          if (stopping) {
            finish(true);
            return false;
          }
          const bool last = u->finished;  // all that will come is in `pending`
          if (last && !peer)
            peer = stream ? PeerSocket::find(local_port, remote_addr, remote_port) : PeerSocket::find(-1, "", -1);
          if (last) peer->cork(true);
          if (!u->pending.empty()) {
            if (!sink.is_writable() || !sink.write(u->pending.data(), u->pending.size())) {
              if (peer) peer->cork(false);
              finish(true);
              return false;
            }
            u->pending.clear();
          }
          if (last && u->broken) {  // the program sees the answer break off, as it would without trace
            peer->cork(false);
            finish(false);
            return false;
          }
          if (last) {  // the program has the whole answer before the call is judged
            sink.done();
            peer->cork(false);
            u->ended = std::chrono::steady_clock::now();
            finish(false, &*peer);
            return true;
          }
          u->step(50);
        }
      },
      [finish](bool) { finish(true); });  // the program went before the answer began: still a call
}

Relay::Relay(RelayOptions options, std::function<void(const Call&)> on_call,
             std::function<bool(const std::string&)> on_secret)
    : s_(std::make_shared<State>()) {
  s_->opts = std::move(options);
  auto base = parse_url(s_->opts.base_url);
  if (!base || (base->scheme != "http" && base->scheme != "https"))
    throw std::runtime_error("the base URL " + s_->opts.base_url + " is not an http(s) URL");
  s_->base = *base;
  s_->root = parse_url(messages_root(base->str())).value_or(*base);
  s_->root.query.clear();
  s_->limits.max_body = kCallBodyCap;
  s_->limits.connect = s_->opts.connect_timeout;
  s_->limits.ip_version = s_->opts.ip_version;
  s_->on_call = std::move(on_call);
  s_->on_secret = std::move(on_secret);
  State* s = s_.get();
  auto handler = [s](const httplib::Request& req, httplib::Response& res) { s->serve(req, res); };
  // Headers and chunks go out as separate writes: without TCP_NODELAY, Nagle's algorithm
  // and the program's delayed ACK would hold each second write for 40 ms.
  s_->server.set_tcp_nodelay(true);
  s_->server.set_payload_max_length(kRequestMax);
  s_->server.new_task_queue = [] { return new httplib::ThreadPool(kMaxConnections); };
  s_->server.set_error_handler(httplib::Server::HandlerWithResponse(
      [s](const httplib::Request& req, httplib::Response& res) { return s->own_error(req, res); }));
  s_->server.Get(".*", handler);
  s_->server.Post(".*", handler);
  s_->server.Delete(".*", handler);
  s_->server.Put(".*", handler);
  s_->server.Patch(".*", handler);
  s_->server.Options(".*", handler);
  s_->port = s_->opts.listen_port ? (s_->server.bind_to_port(s_->opts.listen_host, s_->opts.listen_port)
                                         ? s_->opts.listen_port : -1)
                                   : s_->server.bind_to_any_port(s_->opts.listen_host);
  if (s_->port <= 0)
    throw std::runtime_error("cannot listen on " + s_->opts.listen_host +
                             (s_->opts.listen_port ? ":" + std::to_string(s_->opts.listen_port) : ""));
  s_->thread = std::thread([s] {
    s->server.listen_after_bind();
    s->loop_ended = true;
  });
  // cpp-httplib's stop() does nothing until its loop runs: a stop() that came first (a program
  // that could not be started) would leave the loop, and the join, waiting forever.
  for (int i = 0; i < 10000 && !s_->server.is_running() && !s_->loop_ended; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

Relay::~Relay() { stop(); }

void Relay::stop() {
  if (!s_->thread.joinable()) return;
  s_->stopping = true;
  s_->server.stop();
  s_->thread.join();
}

std::string Relay::url() const { return root_url() + s_->base.path; }

std::string Relay::root_url() const {
  Url u;
  u.scheme = "http";
  u.host = s_->opts.listen_host;
  u.port = std::to_string(s_->port);
  return u.str();
}

std::vector<Call> Relay::calls() const {
  std::vector<Call> out;
  {
    std::lock_guard lock(s_->mu);
    out = s_->calls;
  }
  // Recorded as they end, which is not always the order in which they came.
  std::stable_sort(out.begin(), out.end(), [](const Call& a, const Call& b) { return a.index < b.index; });
  return out;
}

int Relay::dropped() const {
  std::lock_guard lock(s_->mu);
  return s_->dropped;
}

}  // namespace anlink
