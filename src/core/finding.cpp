#include "core/finding.hpp"

#include <algorithm>

namespace anlink {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
  }
  return "fail";
}

Finding Finding::pass(std::string summary) {
  Finding f;
  f.summary = std::move(summary);
  return f;
}

Finding Finding::skip(std::string reason) {
  Finding f;
  f.status = Status::skip;
  f.summary = std::move(reason);
  return f;
}

Finding Finding::warn(std::optional<Category> c, std::string summary) {
  Finding f;
  f.status = Status::warn;
  f.category = c;
  f.summary = std::move(summary);
  return f;
}

Finding Finding::fail(Category c, std::string summary) {
  Finding f;
  f.status = Status::fail;
  f.category = c;
  f.summary = std::move(summary);
  return f;
}

Finding& Finding::with_generic_fixes(const Profile& profile) {
  if (!category) return *this;
  for (auto& s : fixes_for(*category, profile)) {
    if (std::find(fixes.begin(), fixes.end(), s) == fixes.end()) fixes.push_back(std::move(s));
  }
  return *this;
}

}  // namespace anlink
