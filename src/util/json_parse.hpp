#pragma once
// Parsing JSON nobody vouches for (servers, files): the nesting depth is measured first, by a
// linear scan, and a document nested deeper than kMaxJsonDepth never becomes a tree (copying,
// comparing or printing a tree recurses once per level).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace anlink {

inline constexpr std::size_t kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects outside strings, counted up to `stop_at`.
std::size_t json_nesting(std::string_view text, std::size_t stop_at = kMaxJsonDepth + 1);

// The document, or a discarded value when the text is not JSON or nests deeper than
// kMaxJsonDepth (then *too_deep is set). Never throws.
nlohmann::json parse_untrusted_json(std::string_view text, bool* too_deep = nullptr);

}  // namespace anlink
