#pragma once
#include <optional>
#include <string>
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

struct Profile {
  std::string name;
  std::string base_url;
  std::string api_prefix;              // the path the base URL should end in
  std::vector<std::string> web_hosts;  // hosts that serve people, not the API
  std::string console_url;             // where a person looks at balance and logs
  std::optional<CatalogShape> catalog;
  std::vector<std::string> request_id_headers;
  std::string key_pattern;  // ECMAScript regex; empty when the key shape is not known
};

const std::vector<Profile>& builtin_profiles();
const Profile* find_profile(const std::string& name);

}  // namespace anlink
