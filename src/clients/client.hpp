#pragma once
// The agent clients `--client` knows, one row each (clients/table.cpp; one file per client:
// claude_code.cpp, codex.cpp, openai_sdk.cpp): the API it speaks, the request it sends as
// it sends it, and how it takes a refusal (asks again without the refused part, or stops).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.hpp"

namespace anlink {

// What the client stops sending after a refusal it recovers from, or what the doctor leaves
// out to see what else the gateway refuses: a beta ("beta:NAME"), a field ("field:NAME"),
// or a smaller output limit ("max_tokens:N").
using Dropped = std::vector<std::string>;

struct ClientRequest {
  std::string query;                 // appended to the route ("?beta=true"), or ""
  std::vector<std::string> headers;  // "Name: value", beside the API row's own
  std::string body;
  int max_tokens = 0;  // the output limit it asks for
};

// One refusal read from the gateway's answer.
struct Refusal {
  std::string part;      // what to drop to ask again: "beta:NAME", "field:NAME", "max_tokens:N"
  std::string what;      // as a person says it: "the beta context-management-2025-06-27"
  bool recovers = false; // the client asks again without it by itself (Anthropic's own words)
  std::string lost;      // what the client goes without when it recovers
  std::string avoid;     // the client's setting that stops sending it
};

struct ClientDef {
  std::string_view id;     // --client: claude-code, codex, openai-sdk
  std::string_view title;  // "Claude Code"
  std::string_view api;    // the id of the API it speaks (api/table.cpp)
  // The request the client sends for `model`, less what has been dropped; nullptr: the
  // client sends nothing beyond the API's own minimal requests (the OpenAI SDK).
  ClientRequest (*request)(const std::string& model, const Dropped& dropped);
  // What a 4xx answer refuses in that request (which asked for `max_tokens`), if it can be told.
  std::optional<Refusal> (*refusal)(const std::string& message, const std::string& error_type,
                                    const Dropped& dropped, int max_tokens);
  // A small request that must call the client's tool (forced by name), and whether an
  // answer did: tools dropped by the gateway leave the agent unable to act, at HTTP 200.
  std::string (*tool_body)(const std::string& model) = nullptr;
  bool (*called_tool)(const nlohmann::json& answer) = nullptr;
  // When a stream breaks it asks again without streaming, and answers from that (Claude
  // Code, measured): a broken stream costs it time and tokens, not the answer.
  bool stream_fallback = false;
};

const std::vector<ClientDef>& client_table();
const ClientDef* find_client(std::string_view id);
std::string client_ids();  // "claude-code, codex, openai-sdk"

const ClientDef& claude_code_client();
const ClientDef& codex_client();
const ClientDef& openai_sdk_client();

// Helpers the rows share.
bool was_dropped(const Dropped& d, std::string_view part);
// The number after "max_tokens:" in the drops (the last one), or `fallback`.
int dropped_max_tokens(const Dropped& d, int fallback);

}  // namespace anlink
