#include "core/header.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "util/text.hpp"

namespace anlink {

namespace {

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool var_char(char c, bool first) {
  return c == '_' || std::isalpha(static_cast<unsigned char>(c)) ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

}  // namespace

std::optional<std::string> header_problem(std::string_view name, std::string_view value) {
  if (name.empty() || name.size() > 256)
    return std::string("a header name must have 1 to 256 characters");
  for (char c : name)
    if (!token_char(c)) return fmt::format("\"{}\" is not a header name", text::one_line(name));
  if (value.size() > kMaxHeaderValue)
    return fmt::format("the value of {} is longer than {} bytes", name, kMaxHeaderValue);
  for (char c : value)
    if (c == '\r' || c == '\n' || c == '\0' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
      return fmt::format("the value of {} holds a line break or a control character", name);
  return std::nullopt;
}

std::pair<std::string, std::string> parse_header_arg(std::string_view arg) {
  const std::size_t colon = arg.find(':');
  if (colon == std::string_view::npos)
    throw std::invalid_argument("give it as 'Name: value'");
  std::string name = text::trim(arg.substr(0, colon));
  std::string value = text::trim(arg.substr(colon + 1));
  if (auto why = header_problem(name, value)) throw std::invalid_argument(*why);
  return {std::move(name), std::move(value)};
}

std::string expand_env_refs(std::string_view value) {
  std::string out;
  std::size_t at = 0;
  for (int refs = 0; refs < 64; ++refs) {
    const std::size_t open = value.find("${", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = value.find('}', open + 2);
    if (close == std::string_view::npos) break;
    std::string_view var = value.substr(open + 2, close - open - 2);
    // ${VAR:-default}: the default (often empty) when VAR is not set.
    std::optional<std::string_view> fallback;
    if (const std::size_t dash = var.find(":-"); dash != std::string_view::npos) {
      fallback = var.substr(dash + 2);
      var = var.substr(0, dash);
    }
    bool ok = !var.empty() && var.size() <= 128;
    for (std::size_t i = 0; ok && i < var.size(); ++i) ok = var_char(var[i], i == 0);
    out.append(value.substr(at, open - at));
    if (!ok) {
      out.append(value.substr(open, close + 1 - open));
    } else {
      const char* v = std::getenv(std::string(var).c_str());
      if (!v && !fallback) throw std::invalid_argument(fmt::format("${{{}}} is not set in the environment", var));
      out.append(v ? std::string_view(v) : *fallback);
    }
    at = close + 1;
  }
  out.append(value.substr(at));
  if (out.size() > kMaxHeaderValue)
    throw std::invalid_argument(fmt::format("longer than {} bytes once ${{...}} is filled in", kMaxHeaderValue));
  return out;
}

}  // namespace anlink
