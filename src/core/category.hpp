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
};

struct CategoryInfo {
  Category category;
  std::string_view id;       // "UNAUTHORIZED"
  std::string_view title;    // one line: what happened
  std::string_view meaning;  // a paragraph: what it means
  std::vector<std::string_view> fixes;  // generic fixes; checks add specific ones first
};

const std::vector<CategoryInfo>& category_table();
const CategoryInfo& info(Category c);
std::string_view id_of(Category c);
std::optional<Category> category_from_id(std::string_view id);

}  // namespace anlink
