#include "catalog/catalog.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/json_at.hpp"
#include "util/text.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

using nlohmann::json;

std::string normalized(std::string_view code) {
  std::string out;
  for (char c : text::lower(code)) {
    if (c == '_' || c == ' ' || c == '.') c = '-';
    out += c;
  }
  return out;
}

}  // namespace

const CatalogEntry* Catalog::find(std::string_view code) const {
  for (const auto& e : entries)
    if (e.code == code) return &e;
  return nullptr;
}

std::optional<Catalog> parse_catalog(std::string_view body, const CatalogShape& shape,
                                     std::string* why) {
  bool too_deep = false;
  json doc = parse_untrusted_json(body, &too_deep);
  if (doc.is_discarded()) {
    if (why) *why = too_deep ? fmt::format("the answer nests JSON deeper than {} levels", kMaxJsonDepth)
                             : std::string("the answer is not JSON");
    return std::nullopt;
  }
  struct Try { std::string list, id; };
  std::vector<Try> tries = {{shape.list, shape.id}, {"/data", "/id"}, {"/items", "/code"},
                            {"", "/id"}};
  for (const auto& t : tries) {
    const json* list = t.list.empty() ? &doc : json_at::at(doc, t.list);
    if (!list || !list->is_array()) continue;
    Catalog cat;
    cat.shape = (t.list.empty() ? "" : t.list) + "[]" + t.id;
    for (const auto& item : *list) {
      if (!item.is_object()) continue;
      CatalogEntry e;
      e.code = json_at::text(item, t.id);
      if (e.code.empty()) continue;
      // A profile that expects no status still reads one a catalog gives (an AnLinkAI-shaped
      // catalog read under another profile): "disabled" must not pass as "not reported".
      e.status = json_at::text(item, shape.status.empty() ? "/status" : shape.status);
      e.input_price_per_1k = json_at::text(item, "/inputPricePer1k");
      e.output_price_per_1k = json_at::text(item, "/outputPricePer1k");
      cat.entries.push_back(std::move(e));
    }
    if (cat.entries.empty() && !list->empty()) continue;  // wrong id field; try the next shape
    return cat;
  }
  if (why) *why = "no list of models at " + shape.list + " or /data";
  return std::nullopt;
}

bool is_active(const CatalogEntry& e, const CatalogShape& shape) {
  if (e.status.empty()) return true;  // not reported: nothing says it is inactive
  const std::string s = text::lower(e.status);
  static const std::vector<std::string> usual = {"active", "enabled", "available", "online"};
  const auto& active = shape.active.empty() ? usual : shape.active;
  return std::any_of(active.begin(), active.end(),
                     [&](const std::string& a) { return text::lower(a) == s; });
}

std::vector<std::string> suggest_codes(const Catalog& cat, std::string_view code,
                                       const CatalogShape& shape, bool active_only,
                                       std::size_t limit) {
  std::vector<std::string> same_spelling, pool;
  for (const auto& e : cat.entries) {
    if (e.code == code || (active_only && !is_active(e, shape))) continue;
    // The same code spelt differently, or with or without a provider prefix ("openai/gpt-4o").
    auto bare = [](std::string_view c) { return normalized(c.substr(c.rfind('/') + 1)); };
    if (normalized(e.code) == normalized(code) || bare(e.code) == bare(code)) same_spelling.push_back(e.code);
    else pool.push_back(e.code);
  }
  if (!same_spelling.empty()) return same_spelling;  // the code, spelt differently: say only that
  std::vector<std::string> out;
  for (auto& c : text::closest(normalized(code), pool, limit)) out.push_back(c);
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<std::string> active_codes(const Catalog& cat, const CatalogShape& shape,
                                      std::string_view except, std::size_t limit) {
  std::vector<std::string> out;
  for (const auto& e : cat.entries)
    if (out.size() < limit && e.code != except && is_active(e, shape)) out.push_back(e.code);
  return out;
}

}  // namespace anlink
