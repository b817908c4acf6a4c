#include "core/header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "core/credential.hpp"
#include "util/text.hpp"

extern char** environ;

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

// What is typed around the ${...} references of a value, and their defaults, which are typed too.
std::string without_refs(std::string_view value) {
  std::string out;
  std::size_t at = 0;
  for (int refs = 0; refs < 64; ++refs) {
    const std::size_t open = value.find("${", at);
    const std::size_t close = open == std::string_view::npos ? open : value.find('}', open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view ref = value.substr(open + 2, close - open - 2);
    const std::size_t dash = ref.find(":-");
    out.append(value.substr(at, open - at)).append(" ");
    if (dash != std::string_view::npos) out.append(ref.substr(dash + 2));
    at = close + 1;
  }
  return out.append(value.substr(at));
}

// The first (by name) variable of the environment whose value is `value`, among the first 4096.
std::optional<std::string> variable_holding(std::string_view value) {
  std::optional<std::string> best;
  for (std::size_t i = 0; environ && environ[i] && i < 4096; ++i) {
    const std::string_view entry = environ[i];
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq > 128 || entry.substr(eq + 1) != value) continue;
    const std::string_view name = entry.substr(0, eq);
    bool ok = true;
    for (std::size_t k = 0; ok && k < name.size(); ++k) ok = var_char(name[k], k == 0);
    if (ok && (!best || name < *best)) best = std::string(name);
  }
  return best;
}

}  // namespace

std::optional<std::string> repeatable_header_value(std::string_view name, std::string_view given,
                                                   std::string_view sent) {
  if (!is_secret_header(name, sent)) return std::string(sent.empty() ? given : sent);
  // Given through variables, with at most a scheme word ("Bearer") typed around them.
  const std::string typed = text::trim(without_refs(given));
  if (given.find("${") != std::string_view::npos && typed.size() <= 16 &&
      std::all_of(typed.begin(), typed.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    return std::string(given);
  if (sent.empty()) return std::nullopt;
  if (auto var = variable_holding(sent)) return "${" + *var + "}";
  const std::size_t space = sent.find(' ');
  if (space != std::string_view::npos && space > 0 && space < 16)  // "Bearer <token>"
    if (auto var = variable_holding(text::trim(sent.substr(space + 1))))
      return std::string(sent.substr(0, space)) + " ${" + *var + "}";
  return std::nullopt;
}

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
