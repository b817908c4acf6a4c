#include "fake/fake_server.hpp"
#include "fake/capabilities.hpp"
#include "fake/replies.hpp"
#include "fake/shapes.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>
#include <stdexcept>

namespace fake {

using nlohmann::json;

namespace {

// 20 MB of spaces, gzip-compressed (zlib with a gzip header): a few KB on the wire.
std::string gzip_bomb() {
  static const std::string bomb = [] {
    const std::string plain(20u << 20, ' ');
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, plain.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }();
  return bomb;
}

// Debian's cpp-httplib is a shared library built with a listen backlog of 5: a client that
// opens twenty connections at once (ten models) has SYNs dropped, each costing a second.
// Real servers queue hundreds (nginx: 511); Linux lets a second listen() widen the queue.
void widen_backlog(int port) {
  for (int fd = 3; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0 || addr.ss_family != AF_INET) continue;
    if (ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port) == port) ::listen(fd, 511);
  }
}

// The modes of the messages and responses routes (fake_server.hpp), each a scenario
// "messages-MODE" or "responses-MODE" beside a healthy chat route.
const std::vector<std::string> kMessagesModes = {
    "ok", "pings", "no-stop", "cut", "no-start-usage", "unpaired", "stop-twice", "name-mismatch",
    "out-of-order", "block-unclosed", "error-event", "buffered", "overloaded", "api-error",
    "rate-limit", "billing", "permission", "convert-failed", "beta-refused", "no-event-lines"};
const std::vector<std::string> kResponsesModes = {
    "ok", "no-terminal", "cut", "not-created-first", "seq-back", "two-terminals", "failed", "reasoning",
    "incomplete", "incomplete-empty", "done-after", "no-usage", "error-event", "buffered",
    "name-mismatch", "rate-limit", "upstream", "convert-failed"};
// What agent clients send, refused or ignored (Config::agent), each a scenario "agent-MODE";
// "model-missing" is "ok" without the model Claude Code asks for by default.
const std::vector<std::string> kAgentModes = {
    "ok", "beta-anthropic", "beta-other", "beta-count-other", "context-anthropic", "context-other", "max-tokens-anthropic",
    "max-tokens-other", "thinking-other", "tools-dropped", "model-missing", "codex-ok",
    "codex-store-refused", "codex-include-refused", "codex-reasoning-refused", "codex-tools-dropped"};

}  // namespace

Config scenario(const std::string& name) {
  auto names = scenario_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw std::invalid_argument("unknown scenario \"" + name + "\" (--list shows them)");
  Config c;
  if (name == "healthy") return c;
  if (name == "forbidden") c.chat = "forbidden";
  else if (name == "website") c.chat = "website";
  else if (name == "model-disabled") c.models[0].status = "disabled";
  else if (name == "catalog-openai") c.catalog = "data";
  else if (name == "catalog-missing") c.catalog = "missing";
  else if (name == "catalog-html") c.catalog = "html";
  else if (name == "catalog-garbage") c.catalog = "garbage";
  else if (name == "catalog-deep") c.catalog = "deep";
  else if (name == "key-echo-forms") c.echo = "forms";
  else if (name == "key-echo-hostile") c.echo = "hostile";
  else if (name == "balance-endpoint-nan") c.balance = "nan";
  else if (name.rfind("completion-", 0) == 0) c.completion = name.substr(11);
  else if (name.rfind("stream-", 0) == 0) c.stream = name.substr(7);
  else if (name == "balance-endpoint-healthy") c.balance = "healthy";
  else if (name == "balance-endpoint-empty") c.balance = "empty";
  else if (name == "usage-log") c.usage_log = true;
  else if (name == "clock-skew") c.clock_offset_s = 600;
  else if (name == "catalog-huge") c.catalog = "huge";
  else if (name == "trickle") c.chat = "trickle";
  else if (name == "huge-headers") c.chat = "huge-headers";
  else if (name == "long-header-line") c.chat = "long-header-line";
  else if (name == "gzip-bomb") c.chat = "gzip-bomb";
  else if (name.rfind("shape-", 0) == 0) c.shape = name.substr(6);
  else if (name == "body-first") c.body_first = true;
  else if (name == "unlisted-model") c.unlisted = true;
  else if (name == "headers-20k") c.header_padding = 20 * 1024;
  else if (name == "reasoning-model") c.reasoning_budget = 64;
  else if (name == "azure") {
    c.gateway = "azure";
    c.prefix = "/openai";
  }
  else if (name == "litellm") {
    c.gateway = "litellm";
    c.prefix = "";  // LiteLLM serves /chat/completions at the root (and under /v1)
    c.balance = "healthy";
    c.catalog = "data";
  }
  else if (name == "litellm-over-budget") {
    c.gateway = "litellm";
    c.prefix = "";  // LiteLLM serves /chat/completions at the root (and under /v1)
    c.balance = "empty";
    c.catalog = "data";
    c.completion = "litellm-budget";
  }
  else if (name == "openai-org") {
    c.organization = kGoodOrg;
    c.project = kGoodProject;
  }
  else if (name == "reasoning-strict") {
    c.reasoning_budget = 64;
    c.reasoning_strict = true;
  }
  else if (name == "three-apis") c.apis = "chat,messages,responses";
  else if (name == "messages-only") c.apis = "messages";  // an Anthropic-only gateway
  else if (name == "chat-responses") c.apis = "chat,responses";
  else if (name.rfind("agent-codex-", 0) == 0) {  // Codex's side: the Responses API
    c.apis = "chat,responses";
    c.agent = name.substr(6);
  }
  else if (name.rfind("agent-", 0) == 0) {  // Claude Code's side: the Messages API
    c.apis = "chat,messages";
    c.agent = name == "agent-model-missing" ? "ok" : name.substr(6);
    if (name != "agent-model-missing") c.models.push_back({kClaudeCodeDefaultModel, "active"});
  }
  else if (name.rfind("messages-auth-", 0) == 0) {
    c.apis = "chat,messages";
    c.messages_auth = name.substr(14);
  }
  else if (name.rfind("count-tokens-", 0) == 0) {
    c.apis = "chat,messages";
    c.count_tokens = name.substr(13);
  }
  else if (name.rfind("messages-", 0) == 0) {
    c.apis = "chat,messages";
    c.messages = name.substr(9);
  }
  else if (name.rfind("responses-", 0) == 0) {
    c.apis = "chat,responses";
    c.responses = name.substr(10);
  }
  else if (name.starts_with("cap-")) {  // cap-CAPABILITY-WAY: capability ids have no '-'
    c.apis = "chat,messages,responses";
    std::string mode = name.substr(4);
    if (name != "cap-all-works") c.capability = mode.replace(mode.find('-'), 1, ":");
    else
      for (const auto& m : capability_modes())
        if (m.ends_with(":works")) c.capability += (c.capability.empty() ? "" : ",") + m;
  }
  else if (name.rfind("missing-", 0) == 0) c.missing_route = name.substr(8);  // chat only
  else if (name == "gateway-latency") {  // a healthy gateway that takes its time, for scripts/bench.sh
    c.apis = "chat,messages,responses";
    c.balance = "healthy";
    c.usage_log = true;
    c.catalog_ms = c.account_ms = 30;
    c.completion_ms = c.first_token_ms = 300;
    c.token_gap_ms = 2;
    for (int i = 1; i <= 6; ++i) c.models.push_back({"bench-model-" + std::to_string(i), "active"});
  }
  else throw std::invalid_argument("unknown scenario \"" + name + "\"");
  return c;
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names = {"healthy",        "forbidden",       "website",
                                    "model-disabled", "catalog-openai",  "catalog-missing",
                                    "catalog-html",   "catalog-garbage", "catalog-deep", "key-echo-forms", "key-echo-hostile", "balance-endpoint-nan", "balance-endpoint-healthy",
                                    "balance-endpoint-empty", "usage-log", "clock-skew",
                                    "catalog-huge", "trickle", "gateway-latency", "huge-headers",
                                    "long-header-line", "gzip-bomb", "body-first",
                                    "unlisted-model", "headers-20k", "reasoning-model",
                                    "reasoning-strict", "openai-org",
                                    "azure", "litellm", "litellm-over-budget"};
  for (const auto& s : shapes()) names.push_back("shape-" + s.name);
  for (const char* c : {"balance-429", "balance-402", "rate-limit", "quota-403", "model-disabled",
                        "upstream-json", "upstream-html", "error-inside", "empty", "min-tokens",
                        "deep-json", "long-message", "controls", "markup", "redirect", "context-length"})
    names.push_back(std::string("completion-") + c);
  for (const char* s : {"broken", "clean-close", "error-event", "error-chunk", "no-usage",
                        "reject-options", "slow", "huge", "paced", "buffered", "held-short", "burst-short", "long", "stall", "long-stall",
                        "late-headers", "edge-524"})
    names.push_back(std::string("stream-") + s);
  for (const char* n : {"three-apis", "messages-only", "chat-responses", "messages-auth-x-api-key",
                        "messages-auth-bearer", "count-tokens-ok", "count-tokens-zero", "missing-oneapi",
                        "missing-fastapi", "missing-plain", "missing-method"})
    names.push_back(n);
  for (const auto& m : kMessagesModes) names.push_back("messages-" + m);
  for (const auto& m : kAgentModes) names.push_back("agent-" + m);
  for (const auto& m : kResponsesModes) names.push_back("responses-" + m);
  names.push_back("cap-all-works");
  for (std::string m : capability_modes()) names.push_back("cap-" + m.replace(m.find(':'), 1, "-"));
  return names;
}

Server::Server(Config config, std::optional<TlsFiles> tls) : config_(std::move(config)) {
  if (tls) {
    http_ = std::make_unique<httplib::SSLServer>(tls->cert.c_str(), tls->key.c_str());
    tls_ = true;
    if (!http_->is_valid()) throw std::runtime_error("fake server: bad TLS certificate or key");
  } else {
    http_ = std::make_unique<httplib::Server>();
  }
  logs_[kPastFailureId] = {"error", "UPSTREAM_STREAM_INTERRUPTED", "0"};
  if (config_.catalog == "huge") {  // about 50 MB, larger than any body cap: built before serving
    const std::string item = R"({"code": "model-000000", "status": "active", "displayName": ")" +
                             std::string(40, 'x') + "\"},";
    huge_catalog_.reserve(52u << 20);
    huge_catalog_ = "{\"items\": [";
    while (huge_catalog_.size() < (50u << 20)) huge_catalog_ += item;
    huge_catalog_ += R"({"code": "qwen-flash", "status": "active"}]})";
  }
  // Concurrent clients: a thread per open connection (httplib keeps one busy while the
  // connection is kept alive), so a run with ten models' requests never queues here.
  http_->new_task_queue = [] { return new httplib::ThreadPool(96); };
  http_->set_tcp_nodelay(true);  // as real servers do: no Nagle delay on small answers
  install_routes();
  port_ = http_->bind_to_any_port(config_.host);
  if (port_ <= 0) throw std::runtime_error("fake server: cannot bind a loopback port");
  widen_backlog(port_);
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  // httplib's stop() does nothing before its loop runs: a server stopped at once would hang.
  for (int i = 0; i < 10000 && !http_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

Server::~Server() {
  stopping_ = true;
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string Server::origin() const {
  return std::string(tls_ ? "https" : "http") + "://" + config_.host + ":" + std::to_string(port_);
}

std::string Server::base_url() const { return origin() + config_.prefix; }

std::vector<Recorded> Server::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

int Server::billable() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return billable_;
}

void Server::record_to(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  record_path_ = path;
}

void Server::log(const std::string& id, LogEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  logs_[id] = std::move(entry);
}

void Server::install_routes() {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    std::string id;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::map<std::string, std::string> headers;
      for (const auto& [name, value] : req.headers) {
        std::string lower = name;
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        headers[lower] = value;
      }
      received_.push_back({req.method, req.path, req.get_header_value("Authorization"),
                           req.get_header_value("Content-Type"), req.body, req.target, std::move(headers)});
      if (!record_path_.empty()) {
        const Recorded& r = received_.back();
        const json body = json::parse(r.body, nullptr, false);
        std::ofstream(record_path_, std::ios::app)
            << json{{"method", r.method}, {"target", r.target}, {"headers", r.headers},
                    {"body", body.is_discarded() ? json(r.body) : body}}.dump(-1, ' ', false, json::error_handler_t::replace)
            << "\n";
      }
      id = "req_" + std::to_string(received_.size());
      res.set_header("x-request-id", id);
    }
    std::time_t now = std::time(nullptr) + config_.clock_offset_s;
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&now));
    res.set_header("Date", date);
    if (revoked_ && (req.has_header("Authorization") || req.has_header("x-api-key"))) {
      send_json(res, 401, {{"error", {{"message", "Incorrect API key provided. The key was revoked."},
                                      {"type", "invalid_request_error"}, {"code", "invalid_api_key"}}}});
      return;
    }
    const Config& c = config_;
    for (int i = 0; i * 1000 < c.header_padding; ++i)  // a proxy's cookies and tracing headers
      res.set_header("X-Padding-" + std::to_string(i), std::string(990, 'p'));
    if (const Shape* shape = find_shape(c.shape);
        shape && shape->where == "front" &&
        (shape->unless_header.empty() || !req.has_header(shape->unless_header))) {
      play(*shape, res);
      return;
    }
    if (c.chat == "huge-headers") {  // 100 KiB of headers: not what an API sends
      for (int i = 0; i < 100; ++i) res.set_header("X-Filler-" + std::to_string(i), std::string(1000, 'x'));
      send_json(res, 200, json::object());
      return;
    }
    if (c.chat == "gzip-bomb") {  // hostile: 20 KB that inflate to 20 MB
      res.status = 401;
      res.set_header("Content-Encoding", "gzip");
      res.set_content(gzip_bomb(), "application/json");
      return;
    }
    if (c.chat == "long-header-line") {  // hostile: one header line of 1 MB
      res.set_header("X-Filler", std::string(1u << 20, 'x'));
      send_json(res, 200, json::object());
      return;
    }
    if (c.chat == "website") {
      res.set_content(kWebsite, "text/html; charset=utf-8");
      return;
    }
    const std::string chat = c.prefix + "/chat/completions";
    if (c.chat == "trickle") {  // one byte every 100 ms, for ever: only a time limit ends it
      res.set_chunked_content_provider("application/json", [this](size_t, httplib::DataSink& sink) {
        while (!stopping_ && sink.is_writable()) {
          sink.write(" ", 1);
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
      });
      return;
    }
    const std::string models = c.prefix + "/models";
    if (c.gateway == "azure") {
      serve_azure(req, res, id);
      return;
    }
    if (req.method == "POST" && req.path == chat && serves("chat")) {
      serve_chat(req, res, id);
      return;
    }
    if (req.method == "POST" && req.path == c.prefix + "/messages" && serves("messages")) {
      serve_messages(req, res, id);
      return;
    }
    if (req.method == "POST" && req.path == c.prefix + "/messages/count_tokens" && serves("messages") &&
        c.count_tokens != "absent") {
      serve_count_tokens(req, res);
      return;
    }
    if (req.method == "POST" && req.path == c.prefix + "/responses" && serves("responses")) {
      serve_responses(req, res, id);
      return;
    }
    auto pause = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
    if (req.method == "GET" && c.balance != "none" && serve_balance(req, res)) {
      pause(c.account_ms);
      return;
    }
    if (req.method == "GET" && req.path == c.prefix + "/usage/logs" && c.usage_log) {
      pause(c.account_ms);
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = logs_.find(req.get_param_value("request_id"));
      json data = json::array();
      if (it != logs_.end())
        data.push_back({{"request_id", it->first},
                        {"status", it->second.status},
                        {"error_code", it->second.error_code.empty() ? json(nullptr)
                                                                     : json(it->second.error_code)},
                        {"cost", it->second.cost}});
      send_json(res, 200, {{"data", data}});
      return;
    }
    if (req.method == "GET" && req.path == models && serves("messages") && req.has_header("anthropic-version")) {
      serve_anthropic_models(res);  // an Anthropic client's listing
      return;
    }
    if (req.method == "GET" && req.path == models && c.catalog != "missing") {
      pause(c.catalog_ms);
      if (c.catalog == "huge") {
        res.set_content(huge_catalog_, "application/json");
      } else if (c.catalog == "html") {
        res.set_content(kWebsite, "text/html");
      } else if (c.catalog == "deep") {  // hostile: 50,000 levels
        res.set_content("{\"items\":" + std::string(50000, '[') + std::string(50000, ']') + "}",
                        "application/json");
      } else if (c.catalog == "garbage") {
        res.set_content("{\"items\": [", "application/json");
      } else if (c.catalog == "data") {
        json data = json::array();
        for (const auto& m : c.models)
          if (m.status == "active" && !(c.unlisted && &m == &c.models[0]))
            data.push_back({{"id", m.code}, {"object", "model"}});
        send_json(res, 200, {{"object", "list"}, {"data", data}});
      } else {
        json items = json::array();
        for (const auto& m : c.models)
          if (!(c.unlisted && &m == &c.models[0]))
            items.push_back({{"code", m.code},
                           {"providerCode", "upstream"},
                           {"displayName", m.code},
                           {"status", m.status},
                           {"inputPricePer1k", "0.00007"},
                           {"outputPricePer1k", "0.0002"}});
        send_json(res, 200, {{"items", items}});
      }
      return;
    }
    serve_missing(req, res);
  };
  http_->Get(".*", handler);
  http_->Post(".*", handler);
}

bool Server::serves(const std::string& api) const {
  const std::string list = "," + config_.apis + ",";
  return list.find("," + api + ",") != std::string::npos;
}

// A route the gateway does not serve, in the words of the software in front.
void Server::serve_missing(const httplib::Request& req, httplib::Response& res) {
  const std::string& how = config_.missing_route;
  if (how == "oneapi") {
    send_ordered(res, 404, {{"error", {{"message", "Invalid URL (" + req.method + " " + req.path + ")"},
                                       {"type", "invalid_request_error"}, {"param", ""}, {"code", ""}}}});
  } else if (how == "fastapi") {
    send_ordered(res, 404, {{"detail", "Not Found"}});
  } else if (how == "plain") {  // Go's http.NotFound, byte for byte
    res.status = 404;
    res.set_content("404 page not found\n", "text/plain; charset=utf-8");
  } else if (how == "method" && req.method != "GET") {
    res.status = 405;
    res.set_header("Allow", "GET");
  } else {
    send_json(res, 404, error_body("Unknown request URL: " + req.method + " " + req.path,
                                   "invalid_request_error", "unknown_url"));
  }
}

// Each gateway's balance or key-info endpoint, in its own route and shape (API-FACTS.md).
bool Server::serve_balance(const httplib::Request& req, httplib::Response& res) {
  const Config& c = config_;
  const bool empty = c.balance == "empty";
  const std::string& p = c.prefix;
  json body;
  if (c.gateway == "anlinkai" && req.path == p + "/account/balance") {
    body = {{"data", {{"available", c.balance == "nan" ? "NaN" : empty ? "0.00" : "12.50"}, {"currency", "USD"}}}};
  } else if (c.gateway == "deepseek" && req.path == "/user/balance") {
    body = {{"is_available", !empty},
            {"balance_infos", {{{"currency", "CNY"}, {"total_balance", empty ? "0.00" : "110.00"},
                                {"granted_balance", "10.00"}, {"topped_up_balance", "100.00"}}}}};
  } else if (c.gateway == "openrouter" && req.path == p + "/key") {
    body = {{"data", {{"label", "sk-or-v1-a1b…"}, {"usage", 1.25}, {"is_free_tier", false},
                      {"limit_remaining", c.balance == "unlimited" ? json(nullptr) : json(empty ? 0.0 : 8.75)}}}};
  } else if (c.gateway == "siliconflow" && req.path == p + "/user/info") {
    body = {{"code", 20000}, {"data", {{"balance", empty ? "0.00" : "0.88"},
                                       {"totalBalance", empty ? "0.00" : "88.88"}}}};
  } else if (c.gateway == "moonshot" && req.path == p + "/users/me/balance") {
    body = {{"code", 0}, {"data", {{"available_balance", empty ? -0.5 : 49.58},
                                   {"cash_balance", empty ? -0.5 : 46.58}}}};
  } else if (c.gateway == "litellm" && req.path == "/key/info") {
    body = {{"key", "hashed-token"}, {"info", {{"spend", empty ? 10.52 : 1.25}, {"max_budget", 10.0},
                                              {"models", json::array()}, {"user_id", nullptr}}}};
  } else if (c.gateway == "litellm" && req.path == "/spend/logs") {
    std::lock_guard<std::mutex> lock(mutex_);
    json list = json::array();
    if (auto it = logs_.find(req.get_param_value("request_id")); it != logs_.end())
      list.push_back({{"request_id", it->first}, {"call_type", "acompletion"},
                      {"status", it->second.status}, {"spend", std::stod(it->second.cost)}});
    body = list;
  } else if (c.gateway == "openrouter" && req.path == p + "/generation") {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = logs_.find(req.get_param_value("id"));
    if (it == logs_.end()) {
      send_json(res, 404, {{"error", {{"message", "Generation not found"}, {"code", 404}}}});
      return true;
    }
    body = {{"data", {{"id", it->first}, {"model", "qwen-flash"}, {"total_cost", std::stod(it->second.cost)},
                      {"finish_reason", it->second.status == "success" ? "stop" : "error"}}}};
  } else if (c.gateway == "newapi" && req.path == "/api/usage/token") {
    body = {{"code", true}, {"data", {{"total_available", empty ? 0 : 500000},
                                      {"unlimited_quota", c.balance == "unlimited"}}}};
  } else {
    return false;
  }
  send_json(res, 200, body);
  return true;
}

SilentServer::SilentServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("silent server: cannot listen on loopback");
  port_ = ntohs(addr.sin_port);
  // The kernel completes handshakes into the backlog: connections succeed, nothing answers.
}

SilentServer::~SilentServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace fake
