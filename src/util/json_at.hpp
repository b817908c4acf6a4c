#pragma once
// Reading a value at a JSON pointer (RFC 6901) from an answer we did not write: never throws.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace anlink::json_at {

bool valid_pointer(std::string_view pointer);  // "" or a well-formed "/a/0/b"

// The value, or nullptr for an empty or malformed pointer, or nothing there.
const nlohmann::json* at(const nlohmann::json& doc, std::string_view pointer);

std::string text(const nlohmann::json& doc, std::string_view pointer);  // scalars as text; "" else
std::optional<double> number(const nlohmann::json& doc, std::string_view pointer);  // or numeric string
std::optional<bool> boolean(const nlohmann::json& doc, std::string_view pointer);
bool is_null(const nlohmann::json& doc, std::string_view pointer);  // present and null

}  // namespace anlink::json_at
