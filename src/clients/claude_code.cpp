// Claude Code: the Messages API as Claude Code 2.1.328 sends it (captured against a local
// gateway: ../shared/reference/API-FACTS.md), with a prompt that asks for one word.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "clients/claude_settings.hpp"
#include "clients/client.hpp"
#include "util/text.hpp"

namespace anlink {

namespace claude_code_row {

// Its request depends on the model (measured): the default claude-opus-5-5, the older
// claude-sonnet-4-5 family, and any id it does not know (what most gateways' ids are).
struct Shape {
  std::vector<std::string> betas;
  int max_tokens;
  bool budget_thinking;  // thinking {"type":"enabled","budget_tokens":N-1}, else adaptive
  std::string effort;    // output_config.effort, "" for none
};

Shape shape_for(const std::string& model) {
  const std::string m = text::lower(model);
  if (m.starts_with("claude-sonnet-4") || m.starts_with("claude-opus-4") || m.starts_with("claude-haiku-4") ||
      m.starts_with("claude-3"))
    return {{"claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27",
             "thinking-token-count-2026-05-13", "advanced-tool-use-2025-11-20"},
            32000, true, ""};
  if (m.starts_with("claude-opus-5") || m.starts_with("claude-sonnet-5"))
    return {{"claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27",
             "per-turn-control-2026-07-01", "mid-conversation-tool-changes-2026-07-01",
             "thinking-token-count-2026-05-13", "advanced-tool-use-2025-11-20", "effort-2025-11-24"},
            128000, false, "medium"};
  return {{"claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27",
           "mid-conversation-tool-changes-2026-07-01", "thinking-token-count-2026-05-13",
           "advanced-tool-use-2025-11-20", "effort-2025-11-24"},
          32000, false, "high"};
}

constexpr const char* kNoBetas = "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS";
constexpr const char* kMaxOutput = "CLAUDE_CODE_MAX_OUTPUT_TOKENS";
constexpr const char* kThinking = "MAX_THINKING_TOKENS";
// What it still sends with CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 (measured).
const std::vector<std::string> kKeptBetas = {"claude-code-20250219", "interleaved-thinking-2025-05-14",
                                             "effort-2025-11-24"};

bool truthy(const ClientSettings& s, const char* name) {
  auto it = s.find(name);
  if (it == s.end()) return false;
  const std::string v = text::lower(text::trim(it->second));
  return !v.empty() && v != "0" && v != "false" && v != "no";
}

// A positive number the setting holds, or `fallback`; `zero` for an explicit 0.
int number_in(const ClientSettings& s, const char* name, int fallback) {
  auto it = s.find(name);
  if (it == s.end()) return fallback;
  const std::string v = text::trim(it->second);
  if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos) return fallback;
  return std::atoi(v.c_str());
}

nlohmann::json bash_tool() {
  return {{"name", "Bash"},
          {"description", "Runs a shell command."},
          {"input_schema", {{"type", "object"}, {"properties", {{"command", {{"type", "string"}}}}}, {"required", {"command"}}}}};
}

ClientRequest request(const std::string& model, const Dropped& dropped, const ClientSettings& settings) {
  Shape shape = shape_for(model);
  if (truthy(settings, kNoBetas))
    std::erase_if(shape.betas, [](const std::string& b) {
      return std::find(kKeptBetas.begin(), kKeptBetas.end(), b) == kKeptBetas.end();
    });
  const int configured = number_in(settings, kMaxOutput, 0);
  if (configured > 0) shape.max_tokens = configured;
  const int thinking_budget = number_in(settings, kThinking, -1);  // -1: not set; 0: off
  ClientRequest r;
  r.query = "?beta=true";
  std::vector<std::string> betas;
  for (const auto& b : shape.betas)
    if (!was_dropped(dropped, "beta:" + b) && !was_dropped(dropped, "beta:*")) betas.push_back(b);
  if (!betas.empty()) r.headers.push_back("anthropic-beta: " + text::join(betas, ","));
  r.headers.emplace_back("x-app: cli");
  r.headers.emplace_back("User-Agent: claude-cli/2.1.328 (external, sdk-cli)");
  r.max_tokens = dropped_max_tokens(dropped, shape.max_tokens);
  auto has = [&](const char* beta) { return std::find(betas.begin(), betas.end(), beta) != betas.end(); };
  nlohmann::ordered_json body = {
      {"model", model},
      {"messages", nlohmann::json::array({{{"role", "user"},
                                           {"content", nlohmann::json::array({{{"type", "text"},
                                                                               {"text", "Reply with the one word: ok"}}})}}})},
      {"system", nlohmann::json::array({{{"type", "text"}, {"text", "You are Claude Code. Answer in one word."}}})},
      {"tools", nlohmann::json::array({bash_tool()})},
      {"metadata", {{"user_id", "{\"session_id\":\"anlink-doctor\"}"}}},
      {"max_tokens", r.max_tokens},
  };
  // Thinking as it asks for it: MAX_THINKING_TOKENS=0 turns it off, except on the adaptive
  // default model (measured: claude-opus-5-5 keeps adaptive thinking).
  if (!was_dropped(dropped, "field:thinking")) {
    if (shape.budget_thinking && thinking_budget == 0)
      body["thinking"] = {{"type", "disabled"}};
    else if (shape.budget_thinking)
      body["thinking"] = {{"type", "enabled"},
                          {"budget_tokens", std::max(1024, std::min(thinking_budget > 0 ? thinking_budget : 31999,
                                                                    r.max_tokens - 1))},
                          {"display", "omitted"}};
    else if (thinking_budget != 0 || shape.effort == "medium")
      body["thinking"] = {{"type", "adaptive"}, {"display", "omitted"}};
  }
  if (was_dropped(dropped, "field:thinking.display") && body.contains("thinking")) body["thinking"].erase("display");
  // Dropping a beta drops the field it governs, as Claude Code does.
  if (!was_dropped(dropped, "field:context_management") && has("context-management-2025-06-27"))
    body["context_management"] = {{"edits", nlohmann::json::array({{{"type", "clear_thinking_20251015"}, {"keep", "all"}}})}};
  if (!shape.effort.empty() && !was_dropped(dropped, "field:output_config") && has("effort-2025-11-24"))
    body["output_config"] = {{"effort", shape.effort}};
  body["stream"] = true;
  r.body = body.dump();
  return r;
}

std::string how_to_set(const std::string& name, const std::string& value) {
  return fmt::format("{}={} (in Claude Code's environment, or the env block of its settings)", name, value);
}

// A request that must call the tool: Claude Code's tool, forced by name (without thinking,
// which a forced tool does not allow), a few tokens.
std::string tool_body(const std::string& model) {
  return nlohmann::ordered_json{
      {"model", model},
      {"max_tokens", 128},
      {"messages", nlohmann::json::array({{{"role", "user"}, {"content", "List the files in the current directory."}}})},
      {"tools", nlohmann::json::array({bash_tool()})},
      {"tool_choice", {{"type", "tool"}, {"name", "Bash"}}},
  }.dump();
}

bool called_tool(const nlohmann::json& answer) {
  const auto* content = answer.is_object() ? &answer["content"] : nullptr;
  if (!content || !content->is_array()) return false;
  std::size_t n = 0;
  for (const auto& block : *content) {
    if (++n > 64) break;
    if (block.is_object() && block.value("type", "") == "tool_use" && block.value("name", "") == "Bash") return true;
  }
  return false;
}

// The first number in `s` after `from`, or 0.
long number_after(std::string_view s, std::size_t from) {
  while (from < s.size() && !(s[from] >= '0' && s[from] <= '9')) ++from;
  long n = 0;
  for (std::size_t i = from; i < s.size() && i < from + 9 && s[i] >= '0' && s[i] <= '9'; ++i) n = n * 10 + (s[i] - '0');
  return n;
}

// The output ceiling a refusal names: Anthropic's "max_tokens: 32000 > 8192, ..." or any
// number below what was asked in other words ("at most 8192").
long ceiling_named(std::string_view m, int asked) {
  if (auto gt = m.find(" > "); gt != std::string_view::npos) return number_after(m, gt + 3);
  for (std::size_t i = 0; i < m.size() && i < 4096;) {
    if (m[i] >= '0' && m[i] <= '9') {
      const long n = number_after(m, i);
      if (n > 0 && n < asked) return n;
      while (i < m.size() && m[i] >= '0' && m[i] <= '9') ++i;
    } else {
      ++i;
    }
  }
  return 0;
}

constexpr const char* kGatewayStrips =
    "have the gateway accept or strip it (a translating proxy such as LiteLLM or claude-code-router in front)";

std::optional<Refusal> refusal(const std::string& message, const std::string&, const Dropped& dropped, int asked) {
  const std::string m = text::shorten(message, 4096);
  const std::string lower = text::lower(m);
  if (lower.find("context_management") != std::string::npos && !was_dropped(dropped, "field:context_management"))
    return Refusal{"field:context_management", "the context_management field",
                   lower.find("extra inputs are not permitted") != std::string::npos,
                   "context management (the gateway clearing old thinking for it)", kNoBetas, "1", kGatewayStrips};
  if (lower.find("max_tokens") != std::string::npos) {
    const long ceiling = ceiling_named(m, asked);
    const bool anthropic = m.find("max_tokens: ") != std::string::npos && m.find(" > ") != std::string::npos;
    if (ceiling > 0 && ceiling < asked)
      return Refusal{fmt::format("max_tokens:{}", ceiling), fmt::format("max_tokens {}", asked), anthropic,
                     fmt::format("answers longer than {} tokens (it asks for {})", ceiling, asked), kMaxOutput,
                     std::to_string(ceiling), "use a model with a higher output limit"};
  }
  if ((lower.find("thinking") != std::string::npos || lower.find("budget_tokens") != std::string::npos) &&
      lower.find("beta") == std::string::npos && !was_dropped(dropped, "field:thinking"))
    return Refusal{"field:thinking", "extended thinking (the thinking field)", false, "", kThinking, "0",
                   "choose a model that thinks, or " + std::string(kGatewayStrips)};
  if (lower.find("beta") != std::string::npos) {
    // Every beta it names, dropped at once (as Claude Code drops what Anthropic's words name).
    std::vector<std::string> named;
    for (const auto& b : shape_for("claude-opus-5-5").betas)
      if (m.find(b) != std::string::npos && !was_dropped(dropped, "beta:" + b)) named.push_back(b);
    const bool anthropic = lower.find("unexpected value") != std::string::npos;
    if (!named.empty())
      return Refusal{"beta:" + text::join(named, ","), (named.size() > 1 ? "the betas " : "the beta ") + text::join(named, ", "),
                     anthropic, (named.size() > 1 ? "the beta features " : "the beta feature ") + text::join(named, ", "),
                     kNoBetas, "1", kGatewayStrips};
    if (!was_dropped(dropped, "beta:*"))
      return Refusal{"beta:*", "its anthropic-beta header", anthropic, "every beta feature it asks for", kNoBetas, "1",
                     kGatewayStrips};
  }
  return std::nullopt;
}

// Flag settings beat the settings files' env blocks, which beat the environment: the
// forwarder's root as ANTHROPIC_BASE_URL there. A managed file's value nothing overrides.
std::vector<std::string> override_args(const std::vector<std::string>&, const Forwarder& at,
                                       std::vector<std::string>& warnings) {
  if (claude_managed_base_url())
    warnings.push_back(fmt::format("{} sets ANTHROPIC_BASE_URL, which no flag overrides: Claude Code's calls go "
                                   "there, not through the forwarder (only its administrator can change it)",
                                   kClaudeManagedSettings));
  return {"--settings", nlohmann::json{{"env", {{"ANTHROPIC_BASE_URL", at.root}}}}.dump()};
}

}  // namespace claude_code_row

const ClientDef& claude_code_client() {
  static const ClientDef row{
      .id = "claude-code",
      .title = "Claude Code",
      .api = "messages",
      .request = claude_code_row::request,
      .refusal = claude_code_row::refusal,
      .tool_body = claude_code_row::tool_body,
      .called_tool = claude_code_row::called_tool,
      .stream_fallback = true,
      .program = "claude",
      .override_args = claude_code_row::override_args,
      .says = {
          {Symptom::route_missing,
           "There's an issue with the selected model ({model}). It may not exist or you may not have access to it.",
           "that blames the model, but the gateway has no {path}: no model works until it serves the Messages API"},
          {Symptom::model_missing,
           "There's an issue with the selected model ({model}). It may not exist or you may not have access to it.",
           "here the route answers and the gateway does not know the model {model}"},
          {Symptom::convert_failed, "API Error: 500 not implemented. This is a server-side issue, usually temporary",
           "it is not temporary: the gateway's channel for {model} cannot translate Messages requests"},
          {Symptom::key_refused, "Not logged in · Please run /login (or: Invalid API key · Fix external API key)",
           "/login does not help: the gateway refused the key the program sent"},
      },
      .settings = {claude_code_row::kNoBetas, claude_code_row::kMaxOutput, claude_code_row::kThinking},
      .how_to_set = claude_code_row::how_to_set,
      .retry_path = {"beta:thinking-token-count-2026-05-13", "field:thinking.display", "beta:advanced-tool-use-2025-11-20"},
  };
  return row;
}

}  // namespace anlink
