#include "checks/check.hpp"

namespace anlink {

const std::vector<CheckDef>& check_table() {
  static const std::vector<CheckDef> table = {
      {"config", "the key, base URL and model are present and well-formed (nothing is sent)",
       {}, check_config},
      {"base_url", "the base URL resolves, connects, and its chat route answers as the API",
       {}, check_base_url},
      {"api_key", "the key is accepted, tested with a request the platform cannot bill",
       {"config", "base_url"}, check_api_key, plan_api_key},
      {"model", "the model code is in the catalog exactly, and its status is active",
       {"base_url"}, check_model, plan_model, true},
      {"balance", "the account can pay for a request (balance endpoint, else the probe's answer)",
       {"api_key"}, check_balance, plan_balance},
      {"probe", "a minimal completion (max_tokens 1), or your --request-body, succeeds",
       {"api_key", "model", "balance"}, check_probe, plan_probe, true},
      {"stream", "a minimal streaming completion ends with usage and [DONE]",
       {"probe"}, check_stream, plan_stream, true},
      {"usage_log", "each request id is in the usage logs, with its recorded outcome explained",
       {}, check_usage_log, plan_usage_log},
  };
  return table;
}

const CheckDef* find_check(std::string_view id) {
  for (const auto& c : check_table())
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace anlink
