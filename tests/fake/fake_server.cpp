#include "fake/fake_server.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace fake {

namespace {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

json error_body(const std::string& message, const std::string& type, const std::string& code) {
  return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
}

const char* kWebsite =
    "<!doctype html><html><head><title>AnLinkAI - LLM gateway</title></head>"
    "<body><h1>Welcome</h1></body></html>";

}  // namespace

Config scenario(const std::string& name) {
  Config c;
  if (name == "healthy") return c;
  if (name == "forbidden") c.chat = "forbidden";
  else if (name == "website") c.chat = "website";
  else if (name == "model-disabled") c.models[0].status = "disabled";
  else if (name == "catalog-openai") c.catalog = "data";
  else if (name == "catalog-missing") c.catalog = "missing";
  else if (name == "catalog-html") c.catalog = "html";
  else if (name == "catalog-garbage") c.catalog = "garbage";
  else throw std::invalid_argument("unknown scenario \"" + name + "\"");
  return c;
}

std::vector<std::string> scenario_names() {
  return {"healthy",        "forbidden",       "website",      "model-disabled",
          "catalog-openai", "catalog-missing", "catalog-html", "catalog-garbage"};
}

Server::Server(Config config, std::optional<TlsFiles> tls) : config_(std::move(config)) {
  if (tls) {
    http_ = std::make_unique<httplib::SSLServer>(tls->cert.c_str(), tls->key.c_str());
    tls_ = true;
    if (!http_->is_valid()) throw std::runtime_error("fake server: bad TLS certificate or key");
  } else {
    http_ = std::make_unique<httplib::Server>();
  }
  install_routes();
  port_ = http_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake server: cannot bind a loopback port");
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

Server::~Server() {
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string Server::origin() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string Server::base_url() const { return origin() + config_.prefix; }

std::vector<Recorded> Server::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

void Server::install_routes() {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      received_.push_back({req.method, req.path, req.get_header_value("Authorization"),
                           req.get_header_value("Content-Type"), req.body});
      res.set_header("x-request-id", "req_" + std::to_string(received_.size()));
    }
    const Config& c = config_;
    if (c.chat == "website") {
      res.set_content(kWebsite, "text/html; charset=utf-8");
      return;
    }
    const std::string chat = c.prefix + "/chat/completions";
    const std::string models = c.prefix + "/models";
    if (req.method == "POST" && req.path == chat) {
      if (c.chat == "redirect") {
        res.status = 301;
        res.set_header("Location", c.redirect_to);
        res.set_content("<html><body>Moved</body></html>", "text/html");
        return;
      }
      const std::string auth = req.get_header_value("Authorization");
      if (auth != std::string("Bearer ") + kGoodKey) {
        // Real gateways echo the key they got: the doctor must mask it in its report.
        std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : auth;
        send_json(res, 401, error_body("Incorrect API key provided: " + given,
                                       "invalid_request_error", "invalid_api_key"));
        return;
      }
      if (c.chat == "forbidden") {
        send_json(res, 403, error_body("This key's role may not call this route",
                                       "permission_error", "forbidden"));
        return;
      }
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded() || !body.is_object() || !body.contains("model") ||
          !body["messages"].is_array() || body["messages"].empty()) {
        send_json(res, 400, error_body("messages must be a non-empty array",
                                       "invalid_request_error", "invalid_request_body"));
        return;
      }
      const std::string model = body["model"].is_string() ? body["model"].get<std::string>() : "";
      for (const auto& m : c.models) {
        if (m.code != model) continue;
        if (m.status != "active") {
          send_json(res, 403, error_body("model " + model + " is disabled", "invalid_request_error",
                                         "model_disabled"));
          return;
        }
        send_json(res, 200,
                  {{"id", "chatcmpl-1"},
                   {"object", "chat.completion"},
                   {"model", model},
                   {"choices", {{{"index", 0},
                                 {"message", {{"role", "assistant"}, {"content", "ok"}}},
                                 {"finish_reason", "length"}}}},
                   {"usage", {{"prompt_tokens", 5}, {"completion_tokens", 1}, {"total_tokens", 6}}}});
        return;
      }
      send_json(res, 404, error_body("model " + model + " not found", "invalid_request_error",
                                     "model_not_found"));
      return;
    }
    if (req.method == "GET" && req.path == models && c.catalog != "missing") {
      if (c.catalog == "html") {
        res.set_content(kWebsite, "text/html");
      } else if (c.catalog == "garbage") {
        res.set_content("{\"items\": [", "application/json");
      } else if (c.catalog == "data") {
        json data = json::array();
        for (const auto& m : c.models)
          if (m.status == "active") data.push_back({{"id", m.code}, {"object", "model"}});
        send_json(res, 200, {{"object", "list"}, {"data", data}});
      } else {
        json items = json::array();
        for (const auto& m : c.models)
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
    send_json(res, 404, error_body("Unknown request URL: " + req.method + " " + req.path,
                                   "invalid_request_error", "unknown_url"));
  };
  http_->Get(".*", handler);
  http_->Post(".*", handler);
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
