#pragma once
// The trace forwarder: an HTTP server on a loopback address that relays each call, unchanged,
// to the one configured base URL (never where a Host header or an absolute URI points), or,
// for Anthropic's routes at its root (trace/routes.hpp), to the base's Messages root, and
// relays the answer back as it arrives: a stream chunk reaches the program as soon as it
// reaches the forwarder. It keeps of each call only what a diagnosis needs, within caps.
// Its server side is cpp-httplib (Debian's libcpp-httplib): the one maintained C++ server in
// Debian that streams a response whose length is unknown, already the fake gateway's server.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/client.hpp"
#include "stream/stream_summary.hpp"
#include "trace/routes.hpp"

namespace anlink {

// Caps on what the forwarder keeps of a call (it relays everything up to kRequestMax).
inline constexpr std::size_t kCallBodyCap = 256u << 10;      // of an answer
inline constexpr std::size_t kRequestKept = 8u << 20;        // of a request: linted whole below this
inline constexpr std::size_t kRequestMax = 64u << 20;        // larger requests are refused (413)
inline constexpr int kMaxConnections = 128;  // served at once; more wait for one to end
inline constexpr int kMaxCalls = 10000;  // calls kept; later ones are relayed and counted only
// Distinct credentials masked in a run; a call with one more is refused, never shown unmasked.
inline constexpr std::size_t kMaxSecrets = 64;

struct Call {
  int index = 0;  // 1, 2, ... in the order they arrived
  std::string method, path;   // path as the program sent it, under the forwarder's prefix
  const TraceRoute* route = nullptr;  // its API's route (trace/routes.hpp), if any
  const ApiDef* api = &chat_api();    // whose rules judge it
  std::string model;          // the request body's "model", when it names one
  bool stream = false;        // the request body's "stream": true, or an answer of SSE
  std::string request_body;   // up to kRequestKept
  bool request_truncated = false;  // longer than kRequestKept: not linted
  std::vector<std::string> request_header_names;  // lower-case; values are never kept
  HttpResponse response;      // status, headers, body (up to kCallBodyCap), chunk times, error
  StreamSummary summary;      // the answer's events, when it was a stream
  bool client_closed = false; // the program stopped reading before the answer's end
  std::string refused;        // why the forwarder itself refused the call (outside the base URL)
  std::string refused_fix;    // and what the user can do about it
  double duration_ms = 0;
};

struct RelayOptions {
  std::string base_url;   // every call goes here: {base}{path below the prefix}
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;    // 0: a free one
  std::string ca_file;
  std::chrono::milliseconds connect_timeout{10000};
  int ip_version = 0;
};

class Relay {
 public:
  // Listens at once (throws std::runtime_error when it cannot). `on_call` runs on the
  // forwarder's threads, one call at a time, when a call has ended, with its bodies: judge
  // it there, for calls() keeps only its outline. (A thread of its own for judging was
  // measured slower: on two cores it competes with the next call.) `on_secret` runs before anything of a call
  // is shown, with each credential the program sent in a header (Authorization's token,
  // api-key, a cookie: any header named for a key, token, secret, auth or session); it says
  // whether that credential is masked from now on (false: one too many, the call is refused).
  Relay(RelayOptions options, std::function<void(const Call&)> on_call,
        std::function<bool(const std::string&)> on_secret);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // The base URL to give the program: http://HOST:PORT followed by the base URL's path.
  std::string url() const;
  // The forwarder's root, http://HOST:PORT: ANTHROPIC_BASE_URL (its clients append /v1/...).
  std::string root_url() const;
  std::vector<Call> calls() const;  // in the order they came
  int dropped() const;  // calls past kMaxCalls: relayed, not kept
  void stop();

 private:
  struct State;
  std::shared_ptr<State> s_;
};

}  // namespace anlink
