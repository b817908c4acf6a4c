// The fake gateway's Responses route, as OpenAI's Responses API answers it (API-FACTS.md,
// "The two other APIs"): a Bearer key, OpenAI's error shape, and streams of named events,
// each with an increasing sequence_number and one terminal event, that break one way each.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include "fake/agents.hpp"
#include "fake/capabilities.hpp"
#include "fake/fake_server.hpp"
#include "fake/replies.hpp"

namespace fake {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

// What is wrong with a Responses body, in OpenAI's words; an empty error when nothing is.
ojson responses_body_error(const json& body) {
  auto missing = [](const std::string& name) {
    return openai_error("Missing required parameter: '" + name + "'.", "invalid_request_error", name,
                        "missing_required_parameter");
  };
  if (body.is_discarded() || !body.is_object())
    return openai_error("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.",
                        "invalid_request_error", nullptr, nullptr);
  if (!body.contains("model")) return missing("model");
  if (!body["model"].is_string())
    return openai_error("Invalid type for 'model': expected a string, but got " + std::string(body["model"].type_name()) +
                            " instead.",
                        "invalid_request_error", "model", "invalid_type");
  if (!body.contains("input")) return missing("input");
  const json& input = body["input"];
  if (!input.is_string() && !input.is_array())
    return openai_error("Invalid type for 'input': expected one of a string or array of input items, but got " +
                            std::string(input.type_name()) + " instead.",
                        "invalid_request_error", "input", "invalid_type");
  if (input.is_array() && input.empty())
    return openai_error("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty "
                        "array instead.",
                        "invalid_request_error", "input", "empty_array");
  if (body.contains("max_output_tokens")) {
    const json& limit = body["max_output_tokens"];
    if (!limit.is_number_integer())
      return openai_error("Invalid type for 'max_output_tokens': expected an integer, but got " +
                              std::string(limit.type_name()) + " instead.",
                          "invalid_request_error", "max_output_tokens", "invalid_type");
    if (limit.get<long long>() < 16)
      return openai_error("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got " +
                              std::to_string(limit.get<long long>()) + " instead.",
                          "invalid_request_error", "max_output_tokens", "integer_below_min_value");
  }
  return ojson::object();
}

// Answers a refusal the mode asks for; false when the response should go ahead.
bool responses_refuse(const std::string& mode, httplib::Response& res) {
  if (mode == "rate-limit") {
    res.set_header("Retry-After", "20");
    res.set_header("x-ratelimit-remaining-requests", "0");
    send_ordered(res, 429, openai_error("Rate limit reached for requests", "requests", nullptr, "rate_limit_exceeded"));
  } else if (mode == "upstream") {
    send_ordered(res, 502, openai_error("upstream provider error", "upstream_error", nullptr, "upstream_failure"));
  } else if (mode == "convert-failed") {  // New API, when the channel cannot translate
    send_ordered(res, 500, {{"error", {{"message", "not implemented"}, {"type", "new_api_error"},
                                       {"code", "convert_request_failed"}}}});
  } else {
    return false;
  }
  return true;
}

// The answer's one output item: an assistant message, with its text once there is some.
ojson output_message(const std::string& id, const std::string& status, const std::string* text) {
  ojson content = ojson::array();
  if (text) content.push_back({{"type", "output_text"}, {"text", *text}, {"annotations", ojson::array()}});
  return {{"type", "message"}, {"id", id}, {"role", "assistant"}, {"status", status}, {"content", content}};
}

ojson response_object(const std::string& id, long long created, const std::string& model,
                      const std::string& status, const ojson& output, const ojson& usage) {
  return {{"id", id},         {"object", "response"}, {"created_at", created},
          {"status", status}, {"model", model},        {"output", output},
          {"error", nullptr}, {"incomplete_details", nullptr}, {"usage", usage}};
}

ojson response_usage(int input_tokens, int output_tokens) {
  return {{"input_tokens", input_tokens}, {"output_tokens", output_tokens},
          {"total_tokens", input_tokens + output_tokens}};
}

// A short stream written at once: each event its type, the next sequence_number, its fields.
std::string whole_stream(const std::vector<std::pair<std::string, ojson>>& events) {
  int seq = 0;
  std::string out;
  for (const auto& [type, fields] : events) {
    ojson data = {{"type", type}, {"sequence_number", seq++}};
    data.update(fields);
    out += "event: " + type + "\ndata: " + data.dump() + "\n\n";
  }
  return out;
}

// The answer that calls `tool` (Config::agent): one function_call item, streamed when asked.
void answer_function_call(const json& body, const std::string& tool, const std::string& resp_id, long long created,
                          int input_tokens, httplib::Response& res) {
  const std::string model = body["model"].get<std::string>();
  const std::string arguments = tool_arguments(body, tool).dump();
  const std::string item_id = "fc_" + resp_id.substr(5), call_id = "call_" + resp_id.substr(5);
  auto call = [&](const std::string& status, const std::string& args) {
    return ojson{{"type", "function_call"}, {"id", item_id}, {"call_id", call_id}, {"name", tool},
                 {"arguments", args}, {"status", status}};
  };
  const ojson done = response_object(resp_id, created, model, "completed", ojson::array({call("completed", arguments)}),
                                     response_usage(input_tokens, 8));
  if (!body.value("stream", false)) {
    send_ordered(res, 200, done);
    return;
  }
  res.set_content(
      whole_stream({{"response.created", {{"response", response_object(resp_id, created, model, "in_progress",
                                                                       ojson::array(), nullptr)}}},
                    {"response.output_item.added", {{"output_index", 0}, {"item", call("in_progress", "")}}},
                    {"response.function_call_arguments.delta",
                     {{"item_id", item_id}, {"output_index", 0}, {"delta", arguments}}},
                    {"response.function_call_arguments.done",
                     {{"item_id", item_id}, {"output_index", 0}, {"arguments", arguments}}},
                    {"response.output_item.done", {{"output_index", 0}, {"item", call("completed", arguments)}}},
                    {"response.completed", {{"response", done}}}}),
      "text/event-stream");
}

}  // namespace

// POST {prefix}/responses.
void Server::serve_responses(const httplib::Request& req, httplib::Response& res, const std::string& id) {
  const Config& c = config_;
  const std::string auth = req.get_header_value("Authorization");
  if (auth != std::string("Bearer ") + kGoodKey) {  // the chat route's answer, word for word
    std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : auth;
    send_json(res, 401, error_body("Incorrect API key provided: " + given, "invalid_request_error",
                                   "invalid_api_key"));
    return;
  }
  const json body = json::parse(req.body, nullptr, false);
  if (const ojson wrong = responses_body_error(body); !wrong.empty()) {
    send_ordered(res, 400, wrong);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++billable_;
  }
  const std::string model = body["model"].get<std::string>();
  const Model* found = nullptr;
  for (const auto& m : c.models)
    if (m.code == model) found = &m;
  if (!found) {
    send_ordered(res, 404, openai_error("The model `" + model + "` does not exist or you do not have access to it.",
                                        "invalid_request_error", nullptr, "model_not_found"));
    return;
  }
  if (found->status != "active") {  // as the chat route answers
    send_ordered(res, 403, openai_error("model " + model + " is disabled", "invalid_request_error", nullptr,
                                        "model_disabled"));
    return;
  }
  if (responses_refuse(c.responses, res) || refuse_agent_response(c.agent, body, res)) return;
  const int input_tokens = estimated_tokens(body["input"]);
  const std::string number = id.substr(id.find('_') + 1);
  const std::string resp_id = "resp_fake" + number, msg_id = "msg_fake" + number;
  const long long created = std::time(nullptr);
  // "reasoning": a reasoning model, which thinks through a limit below 256 before any text.
  const bool thinks_through = c.responses == "reasoning" && body.contains("max_output_tokens") &&
                              body["max_output_tokens"].is_number() && body["max_output_tokens"].get<double>() < 256;
  if (!thinks_through && !body.value("stream", false) && answer_capability(c, Api::responses, body, res)) return;
  if (const std::string tool = forced_tool(c.agent, body); !tool.empty()) {
    answer_function_call(body, tool, resp_id, created, input_tokens, res);
    return;
  }
  if (thinks_through) {
    ojson r = response_object(resp_id, created, model, "incomplete", ojson::array(), response_usage(input_tokens, 16));
    r["incomplete_details"] = {{"reason", "max_output_tokens"}};
    if (!body.value("stream", false)) {
      send_ordered(res, 200, r);
    } else {
      res.set_content(whole_stream({{"response.created", {{"response", response_object(resp_id, created, model,
                                                                                     "in_progress", ojson::array(),
                                                                                     nullptr)}}},
                                    {"response.incomplete", {{"response", r}}}}),
                      "text/event-stream");
    }
    return;
  }
  if (!body.value("stream", false)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(c.completion_ms));
    const std::string text = "ok";
    send_ordered(res, 200, response_object(resp_id, created, model, "completed",
                                           ojson::array({output_message(msg_id, "completed", &text)}),
                                           response_usage(input_tokens, 1)));
    return;
  }
  const std::string mode = c.responses;
  if (mode == "buffered") res.set_header("Server", "nginx/1.22.1");  // the proxy that held it
  // N tokens "1 ", "2 ", ... 15 ms apart, as the chat route's paced stream.
  const long long limit = body.contains("max_output_tokens") ? body["max_output_tokens"].get<long long>() : 30;
  const int tokens = static_cast<int>(std::min<long long>(limit, 30));
  auto provider = [this, mode, model, resp_id, created, msg_id, input_tokens, tokens,
                   wait = c.first_token_ms + slower_streams_.load(), gap = c.token_gap_ms](size_t, httplib::DataSink& sink) {
    std::string held;  // "buffered": everything, written at the end in one write
    int seq = 0;
    // An event: its name (its data's type unless `name` says otherwise), then the data:
    // type, sequence_number (the next one unless `sequence` says otherwise), the fields.
    auto send = [&](const std::string& type, const ojson& fields, const std::string& name = "",
                    int sequence = -1) {
      ojson data = {{"type", type}, {"sequence_number", sequence >= 0 ? sequence : seq++}};
      for (const auto& [key, value] : fields.items()) data[key] = value;
      const std::string e = "event: " + (name.empty() ? type : name) + "\ndata: " + data.dump() + "\n\n";
      if (mode == "buffered") {
        held += e;
        return true;
      }
      return sink.write(e.data(), e.size());
    };
    auto finish = [&] {
      if (!held.empty()) sink.write(held.data(), held.size());
      sink.done();
      return true;
    };
    const ojson started = {{"response", response_object(resp_id, created, model, "in_progress", ojson::array(), nullptr)}};
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    if (mode == "not-created-first") {
      send("response.in_progress", started);
      send("response.created", started);
    } else {
      send("response.created", started);
      send("response.in_progress", started);
    }
    if (mode == "error-event") {  // an error inside a 200 stream, and the end
      const std::string e = "event: error\ndata: " +
                            ojson{{"type", "error"}, {"code", "server_error"},
                                  {"message", "The server had an error while processing your request."},
                                  {"sequence_number", seq++}}.dump() + "\n\n";
      sink.write(e.data(), e.size());
      return finish();
    }
    if (mode == "incomplete-empty") {  // filtered before any text
      ojson r = response_object(resp_id, created, model, "incomplete", ojson::array(), response_usage(input_tokens, 0));
      r["incomplete_details"] = {{"reason", "content_filter"}};
      send("response.incomplete", {{"response", r}});
      return finish();
    }
    send("response.output_item.added", {{"output_index", 0}, {"item", output_message(msg_id, "in_progress", nullptr)}});
    const ojson where = {{"item_id", msg_id}, {"output_index", 0}, {"content_index", 0}};
    ojson part = where;
    part["part"] = {{"type", "output_text"}, {"text", ""}, {"annotations", ojson::array()}};
    // "name-mismatch": the part's announcement, under a delta's event name.
    send("response.content_part.added", part, mode == "name-mismatch" ? "response.output_text.delta" : "");
    std::string text;
    for (int i = 1; i <= tokens && !stopping_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(gap));
      ojson delta = where;
      delta["delta"] = std::to_string(i) + " ";
      text += std::to_string(i) + " ";
      if (!send("response.output_text.delta", delta)) return false;
      if (mode == "cut" && i == std::max(1, tokens / 2)) return false;  // the connection drops
      if (mode == "failed" && i == std::min(3, tokens)) {  // the model gave up
        ojson r = response_object(resp_id, created, model, "failed", ojson::array(), nullptr);
        r["error"] = {{"code", "server_error"}, {"message", "The model failed to generate a response."}};
        send("response.failed", {{"response", r}});
        return finish();
      }
    }
    ojson done = where;
    done["text"] = text;
    // "seq-back": this event's number is two below the one before it.
    send("response.output_text.done", done, "", mode == "seq-back" ? seq - 2 : -1);
    part["part"]["text"] = text;
    send("response.content_part.done", part);
    const std::string status = mode == "incomplete" ? "incomplete" : "completed";
    const ojson item = output_message(msg_id, status, &text);
    send("response.output_item.done", {{"output_index", 0}, {"item", item}});
    if (mode == "no-terminal") return finish();  // Codex: "stream closed before response.completed"
    ojson r = response_object(resp_id, created, model, status, ojson::array({item}), response_usage(input_tokens, tokens));
    if (mode == "incomplete") {  // the limit reached: normal, and the text is there
      r["incomplete_details"] = {{"reason", "max_output_tokens"}};
      send("response.incomplete", {{"response", r}});
      return finish();
    }
    if (mode == "no-usage") r.erase("usage");
    send("response.completed", {{"response", r}});
    if (mode == "two-terminals") send("response.completed", {{"response", r}});
    if (mode == "done-after") {  // Chat Completions' end marker, which this API does not have
      const std::string marker = "data: [DONE]\n\n";
      sink.write(marker.data(), marker.size());
    }
    return finish();
  };
  stream_events(req, res, std::move(provider));
}

}  // namespace fake
