#pragma once
// Encodings a gateway may echo a key in, written independently of the doctor's own
// (src/util/secret.cpp), for the fake gateway and the tests.
#include <cstdio>
#include <string>

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

}  // namespace fake
