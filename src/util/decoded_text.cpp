#include "util/decoded_text.hpp"

#include <array>
#include <cctype>

namespace anlink {

namespace {

int at(const DecodedText& t, std::size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i].c) : -1; }

int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// From `min` to `max` digits of `base` (10 or 16) at i: their value and where they end.
bool digits(const DecodedText& t, std::size_t i, std::size_t min, std::size_t max, int base,
            std::uint32_t& value, std::size_t& end) {
  value = 0;
  std::size_t k = i;
  for (; k < t.size() && k - i < max; ++k) {
    const int d = base == 16 ? hex_value(at(t, k)) : (at(t, k) >= '0' && at(t, k) <= '9' ? at(t, k) - '0' : -1);
    if (d < 0) break;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
  }
  end = k;
  return k - i >= min;
}

// What one escape stands for: a code point, or a raw byte (\xXX, %XX, octal).
struct Decoded {
  std::uint32_t value = 0;
  bool byte = false;
  std::size_t end = 0;  // the first element after the escape
};

bool is_high(std::uint32_t v) { return v >= 0xD800 && v <= 0xDBFF; }
bool is_low(std::uint32_t v) { return v >= 0xDC00 && v <= 0xDFFF; }

// After a run of backslashes, at j: the escape, if one is there.
bool after_backslashes(const DecodedText& t, std::size_t j, Decoded& d) {
  const int c = at(t, j);
  std::uint32_t v = 0;
  std::size_t e = 0;
  if (c == 'u' || c == 'U') {
    if (at(t, j + 1) == '{' && digits(t, j + 2, 1, 6, 16, v, e) && at(t, e) == '}') {
      d = {v, false, e + 1};
      return v <= 0x10FFFF;
    }
    if (c == 'U' && digits(t, j + 1, 8, 8, 16, v, e) && v <= 0x10FFFF) {
      d = {v, false, e};
      return true;
    }
    if (!digits(t, j + 1, 4, 4, 16, v, e)) return false;
    d = {v, false, e};
    return true;
  }
  if (c == 'x' || c == 'X') {
    if (!digits(t, j + 1, 2, 2, 16, v, e)) return false;
    d = {v, true, e};
    return true;
  }
  if (c >= '0' && c <= '3' && at(t, j + 1) >= '0' && at(t, j + 1) <= '7' && at(t, j + 2) >= '0' &&
      at(t, j + 2) <= '7') {
    d = {static_cast<std::uint32_t>((c - '0') * 64 + (at(t, j + 1) - '0') * 8 + (at(t, j + 2) - '0')), true, j + 3};
    return true;
  }
  switch (c) {
    case 'n': d = {'\n', false, j + 1}; return true;
    case 't': d = {'\t', false, j + 1}; return true;
    case 'r': d = {'\r', false, j + 1}; return true;
    default:  // any ASCII punctuation: \/ in JSON, \_ \* \[ in Markdown
      if (c < 0x21 || c > 0x7E || std::isalnum(c)) return false;
      d = {static_cast<std::uint32_t>(c), false, j + 1};
      return true;
  }
}

// A backslash escape at i (a run of backslashes first), with a surrogate pair joined.
bool backslash_escape(const DecodedText& t, std::size_t i, std::size_t& run_end, Decoded& d) {
  std::size_t j = i;
  while (j < t.size() && t[j].c == '\\') ++j;
  run_end = j;
  if (!after_backslashes(t, j, d)) return false;
  if (!d.byte && is_high(d.value) && at(t, d.end) == '\\') {
    std::size_t k = d.end;
    while (k < t.size() && t[k].c == '\\') ++k;
    Decoded low;
    if (after_backslashes(t, k, low) && !low.byte && is_low(low.value)) {
      d.value = 0x10000 + ((d.value - 0xD800) << 10) + (low.value - 0xDC00);
      d.end = low.end;
    }
  }
  return true;
}

bool percent_escape(const DecodedText& t, std::size_t i, Decoded& d) {
  std::uint32_t v = 0;
  std::size_t e = 0;
  if ((at(t, i + 1) == 'u' || at(t, i + 1) == 'U') && digits(t, i + 2, 4, 4, 16, v, e)) {
    d = {v, false, e};
    return true;
  }
  if (!digits(t, i + 1, 2, 2, 16, v, e)) return false;
  d = {v, true, e};
  return true;
}

// The named references a key's characters (or the escapes around them) may be written as.
constexpr std::array<std::pair<std::string_view, char>, 18> kNamed = {{
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"sol", '/'},
    {"bsol", '\\'}, {"hyphen", '-'}, {"dash", '-'}, {"lowbar", '_'}, {"period", '.'},
    {"plus", '+'}, {"equals", '='}, {"colon", ':'}, {"num", '#'}, {"percnt", '%'},
    {"tilde", '~'}, {"commat", '@'},
}};

bool reference(const DecodedText& t, std::size_t i, Decoded& d) {
  std::uint32_t v = 0;
  std::size_t e = 0;
  if (at(t, i + 1) == '#') {
    const bool hex = at(t, i + 2) == 'x' || at(t, i + 2) == 'X';
    if (!digits(t, i + (hex ? 3 : 2), 1, 8, hex ? 16 : 10, v, e) || v > 0x10FFFF) return false;
    d = {v, false, at(t, e) == ';' ? e + 1 : e};
    return true;
  }
  std::string name;
  std::size_t k = i + 1;
  for (; k < t.size() && k - i <= 7; ++k) {
    const int c = at(t, k);
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (at(t, k) != ';') return false;
  for (const auto& [n, ch] : kNamed)
    if (n == name) {
      d = {static_cast<unsigned char>(ch), false, k + 1};
      return true;
    }
  return false;
}

void put(DecodedText& out, const Decoded& d, std::uint32_t begin, std::uint32_t end) {
  std::uint32_t cp = d.value;
  if (d.byte) {
    out.push_back({begin, end, static_cast<char>(cp & 0xFF)});
    return;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // half a pair: no character
  std::array<unsigned char, 4> b{};
  std::size_t n = 0;
  if (cp < 0x80) b[n++] = static_cast<unsigned char>(cp);
  else if (cp < 0x800) b[n++] = static_cast<unsigned char>(0xC0 | (cp >> 6));
  else if (cp < 0x10000) b[n++] = static_cast<unsigned char>(0xE0 | (cp >> 12));
  else b[n++] = static_cast<unsigned char>(0xF0 | (cp >> 18));
  if (cp >= 0x10000) b[n++] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
  if (cp >= 0x800) b[n++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
  if (cp >= 0x80) b[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
  for (std::size_t k = 0; k < n; ++k) out.push_back({begin, end, static_cast<char>(b[k])});
}

int base64_value(int c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Bytes of invisible characters: U+00AD, U+00A0, U+200B-U+200D, U+2060, U+FEFF, U+FFFD, and
// combining marks (U+0300-U+036F), which leave the letter before them readable.
std::size_t invisible_at(const DecodedText& t, std::size_t i) {
  const int a = at(t, i), b = at(t, i + 1), c = at(t, i + 2);
  if ((a == 0xCC && b >= 0x80 && b <= 0xBF) || (a == 0xCD && b >= 0x80 && b <= 0xAF)) return 2;
  if (a == 0xC2 && (b == 0xAD || b == 0xA0)) return 2;
  if (a == 0xE2 && b == 0x80 && c >= 0x8B && c <= 0x8D) return 3;
  if (a == 0xE2 && b == 0x81 && c == 0xA0) return 3;
  if (a == 0xEF && b == 0xBB && c == 0xBF) return 3;
  if (a == 0xEF && b == 0xBF && c == 0xBD) return 3;
  return 0;
}

// A look-alike of an ASCII letter or digit at i (fullwidth forms, mathematical alphanumerics,
// as a reader sees them): the letter, and the bytes it takes; 0 when none.
std::size_t look_alike_at(const DecodedText& t, std::size_t i, char& ascii) {
  const int a = at(t, i);
  std::uint32_t cp = 0;
  std::size_t n = 0;
  if (a >= 0xE0 && a < 0xF0) cp = static_cast<std::uint32_t>(a & 0x0F), n = 3;
  else if (a >= 0xF0 && a < 0xF8) cp = static_cast<std::uint32_t>(a & 0x07), n = 4;
  else return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const int b = at(t, i + k);
    if (b < 0 || (b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | static_cast<std::uint32_t>(b & 0x3F);
  }
  if (cp >= 0xFF01 && cp <= 0xFF5E) ascii = static_cast<char>(cp - 0xFEE0);  // fullwidth
  else if (cp >= 0x24B6 && cp <= 0x24E9)  // circled
    ascii = static_cast<char>(cp < 0x24D0 ? 'A' + (cp - 0x24B6) : 'a' + (cp - 0x24D0));
  else if (cp >= 0x1D400 && cp <= 0x1D6A3) {                                  // bold, italic, script...
    const std::uint32_t k = (cp - 0x1D400) % 52;
    ascii = static_cast<char>(k < 26 ? 'A' + k : 'a' + (k - 26));
  } else if (cp >= 0x1D7CE && cp <= 0x1D7FF) ascii = static_cast<char>('0' + (cp - 0x1D7CE) % 10);
  else return 0;
  return n;
}

}  // namespace

DecodedText as_decoded(std::string_view text) {
  DecodedText out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), text[i]});
  return out;
}

bool decode_escapes(const DecodedText& in, DecodedText& out) {
  out.clear();
  out.reserve(in.size());
  bool changed = false;
  for (std::size_t i = 0; i < in.size();) {
    Decoded d;
    bool found = false;
    if (in[i].c == '\\') {
      std::size_t run_end = i;
      found = backslash_escape(in, i, run_end, d);
      if (!found) {  // the whole run as it is: never scanned again from its middle
        out.insert(out.end(), in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(run_end));
        i = run_end;
        continue;
      }
    } else if (in[i].c == '%') {
      found = percent_escape(in, i, d);
    } else if (in[i].c == '=') {  // quoted-printable
      std::uint32_t v = 0;
      std::size_t e = 0;
      found = digits(in, i + 1, 2, 2, 16, v, e);
      d = {v, true, e};
    } else if (in[i].c == '&') {
      found = reference(in, i, d);
    }
    if (!found) {
      out.push_back(in[i++]);
      continue;
    }
    put(out, d, in[i].begin, in[d.end - 1].end);
    i = d.end;
    changed = true;
  }
  return changed;
}

bool drop_spacing(const DecodedText& in, DecodedText& out) {
  out.clear();
  out.reserve(in.size());
  bool changed = false;
  for (std::size_t i = 0; i < in.size();) {
    const char c = in[i].c;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '?') {
      ++i;
      changed = true;
    } else if (const std::size_t n = invisible_at(in, i)) {
      i += n;
      changed = true;
    } else if (char ascii = 0; const std::size_t m = look_alike_at(in, i, ascii)) {
      out.push_back({in[i].begin, in[i + m - 1].end, ascii});
      i += m;
      changed = true;
    } else {
      out.push_back(in[i++]);
    }
  }
  return changed;
}

bool decode_base64_runs(const DecodedText& in, DecodedText& out) {
  constexpr std::size_t kMinRun = 16;
  out.clear();
  out.reserve(in.size());
  bool changed = false;
  for (std::size_t i = 0; i < in.size();) {
    // The run: base64 characters, with line breaks between them.
    std::size_t j = i, count = 0;
    while (j < in.size()) {
      if (base64_value(at(in, j)) >= 0) ++count, ++j;
      else if ((in[j].c == '\n' || in[j].c == '\r') && j > i && base64_value(at(in, j + 1)) >= 0) ++j;
      else break;
    }
    if (count < kMinRun) {
      if (j == i) ++j;
      out.insert(out.end(), in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(j));
      i = j;
      continue;
    }
    std::uint32_t bits = 0;
    int have = 0;
    std::uint32_t group_begin = in[i].begin;
    for (std::size_t k = i; k < j; ++k) {
      const int v = base64_value(at(in, k));
      if (v < 0) continue;
      if (have == 0) group_begin = in[k].begin;  // a byte spans the characters its bits came from
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
      have += 6;
      if (have >= 8) {
        have -= 8;
        out.push_back({group_begin, in[k].end, static_cast<char>((bits >> have) & 0xFF)});
        bits &= (1u << have) - 1;
        group_begin = in[k].begin;
      }
    }
    changed = true;
    i = j;
  }
  return changed;
}

}  // namespace anlink
