#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace anlink {

// The masked form of a key, the only form any output may show: "sk-…9f3a".
std::string mask_key(std::string_view key);

// Replaces every occurrence of a secret (and of the forms it may take once quoted,
// trimmed or JSON-escaped) with its masked form. Applied to everything the tool writes.
class Redactor {
 public:
  Redactor() = default;
  explicit Redactor(std::string_view key);
  std::string operator()(std::string_view text) const;
  bool active() const { return !needles_.empty(); }

 private:
  std::vector<std::string> needles_;  // longest first
  std::string masked_;
};

}  // namespace anlink
