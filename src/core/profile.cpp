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
          .api_prefix = "/api/v1",
          .api_hosts = {"openrouter.ai"},
          .key_prefix = "sk-or-v1-",
          .balance_statuses = {402},
          .web_hosts = {},
          .console_url = "https://openrouter.ai/settings/credits",
          .catalog = openai_catalog(),
          .balance = BalanceShape{.path = "/key", .amount = "/data/limit_remaining",
                                  .null_is_unlimited = true},
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
      if (api == h) return &p;
  return nullptr;
}

}  // namespace anlink
