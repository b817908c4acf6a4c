// The fake gateway's chat route: authentication, body checks, the scenario's completion
// behaviour, and streams that end in every way a real one can.
#include <algorithm>
#include <chrono>
#include <thread>
#include <tuple>

#include "fake/capabilities.hpp"
#include "fake/encodings.hpp"
#include "fake/fake_server.hpp"
#include "fake/replies.hpp"
#include "fake/shapes.hpp"

namespace fake {

namespace {

using nlohmann::json;

json completion(const std::string& model) {
  return {{"id", "chatcmpl-1"},
          {"object", "chat.completion"},
          {"model", model},
          {"choices", {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", "ok"}}},
                        {"finish_reason", "length"}}}},
          {"usage", {{"prompt_tokens", 5}, {"completion_tokens", 1}, {"total_tokens", 6}}}};
}

std::string event(const json& chunk) { return "data: " + chunk.dump() + "\r\n\r\n"; }

json chunk(const json& delta, const json& finish_reason) {
  return {{"id", "chatcmpl-1"},
          {"object", "chat.completion.chunk"},
          {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish_reason}}}},
          {"usage", nullptr}};
}

// Answers a refusal the scenario asks for; false when the completion should go ahead.
bool refuse(const std::string& mode, const std::string& model, int max_tokens,
            httplib::Response& res) {
  if (mode == "balance-429") {
    send_json(res, 429, error_body("Your balance is insufficient for this request",
                                   "insufficient_quota", "insufficient_quota"));
  } else if (mode == "balance-402") {
    send_json(res, 402, error_body("Insufficient Balance", "payment_required", "insufficient_balance"));
  } else if (mode == "rate-limit") {
    res.set_header("Retry-After", "20");
    res.set_header("x-ratelimit-remaining-requests", "0");
    send_json(res, 429, error_body("Rate limit reached for requests", "requests", "rate_limit_exceeded"));
  } else if (mode == "quota-403") {
    send_json(res, 403, error_body("user quota is not enough (request id: 20261124abc)",
                                   "new_api_error", "pre_consume_token_quota_failed"));
  } else if (mode == "model-disabled") {
    send_json(res, 403, error_body("model " + model + " is disabled", "invalid_request_error",
                                   "model_disabled"));
  } else if (mode == "upstream-json") {
    send_json(res, 502, error_body("upstream provider error", "upstream_error", "upstream_failure"));
  } else if (mode == "upstream-html") {
    res.status = 502;
    res.set_content("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                    "text/html");
  } else if (mode == "deep-json") {  // hostile: 50,000 levels in 100 KB
    res.status = 500;
    res.set_content("{\"error\":" + std::string(50000, '[') + std::string(50000, ']') + "}",
                    "application/json");
  } else if (mode == "long-message") {  // hostile: a 30,000-character message, an open suffix
    std::string msg(30000, 'x');
    for (std::size_t i = 0; i < msg.size(); i += 40) msg.replace(i, 13, "(request id: ");
    send_json(res, 500, error_body(msg, "upstream_error", "upstream_failure"));
  } else if (mode == "markup") {  // hostile: HTML, SVG and CSS that would load or run if not escaped
    res.set_header("X-Request-Id", "req_\"><img src=http://leak.example/id.png>");
    send_json(res, 500, error_body(
        "upstream said </title></style></svg><script>fetch('http://leak.example/s')</script>"
        "<img src=http://leak.example/i.png onerror=alert(1)><svg onload=alert(2)><image href=http://leak.example/svg.png/></svg>"
        "<style>@import url(http://leak.example/c.css);body{background:url(http://leak.example/b.png)}</style>"
        "<a href=\"javascript:alert(3)\">help</a><meta http-equiv=refresh content=\"0;url=http://leak.example/m\">"
        "<iframe src=http://leak.example/f></iframe><link rel=stylesheet href=http://leak.example/l.css>"
        "&lt;script&gt; ' \" <!-- ]]> see https://leak.example/docs",
        "upstream_error", "<b>upstream</b>"));
  } else if (mode == "redirect") {  // a completion sent elsewhere with a 307
    res.status = 307;
    res.set_header("Location", "https://elsewhere.example/v1/chat/completions");
  } else if (mode == "controls") {  // hostile: C1 CSI, bidi override, invalid UTF-8, NUL
    res.status = 500;
    res.set_content("{\"error\":{\"message\":\"boom \xc2\x9b" "2J \xe2\x80\xae" "gnp.exe \xff\xfe "
                    "nul\\u0000end \x1b]8;;https://evil.example\x07link\",\"code\":\"x\\u0000y\"}}",
                    "application/json");
  } else if (mode == "litellm-budget") {
    send_json(res, 400, {{"error", {{"message", "Budget has been exceeded! Current cost: 10.52, Max budget: 10.0"},
                                    {"type", "budget_exceeded"}, {"param", nullptr}, {"code", "400"}}}});
  } else if (mode == "min-tokens" && max_tokens < 16) {
    json body = error_body("max_tokens must be at least 16", "invalid_request_error", "invalid_value");
    body["error"]["param"] = "max_tokens";
    send_json(res, 400, body);
  } else {
    return false;
  }
  return true;
}

// OpenAI's answers, word for word, to what its reasoning models do not take.
bool refuse_as_reasoning_model(const json& body, httplib::Response& res) {
  if (body.contains("max_tokens")) {
    json e = error_body("Unsupported parameter: 'max_tokens' is not supported with this model. "
                        "Use 'max_completion_tokens' instead.",
                        "invalid_request_error", "unsupported_parameter");
    e["error"]["param"] = "max_tokens";
    send_json(res, 400, e);
    return true;
  }
  for (const char* name : {"temperature", "top_p"}) {
    if (!body.contains(name) || !body[name].is_number() || body[name].get<double>() == 1.0) continue;
    json e = error_body(std::string("Unsupported value: '") + name + "' does not support " +
                            body[name].dump() + " with this model. Only the default (1) value is supported.",
                        "invalid_request_error", "unsupported_value");
    e["error"]["param"] = name;
    send_json(res, 400, e);
    return true;
  }
  return false;
}

}  // namespace

// Azure OpenAI's routes: /openai/deployments/{name}/chat/completions?api-version=V with the
// key in an api-key header; its answers word for word (API-FACTS.md).
void Server::serve_azure(const httplib::Request& req, httplib::Response& res, const std::string& id) {
  static const std::string kStart = "/openai/deployments/", kEnd = "/chat/completions";
  const std::string version = req.get_param_value("api-version");
  const bool known_version = version == "2024-10-21" || version == "2024-06-01" || version == "2025-04-01-preview";
  const std::string& path = req.path;
  const bool chat = req.method == "POST" && path.rfind(kStart, 0) == 0 && path.size() > kStart.size() + kEnd.size() &&
                    path.compare(path.size() - kEnd.size(), kEnd.size(), kEnd) == 0;
  if (!chat || !known_version) {
    res.status = 404;
    res.set_content(R"({"error":{"code":"404","message": "Resource not found"}})", "application/json");
    return;
  }
  if (req.get_header_value("api-key") != kGoodKey) {
    send_json(res, 401, {{"error", {{"code", "401"},
                                    {"message", "Access denied due to invalid subscription key or wrong API endpoint. "
                                                "Make sure to provide a valid key for an active subscription and use a "
                                                "correct regional API endpoint for your resource."}}}});
    return;
  }
  const std::string deployment = path.substr(kStart.size(), path.size() - kStart.size() - kEnd.size());
  bool deployed = false;
  for (const auto& m : config_.models) deployed |= m.code == deployment && m.status == "active";
  if (!deployed) {
    send_json(res, 404, {{"error", {{"code", "DeploymentNotFound"},
                                    {"message", "The API deployment for this resource does not exist. If you created "
                                                "the deployment within the last 5 minutes, please wait a moment and "
                                                "try again."}}}});
    return;
  }
  serve_chat(req, res, id, deployment);
}

void Server::serve_chat(const httplib::Request& req, httplib::Response& res, const std::string& id,
                        const std::string& deployment) {
  const Config& c = config_;
  if (c.chat == "redirect") {
    res.status = 301;
    res.set_header("Location", c.redirect_to);
    res.set_content("<html><body>Moved</body></html>", "text/html");
    return;
  }
  json body = json::parse(req.body, nullptr, false);
  auto without_messages = [&] {
    return body.is_discarded() || !body.is_object() || (!body.contains("model") && deployment.empty()) ||
           !body["messages"].is_array() || body["messages"].empty();
  };
  if (c.body_first && without_messages()) {  // validated before the key is looked at
    send_json(res, 400, error_body("messages must be a non-empty array", "invalid_request_error",
                                   "invalid_request_body"));
    return;
  }
  const std::string auth = req.get_header_value("Authorization");
  if (deployment.empty() && auth != std::string("Bearer ") + kGoodKey) {
    // Real gateways echo the key they got: the doctor must mask it in its report.
    std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : auth;
    if (c.echo == "forms") {
      std::string upper = given, lower = given;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      res.set_header("X-Echo", "key=" + lower);
      send_json(res, 401, error_body("Incorrect API key provided: " + given.substr(0, 132) + "; as sent: " +
                                         upper + " " + percent_encoded(given) + " " + base64(given) + " " +
                                         base64(auth),
                                     "invalid_request_error", "invalid_api_key"));
      return;
    }
    if (c.echo == "hostile") {
      std::string sent;
      for (const auto& [name, form] : hostile_forms(given))
        if (c.echo_form.empty() || c.echo_form == name) {
          sent += (sent.empty() ? "" : "; ") + name + ": " + form;
          if (res.get_header_value("X-Echo").empty()) res.set_header("X-Echo", form);
        }
      send_json(res, 401, error_body("Incorrect API key provided, as sent: " + sent, "invalid_request_error",
                                     "invalid_api_key"));
      return;
    }
    send_json(res, 401, error_body("Incorrect API key provided: " + given, "invalid_request_error",
                                   "invalid_api_key"));
    return;
  }
  for (const auto& [header, wanted, what] :
       {std::tuple{"OpenAI-Organization", c.organization, "organization"},
        std::tuple{"OpenAI-Project", c.project, "project"}}) {
    const std::string sent = req.get_header_value(header);
    if (wanted.empty() || sent.empty() || sent == wanted) continue;
    send_json(res, 401, error_body(std::string(header) + " header should match " + what + " for API key",
                                   "invalid_request_error", std::string("mismatched_") + what));
    return;
  }
  if (c.chat == "forbidden") {
    send_json(res, 403, error_body("This key's role may not call this route", "permission_error",
                                   "forbidden"));
    return;
  }
  if (c.rendezvous && body.is_object() && body["messages"].is_array() && body["messages"].empty()) {
    // Answer the key check only once a completion has arrived too: a client that waits for
    // this answer before it sends the completion gets a 503 after two seconds.
    bool met = false;
    for (int i = 0; i < 200 && !met && !stopping_; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        met = billable_ > 0;
      }
      if (!met) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!met) {
      send_json(res, 503, error_body("no completion arrived alongside", "upstream_error", "rendezvous"));
      return;
    }
  }
  if (without_messages()) {
    send_json(res, 400, error_body("messages must be a non-empty array", "invalid_request_error",
                                   "invalid_request_body"));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++billable_;
  }
  const bool streaming = body.value("stream", false);
  if (const Shape* shape = find_shape(c.shape);
      shape && (shape->where == "completion" || (shape->where == "stream" && streaming) ||
                (shape->where == "plain" && !streaming))) {
    play(*shape, res);
    return;
  }
  const std::string model = !deployment.empty() ? deployment
                            : body["model"].is_string() ? body["model"].get<std::string>() : "";
  const Model* found = nullptr;
  for (const auto& m : c.models)
    if (m.code == model) found = &m;
  if (!found) {
    send_json(res, 404, error_body("model " + model + " not found", "invalid_request_error",
                                   "model_not_found"));
    return;
  }
  if (found->status != "active") {
    send_json(res, 403, error_body("model " + model + " is disabled", "invalid_request_error",
                                   "model_disabled"));
    return;
  }
  if (c.reasoning_strict && refuse_as_reasoning_model(body, res)) return;
  const int max_tokens = body.value("max_tokens", body.value("max_completion_tokens", 256));
  if (c.completion == "context-length") {  // a 4096-token model: about 4 characters a token
    const int prompt = static_cast<int>(body.value("messages", json::array()).dump().size() / 4);
    if (prompt + max_tokens > 4096) {
      send_json(res, 400, error_body("This model's maximum context length is 4096 tokens. However, you requested " +
                                         std::to_string(prompt + max_tokens) + " tokens (" + std::to_string(prompt) +
                                         " in the messages, " + std::to_string(max_tokens) +
                                         " in the completion). Please reduce the length of the messages or "
                                         "completion.",
                                     "invalid_request_error", "context_length_exceeded"));
      log(id, {"error", "refused", "0"});
      return;
    }
  }
  if (refuse(c.completion, model, max_tokens, res)) {
    log(id, {"error", "refused", "0"});
    return;
  }
  const bool stream = body.value("stream", false);
  if (!stream) {
    // A capability probe, answered as the model would, unless the completion is broken anyway.
    const bool broken = c.completion == "error-inside" || c.completion == "empty" || max_tokens < c.reasoning_budget;
    if (!broken && answer_capability(c, Api::chat, body, res)) {
      log(id, res.status == 200 ? LogEntry{"success", "", "0.0000004"} : LogEntry{"error", "refused", "0"});
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(c.completion_ms));
    log(id, {"success", "", "0.0000004"});
    if (c.completion == "error-inside") {
      send_json(res, 200, error_body("upstream timed out", "upstream_error", "upstream_timeout"));
    } else if (max_tokens < c.reasoning_budget) {  // all of it spent thinking
      json r = completion(model);
      r["choices"][0]["message"]["content"] = "";
      r["choices"][0]["finish_reason"] = "length";
      r["usage"]["completion_tokens_details"] = {{"reasoning_tokens", max_tokens}};
      send_json(res, 200, r);
    } else if (c.completion == "empty") {
      res.set_content("", "application/json");
    } else {
      send_json(res, 200, completion(model));
    }
    return;
  }
  const bool wants_usage = body.contains("stream_options") &&
                           body["stream_options"].value("include_usage", false);
  if (c.stream == "reject-options" && body.contains("stream_options")) {
    send_json(res, 400, error_body("Unknown parameter: 'stream_options'", "invalid_request_error",
                                   "unknown_parameter"));
    return;
  }
  log(id, {c.stream == "ok" ? "success" : "error",
           c.stream == "ok" ? "" : "UPSTREAM_STREAM_INTERRUPTED", "0"});
  const std::string mode = c.stream;
  if (mode == "buffered") res.set_header("Server", "nginx/1.22.1");  // the proxy that held it
  // The long-request modes misbehave only on a long answer asked for (a token limit above the
  // stream check's 64), as a model that thinks before a long task does; a request without a
  // limit (as the SDK agreement test sends) gets a short one.
  const bool long_ask = (body.contains("max_tokens") || body.contains("max_completion_tokens")) && max_tokens > 64;
  if (mode == "late-headers" && long_ask)  // 3 s before the first byte, headers included
    for (int i = 0; i < 30 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (mode == "edge-524" && long_ask) {  // Cloudflare gave up waiting for the origin
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    res.set_header("Server", "cloudflare");
    res.set_header("CF-RAY", "8f1e2d3c4b5a6978-FRA");
    res.status = 524;
    res.set_content("<!DOCTYPE html><title>api.example.com | 524: A timeout occurred</title>", "text/html");
    return;
  }
  auto provider =
      [this, mode, wants_usage, max_tokens, long_ask, wait = c.first_token_ms + slower_streams_.load(),
       held_back = hold_streams_.load(),
       azure = !deployment.empty()](size_t, httplib::DataSink& sink) {
        // "buffered" plays a proxy that holds everything back and passes it on at the end;
        // "held-short" does so with a short answer (6 chunks of text, made over 1.5 s),
        // "burst-short" is a fast server that has the same short answer whole at once.
        std::string held;
        const bool holds = mode == "buffered" || mode == "held-short" || mode == "burst-short" || held_back;
        auto write = [&](const std::string& s) {
          if (holds) {
            held += s;
            return true;
          }
          return sink.write(s.data(), s.size());
        };
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        if (azure)  // Azure's first chunk: the prompt filter's results, with no choices
          write(event({{"id", ""}, {"object", ""}, {"created", 0}, {"model", ""}, {"choices", json::array()},
                       {"prompt_filter_results", {{{"prompt_index", 0}, {"content_filter_results",
                                                   {{"hate", {{"filtered", false}, {"severity", "safe"}}}}}}}}}));
        write(event(chunk({{"role", "assistant"}, {"content", ""}}, nullptr)));
        std::string second = event(chunk({{"content", "ok"}}, nullptr));
        write(second.substr(0, 10));  // an event split across writes
        write(second.substr(10));
        write(": keep-alive\r\n\r\n");
        if (mode == "broken") return false;  // the connection drops mid-transfer
        if (mode == "clean-close") {
          sink.done();
          return true;
        }
        if (mode == "error-event") {
          write(event({{"error", {{"message", "upstream connection reset"},
                                  {"code", "UPSTREAM_STREAM_INTERRUPTED"}}}}));
          sink.done();
          return true;
        }
        if (mode == "huge") {  // hostile: a valid stream of 10 MiB, past the doctor's 8 MiB cap
          const std::string filler = event(chunk({{"content", std::string(1000, 'x')}}, nullptr));
          for (std::size_t sent = 0; sent < (10u << 20) && !stopping_; sent += filler.size())
            if (!write(filler)) return false;
        }
        if (mode == "paced" || mode == "buffered") {
          // A real model's pace: 32 more tokens, 15 ms apart; a long answer held back by the
          // proxy has the rest at once (up to 2000 tokens, some 260 KB).
          const int tokens = mode == "buffered" && long_ask ? std::min(max_tokens, 2000) : 32;
          for (int i = 1; i <= tokens && !stopping_; ++i) {
            if (i <= 32) std::this_thread::sleep_for(std::chrono::milliseconds(15));
            if (!write(event(chunk({{"content", " " + std::to_string(i)}}, nullptr)))) return false;
          }
        }
        if (mode == "held-short" || mode == "burst-short")
          for (int i = 1; i <= 5 && !stopping_; ++i) {
            if (mode == "held-short") std::this_thread::sleep_for(std::chrono::milliseconds(300));
            write(event(chunk({{"content", " " + std::to_string(i)}}, nullptr)));
          }
        if (mode == "long" || mode == "stall" || mode == "long-stall") {
          // A token every 20 ms up to the limit; "stall" thinks 3 s in silence on a long answer,
          // "long-stall" 6 s (room for a proxy timer that fires late).
          const int silent_tenths = mode == "stall" ? 30 : mode == "long-stall" ? 60 : 0;
          for (int i = 1; i <= (long_ask ? max_tokens : std::min(max_tokens, 64)) && !stopping_; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (long_ask && i == 5)
              for (int t = 0; t < silent_tenths && !stopping_; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!write(event(chunk({{"content", " " + std::to_string(i)}}, nullptr)))) return false;
          }
        }
        if (mode == "slow") {
          for (int i = 0; i < 40 && !stopping_; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (mode == "error-chunk") {
          json bad = chunk(json::object(), "error");
          bad["error"] = {{"code", 502}, {"message", "Provider disconnected"}};
          write(event(bad));
        } else {
          write(event(chunk(json::object(), "length")));
        }
        if (wants_usage && mode != "no-usage")
          write(event({{"id", "chatcmpl-1"},
                       {"object", "chat.completion.chunk"},
                       {"choices", json::array()},
                       {"usage", {{"prompt_tokens", 5}, {"completion_tokens", 1},
                                  {"total_tokens", 6}}}}));
        write("data: [DONE]\r\n\r\n");
        if (!held.empty()) sink.write(held.data(), held.size());
        sink.done();
        return true;
      };
  stream_events(req, res, std::move(provider));
}

}  // namespace fake
