#include "core/key_pattern.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

namespace anlink {

namespace {

constexpr std::size_t kMaxLength = 256;

RE2::Options options() {
  RE2::Options o;
  o.set_log_errors(false);        // errors are reported once, by key_pattern_problem
  o.set_max_mem(1 << 20);         // a key shape compiles to far less
  return o;
}

}  // namespace

std::optional<std::string> key_pattern_problem(const std::string& pattern) {
  if (pattern.size() > kMaxLength)
    return fmt::format("is longer than {} characters; a key shape needs far fewer", kMaxLength);
  RE2 re(pattern, options());
  if (!re.ok()) {
    std::string why = re.error();
    if (why.size() > 80) why = why.substr(0, 80) + "...";
    return fmt::format("is not a valid regular expression (RE2 syntax: {})", why);
  }
  return std::nullopt;
}

bool key_pattern_matches(const std::string& pattern, const std::string& key) {
  if (pattern.size() > kMaxLength) return false;
  RE2 re(pattern, options());
  return re.ok() && RE2::PartialMatch(key, re);
}

}  // namespace anlink
