#include <utility>

#include "capabilities/capability.hpp"
#include "checks/check.hpp"

namespace anlink {

namespace {

// A capability's row: the generic check and plan for capability_table()[I], opt-in by
// --capabilities (or --only).
template <std::size_t I>
CheckDef capability_row() {
  const CapabilityDef& cap = capability_table()[I];
  return {cap.id,
          cap.description,
          {"probe"},
          [](Context& ctx) { return check_capability(ctx, capability_table()[I]); },
          [](const Context& ctx) { return plan_capability(ctx, capability_table()[I]); },
          Scope::model,
          apis_with(cap.part),
          [](const CheckOptions& o) {
            return std::find(o.capabilities.begin(), o.capabilities.end(), capability_table()[I].id) != o.capabilities.end();
          },
          true,
          true};
}

template <std::size_t... I>
void add_capabilities(std::vector<CheckDef>& table, std::index_sequence<I...>) {
  (table.push_back(capability_row<I>()), ...);
}

}  // namespace

const std::vector<CheckDef>& check_table() {
  static const std::vector<CheckDef> table = [] {
  std::vector<CheckDef> t = {
      {"config", "the key, base URL and model are present and well-formed (nothing is sent)",
       {}, check_config},
      {"base_url", "the base URL resolves, connects, and the API's route answers as that API",
       {}, check_base_url, plan_base_url, Scope::api},
      {"api_key", "the key is accepted, tested with a request the platform cannot bill",
       {"config", "base_url"}, check_api_key, plan_api_key, Scope::api},
      {"model", "the model code is in the catalog exactly, and its status is active",
       {"base_url"}, check_model, plan_model, Scope::model},
      {"balance", "the account can pay for a request (balance endpoint, else the probe's answer)",
       {"api_key"}, check_balance, plan_balance},
      {"probe", "a minimal request (1 token; 16 for Responses), or your --request-body, succeeds",
       {"api_key", "model", "balance"}, check_probe, plan_probe, Scope::model, {}, nullptr, false, true},
      {"stream", "a minimal stream ends as its API's grammar says: usage, then [DONE] or its terminal event",
       {"probe"}, check_stream, plan_stream, Scope::model, {}, nullptr, false, true},
      {"count_tokens", "Messages' token count answers a plausible count, or is absent (clients then estimate)",
       {"api_key", "model"}, check_count_tokens, plan_count_tokens, Scope::model, {"messages"}},
      {"client_request", "the agent client's own request (--client: its headers, betas, tools, thinking, output limit) is answered",
       {"probe"}, check_client_request, nullptr, Scope::model, {},
       [](const CheckOptions& o) { return o.client && o.client->request; }, false, true},
  };
  // After the probe and the client's request, before the usage log: the capabilities, in
  // their table's order.
  add_capabilities(t, std::make_index_sequence<kCapabilityCount>{});
  t.push_back({"usage_log", "each request id is in the usage logs, with its recorded outcome explained",
               {}, check_usage_log, plan_usage_log});
  return t;
  }();
  return table;
}

const CheckDef* find_check(std::string_view id) {
  for (const auto& c : check_table())
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace anlink
