#pragma once
// A fake AnLinkAI gateway for tests and demos: cpp-httplib on 127.0.0.1, port 0, over plain
// HTTP or TLS. Each scenario picks how it misbehaves; it records what it received.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace fake {

// The one key the fake server accepts.
inline constexpr const char* kGoodKey = "ak_live_9f3a2b7c4d1e8f6a0b5c3d2e";
// The organisation and project the key belongs to, in scenario "openai-org".
inline constexpr const char* kGoodOrg = "org-fake7Kq2Lm9Xw4Pz";
inline constexpr const char* kGoodProject = "proj_fake3Vn8Rt1Yc6Hd";

struct Model {
  std::string code, status;
};

struct Config {
  std::string prefix = "/api/v1";
  std::string chat = "api";      // api | forbidden | website | redirect | huge-headers
  std::string host = "127.0.0.1";  // another loopback address (127.0.0.2) plays another host
  std::string catalog = "items";  // items | data | missing | html | garbage
  std::vector<Model> models = {{"qwen-flash", "active"},
                               {"qwen-plus", "active"},
                               {"deepseek-v4-flash", "active"},
                               {"qwen-max", "disabled"},
                               {"glm-4.5", "active"}};
  std::string redirect_to;  // for chat == "redirect"
  // How completions with messages are answered: ok | balance-429 | balance-402 | rate-limit |
  // quota-403 | model-disabled | upstream-json | upstream-html | error-inside | empty |
  // min-tokens
  std::string completion = "ok";
  // How streams end: ok | broken | clean-close | error-event | error-chunk | no-usage |
  // reject-options | slow | paced (33 tokens over ~0.5 s) | buffered (the same, held back
  // and delivered at once, as nginx's proxy_buffering does; up to 2000 tokens for a long answer) | long (a token every 20 ms up to
  // max_tokens) | stall (long, silent 3 s after 5 tokens of a long answer) | late-headers (a
  // long answer's headers 3 s late) | edge-524 (a long answer: Cloudflare's 524 after 1 s)
  std::string stream = "ok";
  std::string balance = "none";  // none | healthy | empty | unlimited
  // Whose balance endpoint, route and shape: anlinkai (GET {prefix}/account/balance),
  // deepseek, openrouter, siliconflow, moonshot, newapi, litellm (/key/info, /spend/logs);
  // azure: every route as Azure OpenAI's (api-key header, api-version, deployment paths).
  std::string gateway = "anlinkai";
  bool usage_log = false;        // GET {prefix}/usage/logs?request_id=ID
  int clock_offset_s = 0;        // how far the Date header is ahead of the real time
  // Processing times like a real gateway's, for the benchmark (0 in tests): the catalog, the
  // balance and usage-log routes, a completion, and a stream's first token.
  int catalog_ms = 0, account_ms = 0, completion_ms = 0, first_token_ms = 0;
  // The pause between the tokens of a Messages or Responses stream (token by token, as a model
  // writes); the benchmark's gateway streams them as fast as its chat route does.
  int token_gap_ms = 15;
  // The key check (a chat request with no messages) is answered only once a completion has
  // arrived as well: proves that a client sends them together.
  bool rendezvous = false;
  // A wrong key is echoed back: "plain" (the message, as OpenAI does) or "forms" (hostile:
  // cut at 132 characters, upper-cased, percent- and base64-encoded, of the key and of
  // "Bearer <key>", and lower-cased in a Content-Type header).
  // "hostile": every form of fake::hostile_forms (encodings.hpp), or the one named by
  // echo_form, in the message and in an X-Echo header.
  std::string echo = "plain";
  std::string echo_form;
  std::string shape;        // a real gateway's answer (fake/shapes.hpp), scenario "shape-NAME"
  bool body_first = false;  // the body is validated before the key, as some gateways do
  bool unlisted = false;    // the first model is served but not listed in the catalog
  int header_padding = 0;   // bytes of extra response headers on every answer
  int reasoning_budget = 0;  // a reasoning model: a completion below this max_tokens has no text
  // A reasoning model as OpenAI serves one: max_tokens is refused (max_completion_tokens
  // wanted), and so is a temperature or top_p other than 1.
  bool reasoning_strict = false;
  // OpenAI's organisation and project of the key: a request naming others (OpenAI-Organization,
  // OpenAI-Project headers) is refused with 401 mismatched_organization / mismatched_project.
  std::string organization, project;

  // The third edition's APIs (fake_messages.cpp, fake_responses.cpp).
  // Which APIs the gateway serves, comma-separated: chat ({prefix}/chat/completions),
  // messages (Anthropic's {prefix}/messages: its root is the prefix less a final /v1) and
  // responses ({prefix}/responses). Chat alone by default, as AnLinkAI and One API serve.
  std::string apis = "chat";
  // How a route it does not serve is answered: openai (404 "Unknown request URL"), oneapi
  // (404 "Invalid URL (POST /path)", One/New API's words), fastapi (404 {"detail":"Not
  // Found"}), plain (404 text "404 page not found", Go's mux), method (405 with Allow: GET
  // and no body to anything but a GET, as a static site answers; a GET gets openai's 404).
  std::string missing_route = "openai";
  // Which header the messages route takes the key in: both | x-api-key | bearer.
  std::string messages_auth = "both";
  // How the messages route answers, one thing broken at a time (the rest as ok). Streams:
  // ok | pings | no-stop | cut | no-start-usage | unpaired | stop-twice | name-mismatch |
  // out-of-order | block-unclosed | error-event | buffered; refusals in Anthropic's shape,
  // streamed or not: overloaded | api-error | rate-limit | billing | permission |
  // convert-failed (New API's words) | beta-refused (only when anthropic-beta is sent).
  std::string messages = "ok";
  // How the responses route answers. Streams: ok | no-terminal | cut | not-created-first |
  // seq-back | two-terminals | failed | incomplete | incomplete-empty | done-after | no-usage |
  // error-event | buffered | name-mismatch; refusals, streamed or not: rate-limit | upstream |
  // convert-failed.
  std::string responses = "ok";
  // {prefix}/messages/count_tokens: absent (answered as any route not served) | ok (about a
  // token per 4 bytes of the messages' text) | zero (a count of 0, whatever was sent).
  std::string count_tokens = "absent";
  // What an agent client sends, refused or ignored one way each (fake_agents.cpp); empty for
  // the routes as above, which call a forced tool too. Messages (Claude Code): ok (a tool forced
  // by tool_choice is called) | beta-anthropic | beta-other (an anthropic-beta value outside
  // a small accepted set) | beta-count-other (thinking-token-count-2026-05-13 alone) | context-anthropic | context-other (context_management) |
  // max-tokens-anthropic | max-tokens-other (max_tokens over 8192) | thinking-other (thinking
  // enabled) | tools-dropped (text only, whatever tool_choice says). Responses (Codex): codex-ok
  // | codex-store-refused | codex-include-refused | codex-reasoning-refused (reasoning.summary) |
  // codex-tools-dropped. "-anthropic" refusals are in Anthropic's words, which Claude Code
  // recovers from; "-other" in another gateway's. A request without the refused thing succeeds.
  std::string agent;
  // How the model answers the capability probes (fake_capabilities.cpp, capabilities.hpp):
  // "capability:way" items, comma-separated (tools:ignored,vision:refused-openai); one not
  // named works (but tools that Config::agent drops are ignored). A non-streamed request's
  // features say which capability it probes: an image in the last user message (vision), a
  // JSON schema format (json_schema: chat and responses), a reasoning effort or thinking
  // enabled (reasoning), tools with parallel calls allowed (parallel_tools), with a call
  // required (tool_choice), with one forced by name (tools). Ways: works | refused-openai (the
  // API's own words: OpenAI's, Anthropic's on messages) | refused-anthropic | refused-litellm |
  // refused-vllm | refused-newapi (500 convert_request_failed) | refused-ollama | ignored (as
  // if never sent) | emulated (the call, the JSON or the thinking written as text; not vision)
  // | partial (parallel_tools: one call) | declines (the model's refusal) | empty; answers to
  // fool a lazy judge: name-in-text (the tool capabilities) | garbled, wrong-tool (tools) |
  // key-in-prose (json_schema) | number-in-refusal, wrong-number, misread (vision) |
  // same-effort (reasoning). Each a scenario "cap-CAPABILITY-WAY" on the three APIs, and
  // cap-all-works.
  std::string capability;
};

// The model Claude Code 2.1.328 asks for when ANTHROPIC_MODEL is unset (docs/notes-agent-requests.md).
inline constexpr const char* kClaudeCodeDefaultModel = "claude-opus-5-5";

// What the server recorded of the completions it served, for its usage-log route.
struct LogEntry {
  std::string status, error_code, cost;
};

// The request id of a past stream failure that the usage log knows.
inline constexpr const char* kPastFailureId = "req_past_stream_failure";

// Named scenarios, shared by the tests and the standalone binary.
Config scenario(const std::string& name);  // throws std::invalid_argument for unknown names
std::vector<std::string> scenario_names();

struct Recorded {
  std::string method, path, authorization, content_type, body;
  std::string target;  // the request target as sent: path and raw (still encoded) query
  std::map<std::string, std::string> headers;  // lower-case names; the last of each name
};

struct TlsFiles {
  std::string cert, key;
};

class Server {
 public:
  explicit Server(Config config, std::optional<TlsFiles> tls = std::nullopt);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  std::string origin() const;    // http://127.0.0.1:PORT
  std::string base_url() const;  // origin + prefix
  std::vector<Recorded> received() const;
  // Requests with messages (or input) that passed authentication, on any of the three APIs:
  // what a platform could bill.
  int billable() const;
  // Also appends each request to this file as it arrives, one JSON object a line (method,
  // target, headers, body): what a test of another process's requests reads.
  void record_to(const std::string& path);
  // From now on, every request that carries a key is refused with 401 as a revoked key is
  // (OpenAI's words), until called with false: a gateway that breaks, and recovers, mid-watch.
  void revoke_key(bool revoked) { revoked_ = revoked; }
  // From now on, every stream's first token comes this many milliseconds later (on all three
  // APIs): a gateway that got slower between two runs.
  void slow_streams(int extra_ms) { slower_streams_ = extra_ms; }
  // From now on, chat streams are held back and written at once at their end, as a proxy
  // that buffers them would (a gateway that got a buffering proxy in front between runs).
  void hold_streams(bool held) { hold_streams_ = held; }

 private:
  void install_routes();
  // `deployment`: the model named by Azure's path, whose key comes in an api-key header.
  void serve_chat(const httplib::Request& req, httplib::Response& res, const std::string& id,
                  const std::string& deployment = "");
  void serve_azure(const httplib::Request& req, httplib::Response& res, const std::string& id);
  bool serve_balance(const httplib::Request& req, httplib::Response& res);
  void log(const std::string& id, LogEntry entry);
  bool serves(const std::string& api) const;  // named in config_.apis
  void serve_missing(const httplib::Request& req, httplib::Response& res);  // as missing_route says
  // Anthropic's Messages API (fake_messages.cpp): the route, count_tokens, the models listing.
  void serve_messages(const httplib::Request& req, httplib::Response& res, const std::string& id);
  void serve_count_tokens(const httplib::Request& req, httplib::Response& res);
  void serve_anthropic_models(httplib::Response& res);
  // OpenAI's Responses API (fake_responses.cpp).
  void serve_responses(const httplib::Request& req, httplib::Response& res, const std::string& id);

  Config config_;
  std::unique_ptr<httplib::Server> http_;
  bool tls_ = false;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Recorded> received_;
  std::string record_path_;
  std::map<std::string, LogEntry> logs_;
  int billable_ = 0;
  std::string huge_catalog_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> revoked_{false};
  std::atomic<int> slower_streams_{0};
  std::atomic<bool> hold_streams_{false};
};

// Accepts connections and never answers: for timeouts.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  int port() const { return port_; }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
};

// A loopback port on which nothing listens.
int closed_port();

}  // namespace fake
