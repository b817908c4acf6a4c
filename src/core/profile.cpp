// The built-in gateway profiles: what reference/API-FACTS.md says each one exposes.
#include "core/profile.hpp"

#include "util/text.hpp"

namespace anlink {

namespace {

CatalogShape openai_catalog() { return {"/models", "/data", "/id", "", {}}; }

}  // namespace

const std::vector<Profile>& builtin_profiles() {
  static const std::vector<Profile> profiles = {
      {
          .name = "anlinkai",
          .description = "AnLinkAI: catalog with status; balance and usage logs are in the console",
          .base_url = "https://api.anlinkai.com/api/v1",
          .api_prefix = "/api/v1",
          .api_hosts = {"api.anlinkai.com"},
          .key_prefix = "",  // keys are said to start with ak_, but no source confirms it
          .balance_statuses = {402, 429},
          .web_hosts = {"console.anlinkai.com", "anlinkai.com", "www.anlinkai.com"},
          .console_url = "https://console.anlinkai.com",
          .catalog = CatalogShape{},
          .balance = std::nullopt,    // balance is a console feature: no public endpoint
          .usage_log = std::nullopt,  // so are the Usage Logs
          .request_id_headers = {"x-request-id"},
      },
      {
          .name = "openai",
          .description = "OpenAI: no balance endpoint for secret keys; 429 insufficient_quota means billing",
          .base_url = "https://api.openai.com/v1",
          .default_model = "gpt-4o-mini",
          .api_prefix = "/v1",
          .api_hosts = {"api.openai.com"},
          .key_prefix = "sk-proj-",
          .balance_statuses = {},
          .web_hosts = {"platform.openai.com", "chatgpt.com", "openai.com"},
          .console_url = "https://platform.openai.com/usage",
          .catalog = openai_catalog(),
          .request_id_headers = {"x-request-id"},
      },
      {
          .name = "deepseek",
          .description = "DeepSeek: base URL with or without /v1; balance at /user/balance",
          .base_url = "https://api.deepseek.com",
          .default_model = "deepseek-chat",
          .api_prefix = "/v1",
          .prefix_optional = true,
          .api_hosts = {"api.deepseek.com"},
          .balance_statuses = {402},
          .web_hosts = {"platform.deepseek.com", "www.deepseek.com", "chat.deepseek.com"},
          .console_url = "https://platform.deepseek.com",
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/user/balance", .from_origin = true,
                                  .amount = "/balance_infos/0/total_balance",
                                  .currency = "/balance_infos/0/currency",
                                  .available = "/is_available"},
          .request_id_headers = {"x-request-id"},
      },
      {
          .name = "openrouter",
          .description = "OpenRouter: key limits at /key (null = unlimited); 402 = no credits",
          .base_url = "https://openrouter.ai/api/v1",
          .default_model = "openai/gpt-4o-mini",
          .api_prefix = "/api/v1",
          .api_hosts = {"openrouter.ai"},
          .key_prefix = "sk-or-v1-",
          .balance_statuses = {402},
          .web_hosts = {},
          .console_url = "https://openrouter.ai/settings/credits",
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/key", .amount = "/data/limit_remaining",
                                  .null_is_unlimited = true},
          // The generation lookup: its id is the completion's "id" (gen-...).
          .usage_log = UsageLogShape{.path = "/generation?id={request_id}", .entry = "/data",
                                     .status = "", .error_code = "", .cost = "/total_cost"},
          .request_id_headers = {"x-generation-id"},
      },
      {
          .name = "siliconflow",
          .description = "SiliconFlow: balance at /user/info (totalBalance)",
          .base_url = "https://api.siliconflow.cn/v1",
          .api_prefix = "/v1",
          .api_hosts = {"api.siliconflow.cn", "api.siliconflow.com"},
          .balance_statuses = {402},
          .web_hosts = {"cloud.siliconflow.cn"},
          .console_url = "https://cloud.siliconflow.cn",
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/user/info", .amount = "/data/totalBalance"},
          .request_id_headers = {"x-request-id"},
      },
      {
          .name = "moonshot",
          .description = "Moonshot: balance at /users/me/balance; zero or below blocks calls",
          .base_url = "https://api.moonshot.cn/v1",
          .api_prefix = "/v1",
          .api_hosts = {"api.moonshot.cn", "api.moonshot.ai"},
          .balance_statuses = {402},
          .web_hosts = {"platform.moonshot.cn"},
          .console_url = "https://platform.moonshot.cn/console",
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/users/me/balance", .amount = "/data/available_balance",
                                  .minimum = 0.0},
          .request_id_headers = {"x-request-id"},
      },
      {
          .name = "newapi",
          .description = "One API / New API deployments: token quota at /api/usage/token; pass --base-url",
          .base_url = "",
          .api_prefix = "/v1",
          .balance_statuses = {403},
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/api/usage/token", .from_origin = true,
                                  .amount = "/data/total_available",
                                  .unlimited = "/data/unlimited_quota"},
          .request_id_headers = {"x-oneapi-request-id"},
      },
      {
          .name = "azure",
          .description = "Azure OpenAI: api-key header, api-version query, --model is the deployment; pass --base-url https://RESOURCE.openai.azure.com/openai",
          .base_url = "",
          .api_prefix = "/openai",
          .api_hosts = {".openai.azure.com", ".cognitiveservices.azure.com"},
          .web_hosts = {"portal.azure.com", "ai.azure.com", "oai.azure.com"},
          .console_url = "https://ai.azure.com",
          .catalog = std::nullopt,  // the data plane does not list deployments
          .request_id_headers = {"apim-request-id", "x-request-id"},
          .auth = {.header = "api-key", .scheme = "", .query = {{"api-version", kAzureApiVersion}}},
          .chat_path = "/deployments/{model}/chat/completions",
      },
      {
          .name = "litellm",
          .description = "LiteLLM proxy: key budget at /key/info (max_budget - spend), spend logs at /spend/logs; pass --base-url",
          .base_url = "",
          .api_prefix = "",
          .balance_statuses = {},
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/key/info", .from_origin = true, .amount = "/info/max_budget",
                                  .spent = "/info/spend", .null_is_unlimited = true, .low = 0.5},
          .usage_log = UsageLogShape{.path = "/spend/logs?request_id={request_id}", .from_origin = true,
                                     .entry = "/0", .status = "/status", .error_code = "",
                                     .cost = "/spend"},
          .request_id_headers = {"x-litellm-call-id"},
          .key_hint = "LiteLLM's documented example master key is a placeholder: create a virtual "
                      "key (POST /key/generate) or set a long LITELLM_MASTER_KEY",
      },
      {
          .name = "portkey",
          .description = "Portkey: the provider's key as Bearer, x-portkey-* headers from PORTKEY_* variables or --header",
          .base_url = "https://api.portkey.ai/v1",
          .api_prefix = "/v1",
          .api_hosts = {"api.portkey.ai"},
          .web_hosts = {"app.portkey.ai", "portkey.ai"},
          .console_url = "https://app.portkey.ai/logs",
          .catalog = openai_catalog(),
          .request_id_headers = {"x-portkey-trace-id", "x-request-id"},
          .headers = {{"x-portkey-api-key", "${PORTKEY_API_KEY:-}"},
                      {"x-portkey-provider", "${PORTKEY_PROVIDER:-}"},
                      {"x-portkey-config", "${PORTKEY_CONFIG:-}"},
                      {"x-portkey-virtual-key", "${PORTKEY_VIRTUAL_KEY:-}"},
                      {"x-portkey-custom-host", "${PORTKEY_CUSTOM_HOST:-}"}},
      },
      {
          .name = "generic",
          .description = "any OpenAI-compatible gateway: chat route and /models only; pass --base-url",
          .base_url = "",
          .api_prefix = "",
          .catalog = openai_catalog(),
          .request_id_headers = {},
      },
  };
  return profiles;
}

const Profile* find_profile(const std::string& name) {
  for (const auto& p : builtin_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

const Profile* profile_for_host(const std::string& host) {
  const std::string h = text::lower(host);
  for (const auto& p : builtin_profiles())
    for (const auto& api : p.api_hosts)
      if (api == h || (api.front() == '.' && h.size() > api.size() && h.ends_with(api))) return &p;
  return nullptr;
}

}  // namespace anlink
