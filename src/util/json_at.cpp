#include "util/json_at.hpp"

#include <cmath>

namespace anlink::json_at {

using nlohmann::json;

bool valid_pointer(std::string_view pointer) {
  try {
    json::json_pointer p{std::string(pointer)};
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

const json* at(const json& doc, std::string_view pointer) {
  if (pointer.empty()) return nullptr;
  try {
    json::json_pointer p{std::string(pointer)};
    return doc.contains(p) ? &doc.at(p) : nullptr;
  } catch (const json::exception&) {
    return nullptr;
  }
}

std::string text(const json& doc, std::string_view pointer) {
  const json* v = at(doc, pointer);
  if (!v) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return "";
}

std::optional<double> number(const json& doc, std::string_view pointer) {
  const json* v = at(doc, pointer);
  if (!v) return std::nullopt;
  // NaN and infinities are no amount: "NaN" or "inf" in a string reads as nothing.
  if (v->is_number()) {
    const double d = v->get<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
  }
  if (v->is_string()) {
    try {
      std::size_t used = 0;
      double d = std::stod(v->get<std::string>(), &used);
      if (used == v->get<std::string>().size() && std::isfinite(d)) return d;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::optional<bool> boolean(const json& doc, std::string_view pointer) {
  const json* v = at(doc, pointer);
  if (!v || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

bool is_null(const json& doc, std::string_view pointer) {
  const json* v = at(doc, pointer);
  return v && v->is_null();
}

}  // namespace anlink::json_at
