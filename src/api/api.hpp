#pragma once
// An API the checks speak, as one row of a table (api/table.cpp): its route and how it
// carries the key, its requests, how to read its answer and its stream. Each API is one
// file (chat_api.cpp, messages_api.cpp, responses_api.cpp); checks and trace ask the row and
// never name an API themselves.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile.hpp"

namespace anlink {

struct StreamSummary;
struct SseEvent;

// How a request carries the key: the profile's own header (Bearer, Azure's api-key), or
// Messages' x-api-key (ANTHROPIC_API_KEY) or Authorization: Bearer (ANTHROPIC_AUTH_TOKEN), or
// both at once, as Claude Code sends them when both variables are set (x-api-key with its own
// value: CheckOptions::second_key).
enum class KeyStyle { profile, x_api_key, bearer, both };

// What one of the doctor's own requests asks for.
struct BodyArgs {
  std::string model;
  std::string prompt = "ping";
  int max_tokens = 1;  // raised to the API's minimum by the row
  bool stream = false;
  bool include_usage = false;              // chat: stream_options.include_usage
  std::string token_param = "max_tokens";  // chat: or max_completion_tokens
};

// A tool call in an answer: its name and its arguments as the API carries them (JSON text).
struct ToolCall {
  std::string name, arguments;
  bool arguments_parse = false;  // the arguments are a JSON object, as the SDKs parse them
};

// A 2xx answer read the API's way.
struct Answer {
  bool is_answer = false;  // it has the API's answer shape (choices, content, output)
  std::string problem;     // why it is no usable answer ("without choices"), else empty
  std::string text, finish;
  bool budget_spent = false;  // it ended at the token limit before any text (a reasoning model)
  nlohmann::json usage;    // null when absent
  std::vector<ToolCall> calls;  // structured tool calls (tool_calls, tool_use, function_call), at most kMaxCalls
  std::string refusal;          // the model's refusal where the API has a place for one
  std::optional<double> reasoning_tokens;  // as its usage reports them, when it does
  std::size_t reasoning_chars = 0;  // reasoning it shows (thinking blocks, reasoning_content, summaries)
  static constexpr std::size_t kMaxCalls = 16;
};

// A tool as the doctor offers one.
struct ToolSpec {
  std::string name, description;
  nlohmann::json parameters;  // its JSON Schema
};

// How an API asks for the features the capability checks probe, each in its own shape;
// a null function: the API has no such feature. The *_param names say, in the API's words,
// what a gateway refuses when it refuses the feature.
struct Features {
  // Adds tools; `choice` a tool's name forces it, "required" asks for any; `parallel` allows
  // several calls in one answer.
  void (*add_tools)(nlohmann::json& body, const std::vector<ToolSpec>& tools, const std::string& choice,
                    bool parallel) = nullptr;
  std::string_view tools_param = "tools", choice_param = "tool_choice", parallel_param;
  // A strict JSON Schema the answer's text must follow.
  void (*add_schema)(nlohmann::json& body, const std::string& name, const nlohmann::json& schema) = nullptr;
  std::string_view schema_param;
  // The user message as a prompt and a PNG (base64).
  void (*add_image)(nlohmann::json& body, const std::string& prompt, const std::string& png_base64) = nullptr;
  std::string_view image_param;
  // Reasoning effort, low or high; `compared`: two requests, their reasoning tokens compared
  // (else one request with reasoning on, which shows it: Messages' thinking blocks).
  void (*add_effort)(nlohmann::json& body, bool high) = nullptr;
  std::string_view effort_param;
  bool effort_compared = true;
};

struct ApiDef {
  std::string_view id;        // --api and the JSON report's "api": chat, messages, responses
  std::string_view title;     // "Chat Completions"
  std::string_view clients;   // who speaks it, for fixes: "the OpenAI SDKs and most apps"
  std::string_view route;     // as a person writes it: "{base}/chat/completions"
  std::string_view terminal;  // what ends a stream: "[DONE]", "message_stop", ...
  std::string_view token_param;  // its token limit: max_tokens, max_output_tokens
  std::string_view blocked;   // what a gateway without this API means for its clients, and their way out
  // How its clients are given this base ("OPENAI_BASE_URL=...", "ANTHROPIC_BASE_URL=<root>").
  std::string (*client_setting)(std::string_view base);
  // The route for this base and model, exactly as the API's clients build it.
  std::string (*url)(const Profile&, std::string_view base, std::string_view model);
  std::vector<KeyStyle> key_styles;     // the ways its clients send the key, the usual first
  // The API's own model listing under {root} (Anthropic's /v1/models: data[].id, no status),
  // read when the profile's catalog cannot vouch for the model; empty: none.
  std::string_view models_route;
  std::vector<std::string> headers;     // sent with every request ("anthropic-version: ...")
  std::string (*body)(const BodyArgs&);
  // A request its gateways refuse after reading the key (an empty conversation): the key test.
  std::string (*unbillable_body)(const std::string& model);
  std::optional<std::string> (*lint)(const std::string& body);  // --request-body, offline
  Answer (*read_answer)(const nlohmann::json& body);
  // One stream event, fed in order as it arrived: the summary, timing and grammar.
  void (*read_event)(StreamSummary&, const SseEvent&, double at_ms);
  Features features = {};
};

// In the order `--api all` runs them: chat, messages, responses.
const std::vector<ApiDef>& api_table();
const ApiDef* find_api(std::string_view id);
const ApiDef& chat_api();
// The ids a report names (target.apis, each check's "api"): the run's APIs, or none when the
// run checks chat alone (SPEC: "api" appears whenever an API other than chat is checked).
std::vector<std::string> named_apis(const std::vector<const ApiDef*>& apis);
// "chat, messages, responses": for --help and usage errors.
std::string api_ids();

// What every API's --request-body lint checks first: JSON within the depth cap, an object, a
// non-empty "model" string, "stream" true or false where given. The problem, or nullopt with
// the parsed body in `body`.
std::optional<std::string> lint_envelope(const std::string& text, nlohmann::json& body);

// Reads a 2xx body with the row's reader (a body that is not JSON is no answer).
Answer read_answer(const ApiDef& api, const std::string& body);

// A tool call's arguments read into `call` (capped): as the API carries them, a JSON string
// that parses to an object (chat, responses) or an object (Messages' input); the other kind
// is what no SDK parses.
void read_arguments(ToolCall& call, const nlohmann::json& arguments, bool as_string);

// The one user message every API's doctor request carries.
nlohmann::json user_message(const std::string& prompt);

// Each API's file gives its row; table.cpp puts them in order. A fourth API is a file
// and a line there.
ApiDef chat_api_row();
ApiDef messages_api_row();
ApiDef responses_api_row();

}  // namespace anlink
