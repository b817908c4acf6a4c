#pragma once
// The vision capability's image: a PNG made here, in memory, that holds only a number drawn
// in a 5x7 pixel font (each pixel a square of kScale), black on white. Nothing is read from
// a file or the network, and the number is the run's own, so no answer can hold it by chance.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anlink {

inline constexpr int kGlyphWidth = 5, kGlyphHeight = 7;
inline constexpr int kScale = 6;    // each font pixel drawn as kScale x kScale
inline constexpr int kMargin = 12;  // white around the number, and kScale between digits

// Row r of digit d: bit (kGlyphWidth - 1 - c) set where column c is black.
const std::array<std::array<std::uint8_t, kGlyphHeight>, 10>& digit_glyphs();

// A 1-bit greyscale PNG (zlib stored blocks, CRC and Adler checksums) of `digits` (0-9 only;
// at most 16). Its size: 2 * kMargin + n * kGlyphWidth * kScale + (n - 1) * kScale wide.
std::string digit_png(std::string_view digits);

// Standard base64 with padding, for data: URLs.
std::string base64(std::string_view bytes);

}  // namespace anlink
