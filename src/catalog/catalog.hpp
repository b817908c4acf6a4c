#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile.hpp"

namespace anlink {

struct CatalogEntry {
  std::string code;
  std::string status;  // "" when the catalog does not say
  std::string input_price_per_1k, output_price_per_1k;  // as listed, "" when absent
};

struct Catalog {
  std::vector<CatalogEntry> entries;
  std::string shape;  // which pointers were used, e.g. "/items[].code"
  const CatalogEntry* find(std::string_view code) const;
};

// Reads the profile's shape first, then falls back to OpenAI's {"data": [{"id"}]} and
// AnLinkAI's {"items": [{"code"}]}. On failure returns nullopt and says why in `why`.
std::optional<Catalog> parse_catalog(std::string_view body, const CatalogShape& shape,
                                     std::string* why);

bool is_active(const CatalogEntry& e, const CatalogShape& shape);

// Codes close to `code`: the same code spelt differently ("_" for "-", case) first, then
// small typos. Active entries are preferred when `active_only`.
std::vector<std::string> suggest_codes(const Catalog& cat, std::string_view code,
                                       const CatalogShape& shape, bool active_only,
                                       std::size_t limit);

// Active codes, in catalog order, skipping `except`.
std::vector<std::string> active_codes(const Catalog& cat, const CatalogShape& shape,
                                      std::string_view except, std::size_t limit);

}  // namespace anlink
