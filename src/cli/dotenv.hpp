#pragma once
// A dotenv file (the app's .env), read as the dotenv libraries read it: never executed.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace anlink {

struct DotenvValue {
  std::string value;
  int line = 0;          // where it starts, 1-based
  char quote = 0;        // ', " or ` when the value was quoted
  bool trailing_space = false;  // an unquoted value that had spaces after it (dropped)
};

struct Dotenv {
  std::string path;
  std::map<std::string, DotenvValue, std::less<>> vars;  // a later line of the same name wins
  bool crlf = false;  // some lines end in \r\n (dropped, as the libraries do)
};

inline constexpr std::size_t kMaxDotenvBytes = 1u << 20;

// Parses NAME=value lines: blank lines and # comments skipped, "export " allowed, values
// unquoted (trimmed, " #" starts a comment), or in single, double (\n \" \\ escapes) or
// back quotes, which may span lines. Throws std::invalid_argument("line N: reason").
Dotenv parse_dotenv(std::string_view text);

// The file at `path` (a regular file under kMaxDotenvBytes). Throws std::invalid_argument
// with the reason, without the path.
Dotenv load_dotenv(const std::string& path);

}  // namespace anlink
