#include "capabilities/digit_image.hpp"

#include <algorithm>
#include <vector>

namespace anlink {

namespace {

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(std::string_view bytes) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char x : bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void chunk(std::string& png, std::string_view type, std::string_view data) {
  put32(png, static_cast<std::uint32_t>(data.size()));
  std::string typed(type);
  typed.append(data);
  png += typed;
  put32(png, crc32(typed));
}

// A zlib stream of stored (uncompressed) deflate blocks: no compressor needed.
std::string zlib_stored(std::string_view raw) {
  std::string z = "\x78\x01";
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(raw.size() - at, 65535);
    const bool last = at + n == raw.size();
    z.push_back(last ? '\x01' : '\x00');
    z.push_back(static_cast<char>(n & 0xFF));
    z.push_back(static_cast<char>(n >> 8));
    z.push_back(static_cast<char>(~n & 0xFF));
    z.push_back(static_cast<char>((~n >> 8) & 0xFF));
    z.append(raw.substr(at, n));
    at += n;
  } while (at < raw.size());
  put32(z, adler32(raw));
  return z;
}

}  // namespace

const std::array<std::array<std::uint8_t, kGlyphHeight>, 10>& digit_glyphs() {
  static const std::array<std::array<std::uint8_t, kGlyphHeight>, 10> glyphs = {{
      {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E},  // 0
      {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},  // 1
      {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F},  // 2
      {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},  // 3
      {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02},  // 4
      {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},  // 5
      {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E},  // 6
      {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},  // 7
      {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E},  // 8
      {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},  // 9
  }};
  return glyphs;
}

std::string digit_png(std::string_view digits) {
  digits = digits.substr(0, 16);
  const int n = static_cast<int>(digits.size());
  const int width = 2 * kMargin + n * kGlyphWidth * kScale + std::max(0, n - 1) * kScale;
  const int height = 2 * kMargin + kGlyphHeight * kScale;
  const int row_bytes = (width + 7) / 8;
  // 1-bit greyscale: a set bit is white. Every row starts with filter byte 0 (none).
  std::vector<std::string> rows(height, std::string(1, '\0') + std::string(row_bytes, '\xFF'));
  for (int i = 0; i < n; ++i) {
    const unsigned char ch = static_cast<unsigned char>(digits[i]);
    if (ch < '0' || ch > '9') continue;
    const auto& glyph = digit_glyphs()[ch - '0'];
    const int left = kMargin + i * (kGlyphWidth + 1) * kScale;
    for (int gy = 0; gy < kGlyphHeight; ++gy)
      for (int gx = 0; gx < kGlyphWidth; ++gx) {
        if (!(glyph[gy] & (1u << (kGlyphWidth - 1 - gx)))) continue;
        for (int y = kMargin + gy * kScale; y < kMargin + (gy + 1) * kScale; ++y)
          for (int x = left + gx * kScale; x < left + (gx + 1) * kScale; ++x)
            rows[y][1 + x / 8] = static_cast<char>(rows[y][1 + x / 8] & ~(0x80 >> (x % 8)));
      }
  }
  std::string raw;
  for (const auto& r : rows) raw += r;
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string header;
  put32(header, static_cast<std::uint32_t>(width));
  put32(header, static_cast<std::uint32_t>(height));
  header += std::string("\x01\x00\x00\x00\x00", 5);  // bit depth 1, greyscale, deflate, no filter, no interlace
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", zlib_stored(raw));
  chunk(png, "IEND", "");
  return png;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace anlink
