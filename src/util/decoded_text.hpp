#pragma once
// Text as a reader could decode it, for the Redactor: each decoded byte knows the span of the
// original text it came from, so that what is found decoded is masked where it was written.
// One call undoes one layer in linear time and never recurses; the Redactor applies a few in
// a row, since a renderer escapes again what a server had escaped (`\u0073` rendered in JSON
// is `\\u0073`, in XML `&amp;#x73;` is `&#x73;` once more).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace anlink {

struct DecodedByte {
  std::uint32_t begin, end;  // the bytes of the original text it stands for
  char c;
};
using DecodedText = std::vector<DecodedByte>;

// The text itself: each byte stands for itself.
DecodedText as_decoded(std::string_view text);

// One layer of escapes undone: \uXXXX (surrogate pairs joined), \u{X...}, \UXXXXXXXX, \xXX,
// octal \ooo, \n \t \r and a backslash before punctuation (JSON's \/, Markdown's \_), each
// behind any number of backslashes; HTML and XML character references (&#x73; &#115; with
// or without ';', and the named ones a key may hold); %XX and %uXXXX; hexadecimal in any
// letter case; quoted-printable =XX. False when nothing was decoded.
bool decode_escapes(const DecodedText& in, DecodedText& out);

// Without whitespace, '?' (what control characters are printed as) and invisible characters
// (zero-width spaces and joiners, soft hyphens, byte order marks), and with look-alikes of
// ASCII letters and digits (fullwidth, circled, mathematical bold and the like) as those: a key cut
// into pieces or dressed up is still read as the key.
bool drop_spacing(const DecodedText& in, DecodedText& out);

// Each run of 16 or more base64 characters (standard or URL-safe, line breaks inside)
// decoded from where it starts: a key escaped first, then base64-encoded.
bool decode_base64_runs(const DecodedText& in, DecodedText& out);

}  // namespace anlink
