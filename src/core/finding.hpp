#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/category.hpp"

namespace anlink {

struct Profile;

enum class Status { pass, warn, fail, skip };
std::string_view to_string(Status s);

// What a check found: a fact with its evidence and the fixes a person can act on.
// Checks return findings; only renderers print them.
struct Finding {
  Status status = Status::pass;
  std::optional<Category> category;
  std::string summary;
  std::vector<std::string> fixes;     // most specific first
  std::vector<std::string> commands;  // shell commands that apply a fix
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();

  static Finding pass(std::string summary);
  static Finding skip(std::string reason);
  static Finding warn(std::optional<Category> c, std::string summary);
  static Finding fail(Category c, std::string summary);

  // Appends the category's generic fixes, written for this gateway, after the specific
  // ones, without repeats.
  Finding& with_generic_fixes(const Profile& profile);
};

}  // namespace anlink
