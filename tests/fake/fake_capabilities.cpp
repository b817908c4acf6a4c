// The capability probes, answered as a model behind a gateway answers them: the request's
// features (never its prompt) say which capability it exercises, Config::capability how
// that one answers (works, refused in a gateway's words, ignored, emulated in text, or an
// answer built to fool a lazy judge). One table of ways, one reply made of them, one writer
// of that reply per API.
#include "fake/capabilities.hpp"

#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "capabilities/digit_image.hpp"
#include "fake/agents.hpp"
#include "fake/fake_server.hpp"
#include "fake/replies.hpp"

namespace fake {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

enum class Cap { tools, tool_choice, parallel_tools, json_schema, vision, reasoning };

struct CapDef {
  Cap cap;
  const char* id;
  std::vector<std::string> own_ways;  // besides those every capability has (ways_of)
};

const std::vector<CapDef>& cap_table() {
  static const std::vector<CapDef> table = {
      {Cap::tools, "tools", {"emulated", "name-in-text", "garbled", "wrong-tool"}},
      {Cap::tool_choice, "tool_choice", {"emulated", "name-in-text"}},
      {Cap::parallel_tools, "parallel_tools", {"emulated", "partial", "name-in-text"}},
      {Cap::json_schema, "json_schema", {"emulated", "key-in-prose"}},
      {Cap::vision, "vision", {"number-in-refusal", "wrong-number", "misread"}},
      {Cap::reasoning, "reasoning", {"emulated", "same-effort"}},
  };
  return table;
}

std::vector<std::string> ways_of(const CapDef& def) {
  std::vector<std::string> ways = {"works",         "refused-openai", "refused-anthropic", "refused-litellm",
                                   "refused-vllm",  "refused-newapi", "refused-ollama",    "ignored"};
  ways.insert(ways.end(), def.own_ways.begin(), def.own_ways.end());
  // refused-in-200: the refusal in OpenAI's words and shape, sent as HTTP 200 (as some gateways do).
  // rate-limited, overloaded: a 429 and a 503 whose words name the capability's parameter
  // (and "information", "format"): not refusals of it.
  ways.insert(ways.end(), {"refused-in-200", "rate-limited", "overloaded", "declines", "empty"});
  return ways;
}

bool tool_family(Cap cap) { return cap == Cap::tools || cap == Cap::tool_choice || cap == Cap::parallel_tools; }

const json kNull;

// A member, null when `j` is no object or lacks it (bodies are untrusted).
const json& member(const json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j[key] : kNull;
}

// A string member, or "" when it is absent or of another type.
std::string text_at(const json& j, const char* key) {
  const json& m = member(j, key);
  return m.is_string() ? m.get<std::string>() : "";
}

// What the request asks of the capability it exercises.
struct Probe {
  const CapDef* def = nullptr;
  std::vector<std::string> calls;    // the tools to call, in order (the tool capabilities)
  std::vector<std::string> defined;  // every tool the request defines
  json schema;                       // json_schema: the schema the answer must fit
  std::optional<std::string> digits;  // vision: what the image holds, when it can be read
  std::string effort;                 // reasoning: low, medium, high ("enabled": Messages' thinking)
};

// ---- The vision probe's image ----

constexpr std::size_t kMaxPng = 4u << 20;
constexpr std::uint32_t kMaxSide = 4096;

std::string base64_decoded(std::string_view text) {
  if (text.size() > (kMaxPng / 3 + 1) * 4) return "";
  std::string out;
  unsigned bits = 0;
  int held = 0;
  for (char ch : text) {
    int v = -1;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+') v = 62;
    else if (ch == '/') v = 63;
    else if (ch == '=') break;
    else return "";
    bits = ((bits << 6) | static_cast<unsigned>(v)) & 0xFFFFFu;
    held += 6;
    if (held >= 8) {
      held -= 8;
      out.push_back(static_cast<char>((bits >> held) & 0xFF));
    }
  }
  return out;
}

std::uint32_t be32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// The base64 payload of an image part (a data: URL of a PNG, or Messages' base64 source);
// "" for another image (a URL, another type); nothing when the part is no image.
std::optional<std::string> image_payload(Api api, const json& part) {
  const std::string type = text_at(part, "type");
  std::string url;
  if (api == Api::messages) {
    if (type != "image") return std::nullopt;
    const json& source = member(part, "source");
    return text_at(source, "type") == "base64" && text_at(source, "media_type") == "image/png"
               ? text_at(source, "data") : "";
  }
  if (api == Api::chat && type == "image_url")  // {"url": ...}, or the URL alone
    url = member(part, "image_url").is_string() ? text_at(part, "image_url") : text_at(member(part, "image_url"), "url");
  else if (api == Api::responses && type == "input_image")
    url = text_at(part, "image_url");
  else
    return std::nullopt;
  static const std::string kPrefix = "data:image/png;base64,";
  return url.starts_with(kPrefix) ? url.substr(kPrefix.size()) : "";
}

// The content of the last user message (Chat, Messages) or input item (Responses).
const json* last_user_content(Api api, const json& body) {
  const char* list = api == Api::responses ? "input" : "messages";
  if (!body.contains(list) || !body[list].is_array()) return nullptr;
  const json& items = body[list];
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    if (text_at(*it, "role") == "user") return it->contains("content") ? &(*it)["content"] : nullptr;
  return nullptr;
}

// ---- Which capability a request exercises ----

// The tools the request defines, by name (at most 128).
std::vector<std::string> defined_tools(const json& body) {
  std::vector<std::string> names;
  if (!body.contains("tools") || !body["tools"].is_array()) return names;
  for (const auto& t : body["tools"]) {
    if (names.size() == 128) break;
    if (const std::string name = tool_name(t); !name.empty()) names.push_back(name);
  }
  return names;
}

const CapDef& def_of(Cap cap) {
  for (const auto& d : cap_table())
    if (d.cap == cap) return d;
  return cap_table().front();
}

std::optional<Probe> probe_of(Api api, const json& body) {
  if (!body.is_object()) return std::nullopt;
  Probe p;
  if (const json* content = last_user_content(api, body); content && content->is_array()) {
    std::size_t seen = 0;
    for (const auto& part : *content) {
      if (++seen > 64) break;
      if (const auto payload = image_payload(api, part)) {
        p.def = &def_of(Cap::vision);
        p.digits = read_digits(base64_decoded(*payload));
        return p;
      }
    }
  }
  const json& format = api == Api::chat        ? member(body, "response_format")
                       : api == Api::responses ? member(member(body, "text"), "format")
                                               : kNull;
  if (text_at(format, "type") == "json_schema") {
    p.def = &def_of(Cap::json_schema);
    p.schema = member(api == Api::chat ? member(format, "json_schema") : format, "schema");
    return p;
  }
  p.effort = api == Api::chat        ? text_at(body, "reasoning_effort")
             : api == Api::responses ? text_at(member(body, "reasoning"), "effort")
             : text_at(member(body, "thinking"), "type") == "enabled" ? "enabled" : "";
  if (!p.effort.empty()) {
    p.def = &def_of(Cap::reasoning);
    return p;
  }
  p.defined = defined_tools(body);
  if (p.defined.empty()) return std::nullopt;
  const json& choice = member(body, "tool_choice");
  const std::string type = text_at(choice, "type");
  const bool named = (type == "function" || type == "tool") && !tool_name(choice).empty();
  const std::string first = named ? tool_name(choice) : p.defined.front();
  const bool parallel = api == Api::messages
                            ? member(choice, "disable_parallel_tool_use") == false
                            : member(body, "parallel_tool_calls") == true;
  if (parallel) {
    p.def = &def_of(Cap::parallel_tools);
    p.calls = {first, !named && p.defined.size() > 1 ? p.defined[1] : first};
  } else if (choice == "required" || type == "any") {
    p.def = &def_of(Cap::tool_choice);
    p.calls = {first};
  } else if (named) {
    p.def = &def_of(Cap::tools);
    p.calls = {first};
  } else {
    return std::nullopt;
  }
  return p;
}

// How Config::capability says the probe's capability answers: "works" unless named; tools
// a gateway drops (Config::agent "tools-dropped") are ignored.
std::string way_for(const Config& c, const CapDef& def) {
  std::string way = tool_family(def.cap) && c.agent.ends_with("tools-dropped") ? "ignored" : "works";
  std::size_t at = 0;
  while (at <= c.capability.size()) {
    std::size_t comma = c.capability.find(',', at);
    if (comma == std::string::npos) comma = c.capability.size();
    const std::string item = c.capability.substr(at, comma - at);
    if (const auto colon = item.find(':'); colon != std::string::npos && item.substr(0, colon) == def.id)
      way = item.substr(colon + 1);
    at = comma + 1;
  }
  return way;
}

// ---- The answer ----

struct Call {
  std::string name, arguments;  // arguments: JSON text (not always valid: "garbled")
};

// An answer made once and written in each API's terms.
struct Reply {
  int status = 200;  // 0: the refusal's body, sent with HTTP 200
  ojson error;                           // the body of a refusal (status other than 200)
  std::optional<std::string> text = "";  // nothing: no text at all
  std::vector<Call> calls;
  std::string refusal;        // the model declines, in these words
  std::string thinking;       // Messages' thinking block
  int reasoning_tokens = -1;  // -1: not reported
};

constexpr const char* kDeclined = "I'm sorry, I can't help with that.";
constexpr const char* kThought = "The user asks a short question; a short answer will do.";

Reply said(std::string text) {
  Reply r;
  r.text = std::move(text);
  return r;
}

Reply failed(int status, ojson error) {
  Reply r;
  r.status = status;
  r.error = std::move(error);
  return r;
}

// The parameter a refusal names, in the API's own terms.
std::string param_of(Cap cap, Api api) {
  switch (cap) {
    case Cap::tools: return "tools";
    case Cap::tool_choice: return "tool_choice";
    case Cap::parallel_tools: return api == Api::messages ? "tool_choice.disable_parallel_tool_use" : "parallel_tool_calls";
    case Cap::json_schema: return api == Api::responses ? "text.format" : "response_format";
    case Cap::vision: return api == Api::chat ? "image_url" : api == Api::responses ? "input_image" : "image";
    case Cap::reasoning: return api == Api::chat ? "reasoning_effort" : api == Api::responses ? "reasoning.effort" : "thinking";
  }
  return "";
}

// OpenAI's words for a parameter its model does not take.
std::string openai_words(Cap cap, Api api, const std::string& param) {
  if (cap == Cap::vision) return "Invalid content type. " + param + " is only supported by certain models.";
  if (cap == Cap::json_schema)
    return "Invalid parameter: '" + param + "' of type 'json_schema' is not supported with this model.";
  if (cap == Cap::reasoning && api == Api::responses)
    return "Unsupported parameter: 'reasoning.effort' is not supported with this model.";
  return "Unrecognized request argument supplied: " + param;
}

// vLLM's, for a server started without what the capability needs.
std::string vllm_words(Cap cap, const std::string& model) {
  if (cap == Cap::vision) return model + " is not a multimodal model";
  if (cap == Cap::json_schema) return "The provided JSON schema contains features not supported by xgrammar.";
  if (cap == Cap::reasoning) return "reasoning_effort is not supported: the server was started without --reasoning-parser";
  return "\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set";
}

// A refusal of the capability, in the words and shape of the software the way names
// ("number-in-refusal": the API's own, with the image's digits in it).
Reply refused(Cap cap, Api api, const std::string& way, const std::string& model, const std::string& digits) {
  const std::string param = param_of(cap, api);
  if (way == "refused-newapi")
    return failed(500, {{"error", {{"message", "not implemented"}, {"type", "new_api_error"}, {"param", ""},
                                   {"code", "convert_request_failed"}}}});
  if (way == "refused-ollama") {
    const char* what = cap == Cap::vision        ? "images"
                       : cap == Cap::reasoning   ? "thinking"
                       : cap == Cap::json_schema ? "structured outputs"
                                                 : "tools";
    return failed(400, {{"error", "registry.ollama.ai/library/" + model + ":latest does not support " + what}});
  }
  if (way == "refused-vllm")
    return failed(400, {{"object", "error"}, {"message", vllm_words(cap, model)}, {"type", "BadRequestError"},
                        {"param", nullptr}, {"code", 400}});
  if (way == "refused-litellm") {
    const std::string words =
        cap == Cap::vision
            ? "litellm.BadRequestError: OpenAIException - " + openai_words(cap, Api::chat, "image_url") +
                  " Received Model Group=" + model
            : "litellm.UnsupportedParamsError: openai does not support parameters: ['" +
                  (cap == Cap::parallel_tools ? param.substr(param.rfind('.') + 1) : param.substr(0, param.find('.'))) +
                  "'], for model=" + model +
                  ". To drop these, set `litellm.drop_params=True` or for proxy: `litellm_settings: drop_params: true`";
    return failed(400, {{"error", {{"message", words}, {"type", "None"}, {"param", nullptr}, {"code", "400"}}}});
  }
  // Anthropic's words on every route, and the Messages API's own; OpenAI's on the others.
  const bool anthropic = way == "refused-anthropic" || api == Api::messages;
  std::string words = !anthropic            ? openai_words(cap, api, param)
                      : cap == Cap::vision ? "Image input is not supported"
                                           : param + ": Extra inputs are not permitted";
  if (way == "number-in-refusal") words += " (the image shows " + digits + ")";
  if (anthropic) return failed(400, anthropic_error("invalid_request_error", words));
  const ojson code = words.starts_with("Unsupported parameter") ? ojson("unsupported_parameter") : ojson(nullptr);
  return failed(400, openai_error(words, "invalid_request_error", param, code));
}

Reply tool_reply(const Probe& p, const std::string& way, const json& body) {
  std::vector<std::string> names = p.calls;
  if (way == "partial") names.resize(1);
  if (way == "wrong-tool") {  // another tool it defines, or one it does not
    const auto other = std::find_if(p.defined.begin(), p.defined.end(), [&](const auto& n) { return n != names[0]; });
    names = {other != p.defined.end() ? *other : names[0] + "_v2"};
  }
  std::vector<Call> calls;
  for (std::size_t i = 0; i < names.size(); ++i)
    calls.push_back({names[i], tool_arguments(body, names[i], static_cast<int>(i)).dump()});
  if (way == "emulated") {
    std::string text;
    for (const auto& c : calls)
      text += (text.empty() ? "" : "\n") + std::string("<tool_call>") +
              ojson{{"name", c.name}, {"arguments", ojson::parse(c.arguments)}}.dump() + "</tool_call>";
    return said(text);
  }
  if (way == "name-in-text") {
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return said("I would use " + names[0] + (names.size() > 1 ? " and " + names[1] : "") + " to do that.");
  }
  if (way == "ignored") return said("Hello! How can I help you today?");
  if (way == "garbled")
    for (auto& c : calls) c.arguments.pop_back();  // the closing brace: no longer JSON
  Reply r;
  r.text.reset();
  r.calls = std::move(calls);
  return r;
}

Reply schema_reply(const Probe& p, const std::string& way) {
  const ojson fitting = schema_instance(p.schema);
  const std::string instance = fitting.is_object() ? fitting.dump() : "{}";  // an answer is an object
  if (way == "works") return said(instance);
  if (way == "emulated") return said("Sure! Here is the JSON you asked for:\n```json\n" + instance + "\n```");
  if (way == "key-in-prose") {
    std::string key = "answer";
    if (const json& required = member(p.schema, "required"); required.is_array() && !required.empty() &&
                                                              required[0].is_string())
      key = required[0].get<std::string>();
    return said("The " + key + " I would pick is blue.");
  }
  return said("Sure! A colour I like is blue.");  // ignored
}

Reply vision_reply(const Probe& p, const std::string& way) {
  if (way == "ignored") return said("I don't see an image in your message.");
  if (!p.digits) return said("I cannot make out any digits in this image.");
  std::string number = *p.digits;
  if (way == "wrong-number")  // every digit another: the same length, another number
    for (auto& d : number) d = static_cast<char>('0' + (d - '0' + 5) % 10);
  if (way == "misread") {  // one digit taken for one that looks like it
    static constexpr char kLookalike[] = "8778965134";
    char& d = number[number.size() / 2];
    d = kLookalike[d - '0'];
  }
  return said("The number is " + number + ".");
}

// Reasoning tokens a capable model spends at each effort.
int effort_tokens(const std::string& effort) {
  return effort == "minimal" ? 16 : effort == "low" ? 48 : effort == "high" ? 192 : 96;
}

Reply reasoning_reply(const Probe& p, const std::string& way, Api api) {
  static const std::string kAnswer = "The answer is 42.";
  if (way == "emulated") return said("<think>" + std::string(kThought) + "</think>\n" + kAnswer);
  Reply r = said(kAnswer);
  if (way == "ignored") {
    r.reasoning_tokens = 0;
    return r;
  }
  if (api == Api::messages) r.thinking = kThought;
  r.reasoning_tokens = way == "same-effort" ? 64 : effort_tokens(p.effort);
  return r;
}

Reply reply_for(const Probe& p, const std::string& way, Api api, const json& body, const std::string& model) {
  const Cap cap = p.def->cap;
  if (way == "rate-limited")
    return failed(429, openai_error("Rate limit reached for requests with " + param_of(cap, api) +
                                        ". For more information on this error and the format of limits, read the docs.",
                                    "requests", nullptr, "rate_limit_exceeded"));
  if (way == "overloaded")
    return failed(503, openai_error("The upstream serving " + param_of(cap, api) + " is overloaded; please retry later.",
                                    "server_error", nullptr, nullptr));
  if (way == "refused-in-200") {
    Reply r = refused(cap, api, "refused-openai", model, "");
    r.status = 0;  // the error body, with HTTP 200
    return r;
  }
  if (way.starts_with("refused-") || way == "number-in-refusal") return refused(cap, api, way, model, p.digits.value_or(""));
  if (way == "empty") return said("");
  if (way == "declines") {
    Reply r;
    r.text.reset();
    r.refusal = kDeclined;
    return r;
  }
  if (tool_family(cap)) return tool_reply(p, way, body);
  if (cap == Cap::json_schema) return schema_reply(p, way);
  if (cap == Cap::vision) return vision_reply(p, way);
  return reasoning_reply(p, way, api);
}

// ---- Each API's answer ----

int output_tokens(const Reply& r) {
  return 1 + static_cast<int>(r.text.value_or(r.refusal).size() / 4) + 8 * static_cast<int>(r.calls.size()) +
         std::max(0, r.reasoning_tokens);
}

ojson chat_answer(const Reply& r, const std::string& model, const std::string& n, int input_tokens) {
  ojson message = {{"role", "assistant"}, {"content", r.text ? ojson(*r.text) : ojson(nullptr)},
                   {"refusal", r.refusal.empty() ? ojson(nullptr) : ojson(r.refusal)}};
  if (!r.calls.empty()) {
    ojson calls = ojson::array();
    for (std::size_t i = 0; i < r.calls.size(); ++i)
      calls.push_back({{"id", "call_" + n + "_" + std::to_string(i)}, {"type", "function"},
                       {"function", {{"name", r.calls[i].name}, {"arguments", r.calls[i].arguments}}}});
    message["tool_calls"] = calls;
  }
  const int out = output_tokens(r);
  ojson usage = {{"prompt_tokens", input_tokens}, {"completion_tokens", out}, {"total_tokens", input_tokens + out}};
  if (r.reasoning_tokens >= 0) usage["completion_tokens_details"] = {{"reasoning_tokens", r.reasoning_tokens}};
  return {{"id", "chatcmpl-" + n}, {"object", "chat.completion"}, {"created", static_cast<long long>(std::time(nullptr))},
          {"model", model},
          {"choices", {{{"index", 0}, {"message", message}, {"finish_reason", r.calls.empty() ? "stop" : "tool_calls"}}}},
          {"usage", usage}};
}

ojson messages_answer(const Reply& r, const std::string& model, const std::string& n, int input_tokens) {
  ojson content = ojson::array();
  if (!r.thinking.empty()) content.push_back({{"type", "thinking"}, {"thinking", r.thinking}, {"signature", "sig_fake" + n}});
  if (!r.refusal.empty() || r.text) content.push_back({{"type", "text"}, {"text", r.refusal.empty() ? *r.text : r.refusal}});
  for (std::size_t i = 0; i < r.calls.size(); ++i) {
    const ojson input = ojson::parse(r.calls[i].arguments, nullptr, false);
    content.push_back({{"type", "tool_use"}, {"id", "toolu_fake" + n + "_" + std::to_string(i)}, {"name", r.calls[i].name},
                       {"input", input.is_discarded() ? ojson(r.calls[i].arguments) : input}});
  }
  const char* stop = !r.calls.empty() ? "tool_use" : !r.refusal.empty() ? "refusal" : "end_turn";
  return {{"id", "msg_fake" + n}, {"type", "message"}, {"role", "assistant"}, {"model", model}, {"content", content},
          {"stop_reason", stop}, {"stop_sequence", nullptr},
          {"usage", {{"input_tokens", input_tokens}, {"output_tokens", output_tokens(r)}}}};
}

ojson responses_answer(const Reply& r, const std::string& model, const std::string& n, int input_tokens) {
  ojson output = ojson::array();
  if (r.reasoning_tokens > 0) output.push_back({{"type", "reasoning"}, {"id", "rs_fake" + n}, {"summary", ojson::array()}});
  if (!r.refusal.empty() || r.text) {
    const ojson part = r.refusal.empty()
                           ? ojson{{"type", "output_text"}, {"text", *r.text}, {"annotations", ojson::array()}}
                           : ojson{{"type", "refusal"}, {"refusal", r.refusal}};
    output.push_back({{"type", "message"}, {"id", "msg_fake" + n}, {"status", "completed"}, {"role", "assistant"},
                      {"content", {part}}});
  }
  for (std::size_t i = 0; i < r.calls.size(); ++i) {
    const std::string k = n + "_" + std::to_string(i);
    output.push_back({{"type", "function_call"}, {"id", "fc_fake" + k}, {"call_id", "call_fake" + k},
                      {"name", r.calls[i].name}, {"arguments", r.calls[i].arguments}, {"status", "completed"}});
  }
  const int out = output_tokens(r);
  ojson usage = {{"input_tokens", input_tokens}, {"output_tokens", out}, {"total_tokens", input_tokens + out}};
  if (r.reasoning_tokens >= 0) usage["output_tokens_details"] = {{"reasoning_tokens", r.reasoning_tokens}};
  return {{"id", "resp_fake" + n}, {"object", "response"}, {"created_at", static_cast<long long>(std::time(nullptr))},
          {"status", "completed"}, {"model", model}, {"output", output}, {"error", nullptr},
          {"incomplete_details", nullptr}, {"usage", usage}};
}

}  // namespace

bool answer_capability(const Config& config, Api api, const json& body, httplib::Response& res) {
  const std::optional<Probe> probe = probe_of(api, body);
  if (!probe) return false;
  const std::string way = way_for(config, *probe->def);
  const auto known = ways_of(*probe->def);
  if (std::find(known.begin(), known.end(), way) == known.end()) {  // a Config written by hand, wrongly
    send_ordered(res, 500, openai_error("fake gateway: capability " + std::string(probe->def->id) + " has no way \"" +
                                            way + "\"", "fake_config_error", nullptr, nullptr));
    return true;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(config.completion_ms));
  const std::string model = text_at(body, "model");
  const Reply reply = reply_for(*probe, way, api, body, model);
  if (reply.status != 200) {
    send_ordered(res, reply.status == 0 ? 200 : reply.status, reply.error);
    return true;
  }
  const std::string id = res.get_header_value("x-request-id");  // req_N, set for every request
  const std::string n = id.substr(id.find('_') + 1);
  const int input_tokens = estimated_tokens(member(body, api == Api::responses ? "input" : "messages"));
  send_ordered(res, 200, api == Api::chat       ? chat_answer(reply, model, n, input_tokens)
                         : api == Api::messages ? messages_answer(reply, model, n, input_tokens)
                                                : responses_answer(reply, model, n, input_tokens));
  return true;
}

std::vector<std::string> capability_modes() {
  std::vector<std::string> modes;
  for (const auto& def : cap_table())
    for (const auto& way : ways_of(def)) modes.push_back(std::string(def.id) + ":" + way);
  return modes;
}

std::optional<std::string> read_digits(std::string_view png) {
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (png.size() > kMaxPng || !png.starts_with(kSignature)) return std::nullopt;
  std::uint32_t width = 0, height = 0;
  std::string idat;
  bool header = false;
  for (std::size_t at = kSignature.size();;) {  // each chunk: length, type, data, CRC of type and data
    if (png.size() - at < 12) return std::nullopt;
    const std::uint32_t length = be32(png, at);
    if (length > png.size() - at - 12) return std::nullopt;
    const std::string_view type = png.substr(at + 4, 4), data = png.substr(at + 8, length);
    const auto* typed = reinterpret_cast<const Bytef*>(png.data() + at + 4);
    if (::crc32(::crc32(0L, Z_NULL, 0), typed, length + 4) != be32(png, at + 8 + length)) return std::nullopt;
    at += 12 + length;
    if (header == (type == "IHDR")) return std::nullopt;  // IHDR first, and once
    if (type == "IHDR") {
      // 1-bit greyscale, deflate, the standard filters, no interlace: what digit_png writes.
      if (length != 13 || data.substr(8) != std::string_view("\x01\x00\x00\x00\x00", 5)) return std::nullopt;
      width = be32(data, 0);
      height = be32(data, 4);
      if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide) return std::nullopt;
      header = true;
    } else if (type == "IDAT") {
      idat.append(data);  // at most the PNG's 4 MB
    } else if (type == "IEND") {
      break;
    }
  }
  const std::size_t stride = (width + 7) / 8;
  std::string raw(height * (stride + 1), '\0');  // each row its filter byte first: at most 2.1 MB
  uLongf size = raw.size();
  if (idat.empty() || ::uncompress(reinterpret_cast<Bytef*>(raw.data()), &size,
                                   reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      size != raw.size())
    return std::nullopt;
  // Undo each row's filter (a byte a pixel group at bit depth 1: the left neighbour is a byte).
  std::string pixels(height * stride, '\0');
  for (std::size_t y = 0; y < height; ++y) {
    const unsigned char filter = static_cast<unsigned char>(raw[y * (stride + 1)]);
    for (std::size_t i = 0; i < stride; ++i) {
      const int x = static_cast<unsigned char>(raw[y * (stride + 1) + 1 + i]);
      const int a = i ? static_cast<unsigned char>(pixels[y * stride + i - 1]) : 0;
      const int b = y ? static_cast<unsigned char>(pixels[(y - 1) * stride + i]) : 0;
      const int c = i && y ? static_cast<unsigned char>(pixels[(y - 1) * stride + i - 1]) : 0;
      const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
      const int predicted = filter == 0 ? 0 : filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2
                            : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      if (filter > 4) return std::nullopt;
      pixels[y * stride + i] = static_cast<char>((x + predicted) & 0xFF);
    }
  }
  auto black = [&](long x, long y) {
    return !(static_cast<unsigned char>(pixels[y * stride + x / 8]) & (0x80 >> (x % 8)));
  };
  // digit_png's layout: kMargin around, cells of kGlyphWidth font pixels (each kScale square)
  // kScale apart. Each square must be all black or all white, each cell a digit of the font,
  // and nothing black outside them.
  using anlink::kGlyphHeight, anlink::kGlyphWidth, anlink::kMargin, anlink::kScale;
  constexpr long kCell = (kGlyphWidth + 1) * kScale;
  const long inner = static_cast<long>(width) - 2 * kMargin + kScale;
  if (height != 2 * kMargin + kGlyphHeight * kScale || inner <= 0 || inner % kCell != 0 || inner / kCell > 16)
    return std::nullopt;
  long marks = 0, drawn = 0;
  for (long y = 0; y < height; ++y)
    for (long x = 0; x < width; ++x) marks += black(x, y);
  std::string digits;
  for (long i = 0; i < inner / kCell; ++i) {
    std::array<std::uint8_t, kGlyphHeight> glyph{};
    for (long gy = 0; gy < kGlyphHeight; ++gy)
      for (long gx = 0; gx < kGlyphWidth; ++gx) {
        long dark = 0;
        for (long y = kMargin + gy * kScale; y < kMargin + (gy + 1) * kScale; ++y)
          for (long x = kMargin + i * kCell + gx * kScale; x < kMargin + i * kCell + (gx + 1) * kScale; ++x)
            dark += black(x, y);
        if (dark != 0 && dark != kScale * kScale) return std::nullopt;
        if (dark) glyph[gy] = static_cast<std::uint8_t>(glyph[gy] | (1u << (kGlyphWidth - 1 - gx)));
        drawn += dark;
      }
    const auto& font = anlink::digit_glyphs();
    const auto found = std::find(font.begin(), font.end(), glyph);
    if (found == font.end()) return std::nullopt;
    digits.push_back(static_cast<char>('0' + (found - font.begin())));
  }
  if (marks != drawn) return std::nullopt;
  return digits;
}

}  // namespace fake
