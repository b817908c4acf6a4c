#pragma once
// The agent clients trace knows (Claude Code, Codex): which one a command runs, how to reach
// its calls through its own override of its configuration (never by editing the user's
// files), and what it prints when a call fails, so that the diagnosis says what really
// happened in the client's terms (API-FACTS, "What the real clients do when the gateway
// fails them").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "trace/relay.hpp"

namespace anlink {

struct TraceClient {
  std::string_view id;       // --client: claude-code, codex
  std::string_view name;     // "Claude Code"
  std::string_view program;  // its command's basename: claude, codex
};

const std::vector<TraceClient>& trace_clients();

// The client --client names, else the one the command's basename is; nullptr for neither
// (or for --client openai-sdk, which has no override and no terms of its own).
const TraceClient* client_of(std::string_view client_flag, const std::vector<std::string>& command);

// Where the forwarder is, for an override.
struct Forwarder {
  std::string root;  // http://127.0.0.1:PORT: ANTHROPIC_BASE_URL
  std::string base;  // http://127.0.0.1:PORT/PATH: the base URL's path, where /responses lands
};

// The command with the client's override inserted after argv[0]: Claude Code's
// --settings '{"env":{"ANTHROPIC_BASE_URL":...}}' (flag settings beat its settings files' env
// blocks, which beat the environment), Codex's -c model_providers.ID.base_url="..." for the
// configured provider (which ignores OPENAI_BASE_URL). `warnings`: what no override reaches
// (Claude Code's managed settings).
std::vector<std::string> with_override(const TraceClient& client, const std::vector<std::string>& command,
                                       const Forwarder& at, std::vector<std::string>& warnings);

// A managed settings file's env.ANTHROPIC_BASE_URL, which nothing overrides; nullopt when the
// file is absent, unreadable, not JSON or sets none.
inline constexpr const char* kClaudeManagedSettings = "/etc/claude-code/managed-settings.json";
std::optional<std::string> claude_managed_base_url(const std::string& path = kClaudeManagedSettings);

// A failed call's verdict told in the client's terms: what it cannot do, and what it prints
// instead of the real cause.
void in_client_terms(Finding& verdict, const Call& call, const TraceClient& client);

}  // namespace anlink
