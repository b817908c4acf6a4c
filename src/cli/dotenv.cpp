#include "cli/dotenv.hpp"

#include <fmt/format.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "util/input_file.hpp"

namespace anlink {

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}
bool blank(char c) { return c == ' ' || c == '\t'; }

[[noreturn]] void bad(int line, const std::string& why) {
  throw std::invalid_argument(fmt::format("line {}: {}", line, why));
}

// The lines of the text, each without its \n and a \r before it.
std::vector<std::string_view> split_lines(std::string_view text, bool& crlf) {
  std::vector<std::string_view> lines;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(from, end - from);
    if (!line.empty() && line.back() == '\r') {
      crlf = true;
      line.remove_suffix(1);
    }
    lines.push_back(line);
    from = end + 1;
  }
  return lines;
}

// What follows a closing quote: spaces, then nothing or a # comment.
void only_comment_after(std::string_view rest, int line) {
  std::size_t i = 0;
  while (i < rest.size() && blank(rest[i])) ++i;
  if (i < rest.size() && rest[i] != '#') bad(line, "text after the closing quote");
}

}  // namespace

Dotenv parse_dotenv(std::string_view text) {
  Dotenv env;
  const auto lines = split_lines(text, env.crlf);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int number = static_cast<int>(n + 1);
    std::string_view line = lines[n];
    std::size_t i = 0;
    while (i < line.size() && blank(line[i])) ++i;
    if (i == line.size() || line[i] == '#') continue;
    if (line.compare(i, 7, "export ") == 0 || line.compare(i, 7, "export\t") == 0) {
      i += 7;
      while (i < line.size() && blank(line[i])) ++i;
    }
    if (i == line.size() || !name_start(line[i])) bad(number, "expected NAME=value");
    const std::size_t name_at = i;
    while (i < line.size() && name_char(line[i])) ++i;
    std::string name(line.substr(name_at, i - name_at));
    if (name.size() > 256) bad(number, "a variable name longer than 256 characters");
    while (i < line.size() && blank(line[i])) ++i;
    if (i == line.size() || line[i] != '=') bad(number, fmt::format("no '=' after {}", name));
    ++i;
    while (i < line.size() && blank(line[i])) ++i;

    DotenvValue v;
    v.line = number;
    const char q = i < line.size() ? line[i] : 0;
    if (q == '"' || q == '\'' || q == '`') {
      v.quote = q;
      ++i;
      // The value runs to the matching quote, on this line or a later one.
      for (;;) {
        bool closed = false;
        while (i < line.size()) {
          const char c = line[i++];
          if (c == q) {
            closed = true;
            break;
          }
          if (q == '"' && c == '\\' && i < line.size()) {
            const char e = line[i++];
            v.value += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
            if (e != 'n' && e != 'r' && e != 't' && e != '"' && e != '\\') v.value.insert(v.value.size() - 1, 1, '\\');
          } else {
            v.value += c;
          }
        }
        if (closed) break;
        if (++n == lines.size()) bad(number, fmt::format("the {} quote of {} is never closed", q, name));
        v.value += '\n';
        line = lines[n];
        i = 0;
      }
      only_comment_after(line.substr(i), static_cast<int>(n + 1));
    } else {
      std::string_view rest = line.substr(i);
      for (std::size_t h = rest.find('#'); h != std::string_view::npos; h = rest.find('#', h + 1))
        if (h > 0 && blank(rest[h - 1])) {
          rest = rest.substr(0, h);
          break;
        }
      std::size_t end = rest.size();
      while (end > 0 && blank(rest[end - 1])) --end;
      v.trailing_space = end < rest.size() && rest.find('#') == std::string_view::npos;
      v.value = std::string(rest.substr(0, end));
    }
    env.vars[name] = std::move(v);
  }
  return env;
}

Dotenv load_dotenv(const std::string& path) {
  Dotenv env = parse_dotenv(read_input_file(path, kMaxDotenvBytes));
  env.path = path;
  return env;
}

}  // namespace anlink
