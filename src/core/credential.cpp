#include "core/credential.hpp"

#include <array>
#include <cctype>

#include "util/text.hpp"

namespace anlink {

bool is_credential_header(std::string_view name) {
  // Words found anywhere in the name, and words a part of it (between '-' and '_') must be
  // or start with: "key" alone, since x-portkey-provider names a gateway, not a key.
  static constexpr std::array<std::string_view, 8> kAnywhere = {
      "token", "secret", "passw", "cookie", "session", "credential", "signature", "jwt"};
  static constexpr std::array<std::string_view, 3> kPart = {"key", "apikey", "auth"};
  const std::string lower = text::lower(name);
  for (std::string_view word : kAnywhere)
    if (lower.find(word) != std::string::npos) return true;
  for (const auto& part : text::split(lower, '-'))
    for (const auto& piece : text::split(part, '_'))
      for (std::string_view word : kPart)
        if (word == "auth" ? piece.rfind(word, 0) == 0 : piece == word) return true;
  return false;
}

bool looks_like_key(std::string_view value) {
  const std::string lower = text::lower(text::trim(value));
  for (std::string_view scheme : {"bearer ", "basic ", "token ", "digest "})
    if (lower.rfind(scheme, 0) == 0 && lower.size() > scheme.size()) return true;
  // Tokens are runs of letters, digits, '-' and '_'; their segments, the runs between those.
  std::size_t token = 0, segment = 0;
  bool letter = false, digit = false, mixed = false;
  for (std::size_t i = 0; i <= lower.size(); ++i) {
    const unsigned char c = i < lower.size() ? static_cast<unsigned char>(lower[i]) : ' ';
    if (std::isalnum(c)) {
      ++token, ++segment;
      letter = letter || std::isalpha(c);
      digit = digit || std::isdigit(c);
      if (segment >= 24 || (segment >= 8 && letter && digit && token >= 16)) return true;
      mixed = mixed || (segment >= 8 && letter && digit);
      if (mixed && token >= 16) return true;
      continue;
    }
    segment = 0;
    letter = digit = false;
    if (c != '-' && c != '_') token = 0, mixed = false;
  }
  return false;
}

}  // namespace anlink
