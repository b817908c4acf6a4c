#pragma once
// Encodings a gateway may echo a key in, written independently of the doctor's own
// (src/util/secret.cpp), for the fake gateway and the tests.
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace fake {

inline std::string percent_encoded(const std::string& s) {  // every byte as %XX
  std::string out;
  for (unsigned char ch : s) {
    char b[4];
    std::snprintf(b, sizeof b, "%%%02X", ch);
    out += b;
  }
  return out;
}

inline std::string base64(const std::string& s) {  // RFC 4648, padded
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    if (i + 2 < s.size()) v |= static_cast<unsigned char>(s[i + 2]);
    out += a[(v >> 18) & 63];
    out += a[(v >> 12) & 63];
    out += i + 1 < s.size() ? a[(v >> 6) & 63] : '=';
    out += i + 2 < s.size() ? a[v & 63] : '=';
  }
  return out;
}

// Each byte of `s` written by `one(byte, position)`.
inline std::string each_byte(const std::string& s, const std::function<std::string(unsigned char, std::size_t)>& one) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) out += one(static_cast<unsigned char>(s[i]), i);
  return out;
}

inline std::string printed(const char* format, unsigned v) {
  char b[32];
  std::snprintf(b, sizeof b, format, v);
  return b;
}

inline std::string hex_lower(const std::string& s) {
  return each_byte(s, [](unsigned char c, std::size_t) { return printed("%02x", c); });
}

inline std::string base32(const std::string& s) {  // RFC 4648, unpadded
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  unsigned bits = 0;
  int have = 0;
  for (unsigned char c : s) {
    bits = (bits << 8) | c;
    have += 8;
    while (have >= 5) out += a[(bits >> (have -= 5)) & 31];
  }
  if (have > 0) out += a[(bits << (5 - have)) & 31];
  return out;
}

inline std::string base64url(std::string s) {
  s = base64(s);
  for (auto& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

// A letter or digit as a mathematical bold one, as JSON writes it: a surrogate pair.
inline std::string bold_escaped(unsigned char c) {
  unsigned cp = c >= 'A' && c <= 'Z' ? 0x1D400 + (c - 'A') : c >= 'a' && c <= 'z' ? 0x1D41A + (c - 'a')
              : c >= '0' && c <= '9' ? 0x1D7CE + (c - '0') : 0;
  if (cp == 0) return std::string(1, static_cast<char>(c));
  cp -= 0x10000;
  return printed("\\uD%03X", 0x800 + (cp >> 10)) + printed("\\ud%03x", 0xC00 + (cp & 0x3FF));
}

inline std::string fullwidth(unsigned char c) {  // U+FF01-FF5E in UTF-8
  if (c < 0x21 || c > 0x7E) return std::string(1, static_cast<char>(c));
  const unsigned cp = c + 0xFEE0u;
  return {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
          static_cast<char>(0x80 | (cp & 0x3F))};
}

// The forms a hostile gateway writes a key in (each a name and the text), escapes in mixed
// letter case: what no output of the doctor may show in a way a reader could decode.
inline std::vector<std::pair<std::string, std::string>> hostile_forms(const std::string& k) {
  using F = std::function<std::string(unsigned char, std::size_t)>;
  auto each = [&](const F& f) { return each_byte(k, f); };
  const std::string u_escaped = each([](unsigned char c, std::size_t i) {
    return printed(i % 2 ? "\\u%04X" : "\\u%04x", c);
  });
  return {
      {"\\u", u_escaped},
      {"\\u of the backslash", each([](unsigned char c, std::size_t) { return printed("\\u005Cu%04x", c); })},
      {"\\\\u", each([](unsigned char c, std::size_t) { return printed("\\\\u%04x", c); })},
      {"\\u{}", each([](unsigned char c, std::size_t) { return printed("\\u{%x}", c); })},
      {"\\x", each([](unsigned char c, std::size_t) { return printed("\\x%02X", c); })},
      {"&#x;", each([](unsigned char c, std::size_t i) { return printed(i % 2 ? "&#X%X;" : "&#x%04x;", c); })},
      {"&#;", each([](unsigned char c, std::size_t) { return printed("&#%u;", c); })},
      {"&#", each([](unsigned char c, std::size_t) { return printed("&#%03u", c); })},
      {"&amp;#x;", each([](unsigned char c, std::size_t) { return printed("&amp;#x%x;", c); })},
      {"%25XX", each([](unsigned char c, std::size_t) { return printed("%%25%02x", c); })},
      {"%u", each([](unsigned char c, std::size_t) { return printed("%%u%04X", c); })},
      {"mixed", each([](unsigned char c, std::size_t i) {
         return i % 4 == 0 ? printed("\\u%04x", c) : i % 4 == 1 ? printed("&#x%x;", c)
                : i % 4 == 2 ? printed("%%%02X", c) : std::string(1, static_cast<char>(c));
       })},
      {"bold", each([](unsigned char c, std::size_t) { return bold_escaped(c); })},
      {"fullwidth", each([](unsigned char c, std::size_t) { return fullwidth(c); })},
      {"zero-width", each([](unsigned char c, std::size_t) { return std::string(1, static_cast<char>(c)) + "\xE2\x80\x8B"; })},
      {"combining", each([](unsigned char c, std::size_t) { return std::string(1, static_cast<char>(c)) + "\xCC\x81"; })},
      {"\\u cut by line breaks", each([](unsigned char c, std::size_t i) {
         return printed(i % 3 == 1 ? "\\u00\n  %02x" : "\\u%04x", c);
       })},
      {"quoted-printable", each([](unsigned char c, std::size_t) { return printed("=%02X", c); })},
      {"circled", each([](unsigned char c, std::size_t) {
         const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
         if (!letter) return std::string(1, static_cast<char>(c));
         const unsigned cp = c >= 'a' ? 0x24D0 + (c - 'a') : 0x24B6 + (c - 'A');
         return std::string{static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                            static_cast<char>(0x80 | (cp & 0x3F))};
       })},
      {"hex", hex_lower(k)},
      {"base32", base32(k)},
      {"base64url", base64url(k)},
      {"base64 of \\u", base64(u_escaped)},
      {"reversed", std::string(k.rbegin(), k.rend())},
  };
}

}  // namespace fake
