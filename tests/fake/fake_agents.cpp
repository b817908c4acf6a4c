// Agent clients' requests as gateways mishandle them (API-FACTS.md, "What the real clients
// send" and "What the real clients do when the gateway fails them"): a beta header, a field
// or a max_tokens refused, in Anthropic's words (Claude Code asks again without it) or in
// another gateway's (it stops); Codex's store, include and reasoning.summary refused; tools
// dropped. Each refusal looks at what the request carries: one without it goes ahead.
#include "fake/agents.hpp"

#include <array>
#include <string_view>

#include "fake/replies.hpp"

namespace fake {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr int kOutputCeiling = 8192;

// The beta values a gateway that refuses the others still takes.
constexpr std::array<std::string_view, 3> kAcceptedBetas = {
    "claude-code-20250219", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14"};

// The values of an anthropic-beta header outside the accepted set, as the header lists them.
std::string unexpected_betas(const std::string& header) {
  std::string out;
  size_t at = 0;
  while (at <= header.size()) {
    size_t comma = header.find(',', at);
    if (comma == std::string::npos) comma = header.size();
    std::string value = header.substr(at, comma - at);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t") + 1);
    bool accepted = value.empty();
    for (auto known : kAcceptedBetas) accepted = accepted || value == known;
    if (!accepted) out += (out.empty() ? "" : ",") + value;
    at = comma + 1;
  }
  return out;
}

// Another gateway's 400 in OpenAI's envelope.
void send_other_refusal(httplib::Response& res, const std::string& message, const ojson& param) {
  send_ordered(res, 400, openai_error(message, "invalid_request_error", param, nullptr));
}

bool thinking_on(const json& body) {
  return body.contains("thinking") && body["thinking"].is_object() &&
         body["thinking"].value("type", "") != "disabled";
}

}  // namespace

bool refuse_agent_message(const std::string& mode, const httplib::Request& req, const json& body,
                          httplib::Response& res) {
  const bool anthropic = mode.ends_with("-anthropic");
  // Only the one beta Claude Code's own retries drop first, refused in another gateway's words.
  if (mode == "beta-count-other") {
    if (req.get_header_value("anthropic-beta").find("thinking-token-count-2026-05-13") == std::string::npos) return false;
    send_ordered(res, 400, {{"error", {{"message", "invalid beta flag"}, {"type", "invalid_request_error"}}}});
    return true;
  }
  if (mode.starts_with("beta-")) {
    const std::string refused = unexpected_betas(req.get_header_value("anthropic-beta"));
    if (refused.empty()) return false;
    if (anthropic)
      send_anthropic_error(res, 400, "invalid_request_error",
                           "Unexpected value(s) `" + refused +
                               "` for the `anthropic-beta` header. Please consult our documentation at "
                               "docs.anthropic.com or try again without the header.");
    else
      send_ordered(res, 400, {{"error", {{"message", "invalid beta flag"}, {"type", "invalid_request_error"}}}});
    return true;
  }
  if (mode.starts_with("context-")) {
    if (!body.contains("context_management")) return false;
    if (anthropic)
      send_anthropic_error(res, 400, "invalid_request_error", "context_management: Extra inputs are not permitted");
    else
      send_other_refusal(res, "Unrecognized request argument supplied: context_management", nullptr);
    return true;
  }
  if (mode.starts_with("max-tokens-")) {
    const long long asked = body["max_tokens"].get<long long>();  // an integer: checked before
    if (asked <= kOutputCeiling) return false;
    const std::string n = std::to_string(asked), ceiling = std::to_string(kOutputCeiling);
    if (anthropic)
      send_anthropic_error(res, 400, "invalid_request_error",
                           "max_tokens: " + n + " > " + ceiling +
                               ", which is the maximum allowed number of output tokens for " +
                               body["model"].get<std::string>());
    else
      send_other_refusal(res, "max_tokens is too large: " + n + ". This model supports at most " + ceiling +
                                  " completion tokens, whereas you provided " + n + ".",
                         "max_tokens");
    return true;
  }
  if (mode == "thinking-other" && thinking_on(body)) {
    send_ordered(res, 400, openai_error("Unsupported parameter: 'thinking' is not supported with this model.",
                                        "invalid_request_error", "thinking", "unsupported_parameter"));
    return true;
  }
  return false;
}

bool refuse_agent_response(const std::string& mode, const json& body, httplib::Response& res) {
  std::string refused;
  if (mode == "codex-store-refused" && body.contains("store")) refused = "store";
  else if (mode == "codex-include-refused" && body.contains("include")) refused = "include";
  else if (mode == "codex-reasoning-refused" && body.contains("reasoning") && body["reasoning"].is_object() &&
           body["reasoning"].contains("summary"))
    refused = "reasoning.summary";
  if (refused.empty()) return false;
  send_ordered(res, 400, openai_error("Unsupported parameter: '" + refused + "' is not supported with this model.",
                                      "invalid_request_error", refused, "unsupported_parameter"));
  return true;
}

std::string tool_name(const json& tool) {
  const json& named = tool.is_object() && tool.contains("function") && tool["function"].is_object() ? tool["function"] : tool;
  return named.is_object() && named.contains("name") && named["name"].is_string() ? named["name"].get<std::string>() : "";
}

json tool_schema(const json& tool) {
  if (!tool.is_object()) return json::object();
  if (tool.contains("function") && tool["function"].is_object()) return tool["function"].value("parameters", json::object());
  return tool.contains("input_schema") ? tool["input_schema"] : tool.value("parameters", json::object());
}

std::string forced_tool(const std::string& mode, const json& body) {
  // Every scenario calls a forced tool, as a real gateway does, but the ones that drop tools.
  if (mode.ends_with("tools-dropped") || !body.contains("tool_choice")) return "";
  const json& choice = body["tool_choice"];
  const bool named = choice.is_object() && (choice.value("type", "") == "tool" || choice.value("type", "") == "function");
  if (named && !tool_name(choice).empty()) return tool_name(choice);  // Chat nests it: {"function":{"name":N}}
  const bool any = (choice.is_object() && choice.value("type", "") == "any") || choice == "required";
  if (!any || !body.contains("tools") || !body["tools"].is_array()) return "";
  for (const auto& t : body["tools"])
    if (!tool_name(t).empty()) return tool_name(t);
  return "";
}

ojson schema_instance(const json& schema, int variant, int depth) {
  if (!schema.is_object()) return variant ? "ok " + std::to_string(variant + 1) : "ok";
  for (const char* fixed : {"const", "enum"}) {
    if (!schema.contains(fixed)) continue;
    const json& v = schema[fixed];
    if (!v.is_array()) return ojson::parse(v.dump());
    if (!v.empty()) return ojson::parse(v[static_cast<std::size_t>(variant) % v.size()].dump());
  }
  std::string type = schema.contains("properties") ? "object" : "string";
  if (schema.contains("type") && schema["type"].is_string()) type = schema["type"].get<std::string>();
  if (schema.contains("type") && schema["type"].is_array())  // ["string", "null"]: the first that is not null
    for (const auto& t : schema["type"])
      if (t.is_string() && t != "null") {
        type = t.get<std::string>();
        break;
      }
  if (type == "integer" || type == "number") return 1 + variant;
  if (type == "boolean") return variant % 2 == 0;
  if (type == "null") return nullptr;
  if (type == "array") return ojson::array();
  if (type != "object") return variant ? "ok " + std::to_string(variant + 1) : "ok";
  ojson out = ojson::object();
  if (depth >= 8 || !schema.contains("required") || !schema["required"].is_array()) return out;
  const json properties = schema.value("properties", json::object());
  for (const auto& name : schema["required"]) {
    if (!name.is_string()) continue;
    const std::string key = name.get<std::string>();
    out[key] = schema_instance(properties.is_object() && properties.contains(key) ? properties[key] : json::object(),
                               variant, depth + 1);
  }
  return out;
}

ojson tool_arguments(const json& body, const std::string& tool, int variant) {
  if (!body.contains("tools") || !body["tools"].is_array()) return ojson::object();
  for (const auto& t : body["tools"]) {
    if (tool_name(t) != tool) continue;
    ojson args = schema_instance(tool_schema(t), variant, 0);
    return args.is_object() ? args : ojson::object();  // arguments are an object, whatever the schema says
  }
  return ojson::object();
}

}  // namespace fake
