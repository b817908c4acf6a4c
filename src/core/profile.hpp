#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace anlink {

// How one gateway answers beyond the chat route (SPEC, "Profiles"). JSON pointers say
// where a value sits; paths are relative to the base URL.
struct CatalogShape {
  std::string path = "/models";
  std::string list = "/items";   // where the array of models is
  std::string id = "/code";      // within an entry
  std::string status = "/status";
  std::vector<std::string> active = {"active"};
};

struct BalanceShape {
  std::string path;      // e.g. "/account/balance"
  bool from_origin = false;  // the path is under the host, not under the base URL
  std::string amount;    // pointer to the amount (number or numeric string)
  std::string spent;     // pointer: when set, the amount is a budget and this is spent of it
  std::string currency;  // pointer, optional
  std::string available;  // pointer to a boolean: false means calls are refused (DeepSeek)
  std::string unlimited;  // pointer to a boolean: true means no limit (New API)
  bool null_is_unlimited = false;  // an amount of null means no limit (OpenRouter)
  double minimum = 0.0;  // at or below: calls are refused
  double low = 1.0;      // below: warn that it will soon run out
};

struct UsageLogShape {
  std::string path;  // with {request_id}, e.g. "/usage/logs?request_id={request_id}"
  bool from_origin = false;  // the path is under the host, not under the base URL (LiteLLM)
  std::string entry;  // pointer to the entry within the answer
  std::string status, error_code, cost;  // pointers within the entry
};

// How the key is sent ("auth" in a profile file): a header and its scheme, and query
// parameters every request carries (Azure OpenAI: header api-key, no scheme, api-version).
struct AuthShape {
  std::string header = "Authorization";
  std::string scheme = "Bearer";  // "": the key alone
  std::vector<std::pair<std::string, std::string>> query;
};

struct Profile {
  std::string name;
  std::string description;             // one line, for `anlink-doctor profiles`
  std::string base_url;
  std::string default_model;  // checked under --from-env when no model is given ("": qwen-flash)
  std::string api_prefix;              // the path the base URL should end in
  bool prefix_optional = false;        // the API answers without the prefix too (DeepSeek)
  std::vector<std::string> api_hosts;  // hosts that serve this gateway's API (".x.com": any under it)
  std::string key_prefix;              // a key shape no other gateway uses ("sk-or-v1-")
  std::vector<long> balance_statuses;  // statuses that mean "no balance" here (402, ...)
  std::vector<std::string> web_hosts;  // hosts that serve people, not the API
  std::string console_url;             // where a person looks at balance and logs
  std::optional<CatalogShape> catalog;
  std::optional<BalanceShape> balance;
  std::optional<UsageLogShape> usage_log;
  std::vector<std::string> request_id_headers;
  std::string key_pattern;  // ECMAScript regex; empty when the key shape is not known
  // Sent with every request ("headers" in a profile file); a value may hold ${VAR}, read
  // from the environment when the run starts. Values are secrets.
  std::vector<std::pair<std::string, std::string>> headers;
  AuthShape auth;
  // The chat route under the base URL; {model} is replaced by the model (Azure's deployment).
  std::string chat_path = "/chat/completions";
  std::string key_hint;  // a fix for a key too short to be real (LiteLLM's sk-1234)
};

// Azure OpenAI's api-version when neither --api-version nor OPENAI_API_VERSION names one:
// the latest generally available data-plane version.
inline constexpr const char* kAzureApiVersion = "2024-10-21";

const std::vector<Profile>& builtin_profiles();
const Profile* find_profile(const std::string& name);

// The profile whose API hosts include `host`, if any.
const Profile* profile_for_host(const std::string& host);

// Reads a profile file (SPEC, "Profiles"); "extends": "NAME" starts from a built-in one.
// Throws std::invalid_argument naming the field.
Profile load_profile_file(const std::string& path);
// The same, from the file's text.
Profile parse_profile_text(std::string_view text);

}  // namespace anlink
