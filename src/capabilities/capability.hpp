#pragma once
// The capability checks (--capabilities): each capability one row of a table (table.cpp),
// one file each (tools.cpp, tool_choice.cpp, ...): the requests it sends, built from the API
// row's Features (api/api.hpp), and how it judges the answers. checks/capability_check.cpp
// sends them and reads a refusal the same way for all; a capability never names an API.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api.hpp"

namespace anlink {

// What a capability's probe found. works passes; refused fails PARAMETER_UNSUPPORTED;
// ignored and emulated fail CAPABILITY_IGNORED; partial and inconclusive warn.
enum class Verdict { works, refused, ignored, emulated, partial, inconclusive };
std::string_view to_string(Verdict v);

// What makes a run's probes its own: no answer can hold them by chance.
struct ProbeNonce {
  std::string word;    // 8 lower-case letters and digits: in the tool's name, the schema's key
  std::string number;  // 6 digits, the first not 0: what the image holds
};
ProbeNonce fresh_nonce();

struct ProbeArgs {
  const ApiDef& api;
  std::string model;
  std::string token_param;  // max_tokens, or what the probe learned the model wants
  int max_tokens = 0;       // the least the probe learned the model needs; the row's own if more
  ProbeNonce nonce;
  std::string tool() const { return "record_" + nonce.word; }
  std::string key() const { return "k_" + nonce.word; }
};

// The requests' body before the feature: the API's own, with a prompt and a token limit.
nlohmann::json base_body(const ProbeArgs& a, const std::string& prompt, int max_tokens);
// The one tool every tool probe offers: it records a word.
ToolSpec probe_tool(const ProbeArgs& a);

struct Judged {
  Verdict verdict = Verdict::inconclusive;
  std::string summary;  // a sentence: what happened
  std::string decided;  // the part of the answer that decided
};

// Which of the API's parameters a refusal names (Features' *_param).
enum class Part { tools, choice, parallel, schema, image, effort };
std::string_view param_of(const ApiDef& api, Part part);
// True when the API's Features can ask for the part (Messages has no structured outputs).
bool has_part(const ApiDef& api, Part part);
// The ids of the APIs that have the part, for the check table; empty when all of them do.
std::vector<std::string_view> apis_with(Part part);

struct CapabilityDef {
  std::string_view id;           // --capabilities and the check's id
  std::string_view description;  // `anlink-doctor checks`
  std::string_view title;        // "tool calls", as a sentence names it
  std::string_view needed_by;    // who breaks without it, for fixes
  Part part;  // what it sends (the API has it where its Features do: has_part), as the API names it in a refusal
  int max_tokens;  // each request's output limit
  // The requests, built the same way for the plan and the run (one, or more to compare).
  std::vector<std::string> (*bodies)(const ProbeArgs&);
  // What was sent, for the evidence: the feature's part of the first body (images described).
  nlohmann::ordered_json (*sent)(const ProbeArgs&, const nlohmann::json& body);
  // Words in a refusal (lower case, spaces and hyphens as '_') that name it, and the part
  // each names; words that name what it needs but does not probe (tools, for tool_choice).
  std::vector<std::pair<std::string_view, Part>> words, needs_words;
  // The answers (each a 2xx, read the API's way), in the order of `bodies`.
  Judged (*judge)(const ProbeArgs&, const std::vector<Answer>&);
  std::string_view fix_refused, fix_ignored;  // {gateway} {model} {param} {api} filled in
};

const std::vector<CapabilityDef>& capability_table();
inline constexpr std::size_t kCapabilityCount = 6;  // its rows; the check table makes one check of each
const CapabilityDef* find_capability(std::string_view id);
std::string capability_ids();  // "tools, tool_choice, ..."

// One file each.
CapabilityDef tools_capability();
CapabilityDef tool_choice_capability();
CapabilityDef parallel_tools_capability();
CapabilityDef json_schema_capability();
CapabilityDef vision_capability();
CapabilityDef reasoning_capability();

// What answers say, read the same way by every capability (reading.cpp).
namespace reading {
// The model declined: the API's refusal field or stop reason, or a content filter.
bool declined(const Answer& a);
// Words of a model that will not do the task ("I'm sorry, I can't help with that").
bool refuses_task(std::string_view text);
// A tool call written as text: the tool's name, or markup of a call (<tool_call>, "arguments").
bool call_in_text(std::string_view text, std::string_view tool);
// The answer stopped at its token limit (finish "length", "max_tokens", status "incomplete").
bool cut(const Answer& a);
// The text after the thinking a model writes into it (<think>...</think>); "" when it is all thinking.
std::string without_thinking(std::string_view text);
// The answer's text as evidence: one line, shortened.
std::string quote(std::string_view text);
// A call of `tool` whose arguments are not what the API's SDKs parse (a JSON object, carried as
// the API carries it): ignored, "garbled"; nullopt when every call of it parses.
std::optional<Judged> garbled(const Answer& a, std::string_view tool);
// A verdict for an answer with no call: emulated, inconclusive (declined, empty, cut), or ignored.
Judged no_call(const Answer& a, std::string_view tool, std::string_view title, std::string_view ignored);
}  // namespace reading

}  // namespace anlink
