#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace anlink::text {

std::string lower(std::string_view s);
std::string trim(std::string_view s);
bool contains_icase(std::string_view haystack, std::string_view needle);
std::vector<std::string> split(std::string_view s, char sep);
// Every occurrence of `from` replaced by `to`, left to right (a replacement is not searched again).
std::string replace_all(std::string_view s, std::string_view from, std::string_view to);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidates at the smallest distance from `word` (ties kept, at most `limit`), if that
// distance is small for the word's length. Bounded: nothing for a word over 64 characters,
// and only the first 20,000 candidates of at most 128 characters are looked at.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t limit);
// Text any renderer can take: valid UTF-8 (an invalid byte becomes U+FFFD), with C0 and C1
// control characters, DEL, NUL and bidirectional controls (U+202E and the like) as '?';
// newlines and tabs stay when keep_lines, else they become spaces.
std::string printable(std::string_view s, bool keep_lines);
// One line: printable, newlines and tabs as spaces. For server words shown to people.
std::string one_line(std::string_view s);

// First `max` bytes of s, with an ellipsis when cut; never splits a UTF-8 sequence.
std::string shorten(std::string_view s, std::size_t max);

}  // namespace anlink::text
