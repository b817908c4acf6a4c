#include "core/profile.hpp"

namespace anlink {

const std::vector<Profile>& builtin_profiles() {
  static const std::vector<Profile> profiles = {
      {
          .name = "anlinkai",
          .base_url = "https://api.anlinkai.com/api/v1",
          .api_prefix = "/api/v1",
          .web_hosts = {"console.anlinkai.com", "anlinkai.com", "www.anlinkai.com"},
          .console_url = "https://console.anlinkai.com",
          .catalog = CatalogShape{},
          .balance = std::nullopt,    // balance is a console feature: no public endpoint
          .usage_log = std::nullopt,  // so are the Usage Logs
          .request_id_headers = {"x-request-id"},
          .key_pattern = "",  // keys are said to start with ak_, but no source confirms it
      },
  };
  return profiles;
}

const Profile* find_profile(const std::string& name) {
  for (const auto& p : builtin_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace anlink
