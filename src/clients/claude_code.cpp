// Claude Code: the Messages API as Claude Code 2.1.328 sends it (captured against a local
// gateway: ../shared/reference/API-FACTS.md), with a prompt that asks for one word.
#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "clients/client.hpp"
#include "util/text.hpp"

namespace anlink {

namespace claude_code_row {

constexpr int kMaxTokens = 32000;  // what it asks for unless CLAUDE_CODE_MAX_OUTPUT_TOKENS says less
const std::vector<std::string> kBetas = {"claude-code-20250219", "interleaved-thinking-2025-05-14",
                                         "context-management-2025-06-27", "thinking-token-count-2026-05-13",
                                         "advanced-tool-use-2025-11-20"};
constexpr const char* kAvoidBetas = "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1";

ClientRequest request(const std::string& model, const Dropped& dropped) {
  ClientRequest r;
  r.query = "?beta=true";
  std::vector<std::string> betas;
  for (const auto& b : kBetas)
    if (!was_dropped(dropped, "beta:" + b) && !was_dropped(dropped, "beta:*")) betas.push_back(b);
  if (!betas.empty()) r.headers.push_back("anthropic-beta: " + text::join(betas, ","));
  r.headers.emplace_back("x-app: cli");
  r.headers.emplace_back("User-Agent: claude-cli/2.1.328 (external, sdk-cli)");
  r.max_tokens = dropped_max_tokens(dropped, kMaxTokens);
  nlohmann::ordered_json body = {
      {"model", model},
      {"max_tokens", r.max_tokens},
      {"stream", true},
      {"system", nlohmann::json::array({{{"type", "text"}, {"text", "You are Claude Code. Answer in one word."}}})},
      {"messages", nlohmann::json::array({{{"role", "user"},
                                           {"content", nlohmann::json::array({{{"type", "text"},
                                                                               {"text", "Reply with the one word: ok"}}})}}})},
      {"tools", nlohmann::json::array({{{"name", "Bash"},
                                        {"description", "Runs a shell command."},
                                        {"input_schema", {{"type", "object"},
                                                          {"properties", {{"command", {{"type", "string"}}}}},
                                                          {"required", {"command"}}}}}})},
      {"metadata", {{"user_id", "anlink-doctor"}}},
  };
  if (!was_dropped(dropped, "field:thinking"))
    body["thinking"] = {{"type", "enabled"}, {"budget_tokens", std::max(1024, r.max_tokens - 1)}};
  if (!was_dropped(dropped, "field:context_management"))
    body["context_management"] = {{"edits", nlohmann::json::array({{{"type", "clear_thinking_20251015"}, {"keep", "all"}}})}};
  r.body = body.dump();
  return r;
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

std::optional<Refusal> refusal(const std::string& message, const std::string&, const Dropped& dropped) {
  const std::string m = text::shorten(message, 4096);
  const std::string lower = text::lower(m);
  if (lower.find("context_management") != std::string::npos && !was_dropped(dropped, "field:context_management"))
    return Refusal{"field:context_management", "the context_management field",
                   lower.find("extra inputs are not permitted") != std::string::npos,
                   "context management (the gateway clearing old thinking for it)", kAvoidBetas};
  if (lower.find("max_tokens") != std::string::npos) {
    const int asked = dropped_max_tokens(dropped, kMaxTokens);
    const long ceiling = ceiling_named(m, asked);
    const bool anthropic = m.find("max_tokens: ") != std::string::npos && m.find(" > ") != std::string::npos;
    if (ceiling > 0 && ceiling < asked)
      return Refusal{fmt::format("max_tokens:{}", ceiling), fmt::format("max_tokens {}", asked), anthropic,
                     fmt::format("answers longer than {} tokens (it asks for {})", ceiling, kMaxTokens),
                     fmt::format("CLAUDE_CODE_MAX_OUTPUT_TOKENS={}", ceiling)};
  }
  if ((lower.find("thinking") != std::string::npos || lower.find("budget_tokens") != std::string::npos) &&
      lower.find("beta") == std::string::npos && !was_dropped(dropped, "field:thinking"))
    return Refusal{"field:thinking", "extended thinking (the thinking field)", false, "",
                   "MAX_THINKING_TOKENS=0 (Claude Code then asks for no thinking)"};
  if (lower.find("beta") != std::string::npos) {
    for (const auto& b : kBetas)
      if (m.find(b) != std::string::npos && !was_dropped(dropped, "beta:" + b))
        return Refusal{"beta:" + b, "the beta " + b, lower.find("unexpected value") != std::string::npos,
                       "the beta feature " + b, kAvoidBetas};
    if (!was_dropped(dropped, "beta:*"))
      return Refusal{"beta:*", "its anthropic-beta header", lower.find("unexpected value") != std::string::npos,
                     "every beta feature it asks for", kAvoidBetas};
  }
  return std::nullopt;
}

}  // namespace claude_code_row

const ClientDef& claude_code_client() {
  static const ClientDef row{"claude-code", "Claude Code", "messages", claude_code_row::request,
                             claude_code_row::refusal};
  return row;
}

}  // namespace anlink
