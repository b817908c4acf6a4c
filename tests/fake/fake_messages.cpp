// The fake gateway's Messages route, as Anthropic's API answers it (API-FACTS.md, "The two
// other APIs"): the key in x-api-key or a Bearer header, anthropic-version required, errors
// as {"type":"error","error":{...}}, and streams of named events that break in one way each.
#include <algorithm>
#include <chrono>
#include <thread>

#include "fake/agents.hpp"
#include "fake/capabilities.hpp"
#include "fake/fake_server.hpp"
#include "fake/replies.hpp"

namespace fake {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

// The key, in the header(s) the gateway takes it in.
bool anthropic_key_ok(const httplib::Request& req, const std::string& how) {
  const bool by_header = req.get_header_value("x-api-key") == kGoodKey;
  const bool by_bearer = req.get_header_value("Authorization") == std::string("Bearer ") + kGoodKey;
  if (how == "x-api-key") return by_header;
  if (how == "bearer") return by_bearer;
  return by_header || by_bearer;
}

// What both routes check first, in Anthropic's order: the key, the version header, a JSON
// object naming a model and a non-empty list of messages (with max_tokens when `needs_limit`).
// Answers and returns false on the first thing wrong.
bool anthropic_request_ok(const httplib::Request& req, httplib::Response& res, const std::string& how,
                          const json& body, bool needs_limit) {
  if (!anthropic_key_ok(req, how)) {
    send_anthropic_error(res, 401, "authentication_error", "invalid x-api-key");
    return false;
  }
  if (!req.has_header("anthropic-version")) {
    send_anthropic_error(res, 400, "invalid_request_error", "anthropic-version: header is required");
    return false;
  }
  std::string wrong;
  if (body.is_discarded() || !body.is_object())
    wrong = "There was an issue with your request body: it is not a JSON object";
  else if (!body.contains("model"))
    wrong = "model: Field required";
  else if (!body["model"].is_string())
    wrong = "model: Input should be a valid string";
  else if (needs_limit && !body.contains("max_tokens"))
    wrong = "max_tokens: Field required";
  else if (needs_limit && !body["max_tokens"].is_number_integer())
    wrong = "max_tokens: Input should be a valid integer";
  else if (needs_limit && body["max_tokens"].get<long long>() < 1)
    wrong = "max_tokens: Input should be greater than or equal to 1";
  else if (!body.contains("messages"))
    wrong = "messages: Field required";
  else if (!body["messages"].is_array())
    wrong = "messages: Input should be a valid list";
  else if (body["messages"].empty())
    wrong = "messages: at least one message is required";
  if (wrong.empty()) return true;
  send_anthropic_error(res, 400, "invalid_request_error", wrong);
  return false;
}

// Answers a refusal the mode asks for; false when the message should go ahead.
bool anthropic_refuse(const std::string& mode, const httplib::Request& req, httplib::Response& res) {
  if (mode == "overloaded") {
    send_anthropic_error(res, 529, "overloaded_error", "Overloaded");
  } else if (mode == "api-error") {
    send_anthropic_error(res, 500, "api_error", "Internal server error");
  } else if (mode == "rate-limit") {
    res.set_header("retry-after", "20");
    res.set_header("anthropic-ratelimit-requests-remaining", "0");
    send_anthropic_error(res, 429, "rate_limit_error",
                         "This request would exceed your organization's rate limit of 50 requests per minute.");
  } else if (mode == "billing") {
    send_anthropic_error(res, 400, "billing_error",
                         "Your credit balance is too low to access the Anthropic API. Please go to Plans & "
                         "Billing to upgrade or purchase credits.");
  } else if (mode == "permission") {
    send_anthropic_error(res, 403, "permission_error",
                         "Your API key does not have permission to use the specified resource.");
  } else if (mode == "convert-failed") {  // New API, when the channel cannot translate
    send_ordered(res, 500, {{"error", {{"message", "not implemented"}, {"type", "new_api_error"},
                                       {"code", "convert_request_failed"}}}});
  } else if (mode == "beta-refused" && req.has_header("anthropic-beta")) {
    send_anthropic_error(res, 400, "invalid_request_error",
                         "Unexpected value(s) `" + req.get_header_value("anthropic-beta") +
                             "` for the `anthropic-beta` header. Please consult our documentation or try "
                             "again without the header.");
  } else {
    return false;
  }
  return true;
}

// The answer that calls `tool` (Config::agent): one tool_use block, streamed when asked.
void answer_tool_use(const json& body, const std::string& tool, const std::string& msg_id, int input_tokens,
                     httplib::Response& res) {
  const std::string model = body["model"].get<std::string>();
  const ojson input = tool_arguments(body, tool);
  const std::string use_id = "toolu_" + msg_id.substr(4);
  const ojson usage = {{"input_tokens", input_tokens}, {"output_tokens", 8}};
  if (!body.value("stream", false)) {
    send_ordered(res, 200, {{"id", msg_id}, {"type", "message"}, {"role", "assistant"}, {"model", model},
                            {"content", {{{"type", "tool_use"}, {"id", use_id}, {"name", tool}, {"input", input}}}},
                            {"stop_reason", "tool_use"}, {"stop_sequence", nullptr}, {"usage", usage}});
    return;
  }
  const ojson message = {{"id", msg_id}, {"type", "message"}, {"role", "assistant"}, {"model", model},
                         {"content", ojson::array()}, {"stop_reason", nullptr}, {"stop_sequence", nullptr},
                         {"usage", {{"input_tokens", input_tokens}, {"output_tokens", 1}}}};
  std::string out = anthropic_event("message_start", {{"type", "message_start"}, {"message", message}});
  out += anthropic_event("content_block_start",
                         {{"type", "content_block_start"}, {"index", 0},
                          {"content_block", {{"type", "tool_use"}, {"id", use_id}, {"name", tool},
                                             {"input", ojson::object()}}}});
  out += anthropic_event("content_block_delta",
                         {{"type", "content_block_delta"}, {"index", 0},
                          {"delta", {{"type", "input_json_delta"}, {"partial_json", input.dump()}}}});
  out += anthropic_event("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
  out += anthropic_event("message_delta", {{"type", "message_delta"},
                                           {"delta", {{"stop_reason", "tool_use"}, {"stop_sequence", nullptr}}},
                                           {"usage", {{"output_tokens", 8}}}});
  out += anthropic_event("message_stop", {{"type", "message_stop"}});
  res.set_content(out, "text/event-stream");
}

}  // namespace

// POST {prefix}/messages.
void Server::serve_messages(const httplib::Request& req, httplib::Response& res, const std::string& id) {
  const Config& c = config_;
  res.set_header("request-id", id);  // Anthropic's name for it
  const json body = json::parse(req.body, nullptr, false);
  if (!anthropic_request_ok(req, res, c.messages_auth, body, true)) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++billable_;
  }
  const std::string model = body["model"].get<std::string>();
  const bool active = std::any_of(c.models.begin(), c.models.end(),
                                  [&](const Model& m) { return m.code == model && m.status == "active"; });
  if (!active) {
    send_anthropic_error(res, 404, "not_found_error", "model: " + model);
    return;
  }
  if (anthropic_refuse(c.messages, req, res) || refuse_agent_message(c.agent, req, body, res)) return;
  const int max_tokens = static_cast<int>(std::min<long long>(body["max_tokens"].get<long long>(), 1 << 20));
  const int input_tokens = estimated_tokens(body["messages"]);
  const std::string msg_id = "msg_fake" + id.substr(id.find('_') + 1);
  if (!body.value("stream", false) && answer_capability(c, Api::messages, body, res)) return;
  if (const std::string tool = forced_tool(c.agent, body); !tool.empty()) {
    answer_tool_use(body, tool, msg_id, input_tokens, res);
    return;
  }
  if (!body.value("stream", false)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(c.completion_ms));
    send_ordered(res, 200, {{"id", msg_id}, {"type", "message"}, {"role", "assistant"}, {"model", model},
                            {"content", {{{"type", "text"}, {"text", "ok"}}}},
                            {"stop_reason", max_tokens <= 1 ? "max_tokens" : "end_turn"},
                            {"stop_sequence", nullptr},
                            {"usage", {{"input_tokens", input_tokens}, {"output_tokens", 1}}}});
    return;
  }
  const std::string mode = c.messages;
  if (mode == "buffered") res.set_header("Server", "nginx/1.22.1");  // the proxy that held it
  // N tokens "1 ", "2 ", ... 15 ms apart, as the chat route's paced stream: the answer stops
  // at max_tokens when that comes first.
  const int tokens = std::min(max_tokens, 30);
  const char* stop_reason = max_tokens <= 30 ? "max_tokens" : "end_turn";
  auto provider = [this, mode, model, msg_id, input_tokens, tokens, stop_reason,
                   wait = c.first_token_ms + slower_streams_.load(), gap = c.token_gap_ms](size_t, httplib::DataSink& sink) {
    std::string held;  // "buffered": everything, written at the end in one write
    auto write = [&](const std::string& name, const ojson& data) {
      // "no-event-lines": data lines alone, as a translator that writes chat-style SSE does
      const std::string e = mode == "no-event-lines" ? "data: " + data.dump() + "\n\n" : anthropic_event(name, data);
      if (mode == "buffered") {
        held += e;
        return true;
      }
      return sink.write(e.data(), e.size());
    };
    auto ping = [&] { return mode != "pings" || write("ping", {{"type", "ping"}}); };
    ojson message = {{"id", msg_id}, {"type", "message"}, {"role", "assistant"}, {"model", model},
                     {"content", ojson::array()}, {"stop_reason", nullptr}, {"stop_sequence", nullptr},
                     {"usage", {{"input_tokens", input_tokens}, {"output_tokens", 1}}}};
    if (mode == "no-start-usage") message.erase("usage");
    const ojson start = {{"type", "message_start"}, {"message", message}};
    const ojson block_start = {{"type", "content_block_start"}, {"index", 0},
                               {"content_block", {{"type", "text"}, {"text", ""}}}};
    // "name-mismatch": the block's start, under a delta's event name.
    const std::string block_start_name = mode == "name-mismatch" ? "content_block_delta" : "content_block_start";
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    if (mode == "out-of-order") {
      write(block_start_name, block_start);
      write("message_start", start);
    } else {
      write("message_start", start);
      if (mode == "error-event") {  // an error inside a 200 stream, and the end
        write("error", anthropic_error("overloaded_error", "Overloaded"));
        sink.done();
        return true;
      }
      ping();
      write(block_start_name, block_start);
    }
    for (int i = 1; i <= tokens && !stopping_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(gap));
      if (i > 1 && !ping()) return false;
      const ojson delta = {{"type", "content_block_delta"}, {"index", 0},
                           {"delta", {{"type", "text_delta"}, {"text", std::to_string(i) + " "}}}};
      if (!write("content_block_delta", delta)) return false;
      if (mode == "cut" && i == std::max(1, tokens / 2)) return false;  // the connection drops
      if (mode == "unpaired" && i == 1) {  // a block that was never started
        ojson stray = delta;
        stray["index"] = 1;
        write("content_block_delta", stray);
      }
    }
    if (mode != "block-unclosed") write("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
    ojson end = {{"type", "message_delta"}, {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", nullptr}}},
                 {"usage", {{"output_tokens", tokens}}}};
    if (mode == "no-start-usage") end.erase("usage");
    write("message_delta", end);
    if (mode != "no-stop") write("message_stop", {{"type", "message_stop"}});
    if (mode == "stop-twice") write("message_stop", {{"type", "message_stop"}});
    if (!held.empty()) sink.write(held.data(), held.size());
    sink.done();
    return true;
  };
  stream_events(req, res, std::move(provider));
}

// POST {prefix}/messages/count_tokens, when the gateway has it.
void Server::serve_count_tokens(const httplib::Request& req, httplib::Response& res) {
  const Config& c = config_;
  const json body = json::parse(req.body, nullptr, false);
  if (!anthropic_request_ok(req, res, c.messages_auth, body, false)) return;
  const std::string model = body["model"].get<std::string>();
  if (std::none_of(c.models.begin(), c.models.end(),
                   [&](const Model& m) { return m.code == model && m.status == "active"; })) {
    send_anthropic_error(res, 404, "not_found_error", "model: " + model);
    return;
  }
  // "zero": a made-up count, which a client trusts and so never compacts its context.
  send_ordered(res, 200, {{"input_tokens", c.count_tokens == "zero" ? 0 : estimated_tokens(body["messages"])}});
}

// GET {prefix}/models with anthropic-version: Anthropic's listing of the active models.
void Server::serve_anthropic_models(httplib::Response& res) {
  const Config& c = config_;
  ojson data = ojson::array();
  for (const auto& m : c.models)
    if (m.status == "active" && !(c.unlisted && &m == &c.models[0]))
      data.push_back({{"id", m.code}, {"type", "model"}, {"display_name", m.code},
                      {"created_at", "2025-05-14T00:00:00Z"}});
  const ojson first = data.empty() ? ojson(nullptr) : data.front()["id"];
  const ojson last = data.empty() ? ojson(nullptr) : data.back()["id"];
  send_ordered(res, 200, {{"data", data}, {"has_more", false}, {"first_id", first}, {"last_id", last}});
}

}  // namespace fake
