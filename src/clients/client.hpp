#pragma once
// The agent clients `--client` knows, one row each (clients/table.cpp; one file per client:
// claude_code.cpp, codex.cpp): the API it speaks, the request it sends as it sends it, how it
// takes a refusal (asks again without the refused part, or stops); for trace, the program it
// is, its own override that points its calls at the forwarder, and what it prints when a
// call fails (clients/client_terms.cpp), so that a diagnosis says what really happened.
#include <map>
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

// The client's own settings its request depends on, as its configuration sets them (Claude
// Code's CLAUDE_CODE_MAX_OUTPUT_TOKENS, ...; Codex's model_reasoning_summary): name -> value.
using ClientSettings = std::map<std::string, std::string>;

struct ClientRequest {
  std::string query;                 // appended to the route ("?beta=true"), or ""
  std::vector<std::string> headers;  // "Name: value", beside the API row's own
  std::string body;
  int max_tokens = 0;  // the output limit it asks for
};

// One refusal read from the gateway's answer.
struct Refusal {
  std::string part;      // what to drop to ask again: "beta:A,B", "field:NAME", "max_tokens:N"
  std::string what;      // as a person says it: "the beta context-management-2025-06-27"
  bool recovers = false; // the client asks again without it by itself (Anthropic's own words)
  std::string lost;      // what the client goes without when it recovers
  // The client's setting that may stop it sending that (the doctor sends the request with it
  // to see), or "" when none does; `otherwise`: what else avoids it.
  std::string setting, value;
  std::string otherwise;
};

// Where trace's forwarder is, for an override.
struct Forwarder {
  std::string root;  // http://127.0.0.1:PORT: ANTHROPIC_BASE_URL
  std::string base;  // http://127.0.0.1:PORT/PATH: the base URL's path, where /responses lands
};

// A failure as the client shows it, and what really happened (measured).
enum class Symptom { route_missing, model_missing, convert_failed, stream_broken, key_refused };
struct ClientSays {
  Symptom symptom;
  std::string_view says, truth;  // {model} and {path} are the call's
};

struct ClientDef {
  std::string_view id;     // --client: claude-code, codex, openai-sdk
  std::string_view title;  // "Claude Code"
  std::string_view api;    // the id of the API it speaks (api/table.cpp)
  // The request the client sends for `model` with its settings, less what has been dropped;
  // nullptr: the client sends nothing beyond the API's own minimal requests (the OpenAI SDK).
  ClientRequest (*request)(const std::string& model, const Dropped& dropped, const ClientSettings& settings);
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
  // trace: its command's basename ("" for none), the arguments of its own override of its
  // configuration, inserted after argv[0] (never an edit of the user's files), and its words.
  std::string_view program;
  std::vector<std::string> (*override_args)(const std::vector<std::string>& command, const Forwarder& at,
                                            std::vector<std::string>& warnings) = nullptr;
  std::vector<ClientSays> says;
  // The settings its request depends on (read by its source in cli/sources.cpp), and how a
  // person sets one: "CLAUDE_CODE_MAX_OUTPUT_TOKENS=8192" in its environment or settings.
  std::vector<std::string_view> settings;
  std::string (*how_to_set)(const std::string& name, const std::string& value) = nullptr;
  // What it leaves out on its own, one more each time, when a refusal's words are not ones it
  // acts on (Claude Code's fixed retries, measured); empty: it stops at such a refusal.
  std::vector<std::string_view> retry_path;
};

const std::vector<ClientDef>& client_table();
const ClientDef* find_client(std::string_view id);
std::string client_ids();  // "claude-code, codex, openai-sdk"

const ClientDef& claude_code_client();
const ClientDef& codex_client();
const ClientDef& openai_sdk_client();

// The client --client names, else the one the command's basename is; nullptr for neither
// (or for a client that has no program of its own, such as openai-sdk).
const ClientDef* client_of(std::string_view client_flag, const std::vector<std::string>& command);

// The command with the client's override inserted after argv[0]; a wrapper (npx, a script)
// gets none, and a warning.
std::vector<std::string> with_override(const ClientDef& client, const std::vector<std::string>& command,
                                       const Forwarder& at, std::vector<std::string>& warnings);

// A failed answer (of `path`, for `model`) told in the client's terms: what it cannot do, and
// what it prints instead of the real cause.
struct Finding;
struct HttpResponse;
void in_client_terms(Finding& verdict, const HttpResponse& res, const std::string& path, const std::string& model,
                     const ClientDef& client);
// The same for a check's failure (check's id, its evidence), with --client.
void in_client_terms(Finding& verdict, std::string_view check, const std::string& path, const std::string& model,
                     const ClientDef& client);

// Helpers the rows share.
bool was_dropped(const Dropped& d, std::string_view part);
// The number after "max_tokens:" in the drops (the last one), or `fallback`.
int dropped_max_tokens(const Dropped& d, int fallback);

}  // namespace anlink
