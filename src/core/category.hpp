#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anlink {

// One failure category of the troubleshooting page (plus CONFIG and NETWORK, which
// happen before HTTP). The ids are stable: scripts match on them.
enum class Category {
  config,
  network,
  unauthorized,
  forbidden,
  not_found,
  balance_rejected,
  model_disabled,
  upstream_failure,
  upstream_stream_interrupted,
  stream_usage_missing,
  client_stream_closed,
  invalid_request_body,
  parameter_unsupported,
  access_blocked,
  stream_buffered,
  api_unsupported,
  stream_malformed,
  capability_ignored,
};

struct CategoryInfo {
  Category category;
  std::string_view id;       // "UNAUTHORIZED"
  std::string_view title;    // one line: what happened
  std::string_view meaning;  // a paragraph: what it means
  // Generic fixes; checks add specific ones first. A fix may name the gateway through
  // placeholders, filled by fixes_for(): {prefix_note} (" (/api/v1 for anlinkai)" or
  // nothing), {console}; a fix that starts with "@NAME " applies to profile NAME only, and a
  // fix with {console} is dropped for a gateway without one.
  std::vector<std::string_view> fixes;
};

const std::vector<CategoryInfo>& category_table();
const CategoryInfo& info(Category c);
std::string_view id_of(Category c);
std::optional<Category> category_from_id(std::string_view id);

struct Profile;
// A category's generic fixes written for one gateway (see CategoryInfo::fixes).
std::vector<std::string> fixes_for(Category c, const Profile& profile);

}  // namespace anlink
