#include "classify/retry_wait.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <ctime>

#include "util/text.hpp"

namespace anlink {

namespace {

constexpr double kMaxWait = 7 * 24 * 3600.0;  // a week: beyond that the value is not a wait

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// A number at `at` (digits, one '.'), at most 12 characters; advances `at`.
std::optional<double> number_at(std::string_view s, std::size_t& at) {
  const std::size_t start = at;
  bool dot = false;
  while (at < s.size() && at - start < 12 && (digit(s[at]) || (s[at] == '.' && !dot))) {
    if (s[at] == '.') dot = true;
    ++at;
  }
  if (at == start || !digit(s[start])) return std::nullopt;
  return std::strtod(std::string(s.substr(start, at - start)).c_str(), nullptr);
}

// The unit at `at`, in seconds ("ms" 0.001, "s"/"sec"/"seconds" 1, "m"/"min"/"minutes" 60,
// "h"/"hours" 3600); advances `at` past it and any letters of its word.
std::optional<double> unit_at(std::string_view s, std::size_t& at) {
  std::size_t end = at;
  while (end < s.size() && end - at < 12 && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
  const std::string word = text::lower(s.substr(at, end - at));
  double unit = 0;
  if (word == "ms" || word.starts_with("millisecond")) unit = 0.001;
  else if (word == "s" || word.starts_with("sec")) unit = 1;
  else if (word == "m" || word.starts_with("min")) unit = 60;
  else if (word == "h" || word.starts_with("hour")) unit = 3600;
  else return std::nullopt;
  at = end;
  return unit;
}

bool plausible(double s) { return std::isfinite(s) && s >= 0 && s <= kMaxWait; }

// "Wed, 21 Oct 2026 07:28:00 GMT" (RFC 9110's preferred form) as a time.
// "Wed, 21 Oct 2026 07:28:00 GMT" (RFC 9110's preferred form), or the two obsolete forms
// it still asks recipients to read: "Wednesday, 21-Oct-26 07:28:00 GMT", "Wed Oct 21 07:28:00 2026".
std::optional<std::time_t> http_date(const std::string& value) {
  for (const char* form : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = ::strptime(value.c_str(), form, &tm);
    if (end && *end == '\0') return ::timegm(&tm);
  }
  return std::nullopt;
}

std::optional<RetryWait> from_retry_after(const HttpResponse& res) {
  const std::string value = text::trim(res.header("retry-after")).substr(0, 64);
  if (value.empty()) return std::nullopt;
  std::size_t at = 0;
  if (auto n = number_at(value, at); n && at == value.size() && plausible(*n)) return RetryWait{*n, "Retry-After", value};
  if (auto when = http_date(value)) {
    // From when the answer was sent (its Date), else from now.
    const auto sent = http_date(text::trim(res.header("date")));
    const double s = std::max(0.0, std::difftime(*when, sent ? *sent : std::time(nullptr)));
    if (plausible(s)) return RetryWait{s, "Retry-After", value};
  }
  return std::nullopt;
}

std::optional<RetryWait> from_retry_after_ms(const HttpResponse& res) {
  const std::string value = text::trim(res.header("retry-after-ms")).substr(0, 32);
  std::size_t at = 0;
  if (auto n = number_at(value, at); n && at == value.size() && plausible(*n / 1000)) return RetryWait{*n / 1000, "retry-after-ms", value};
  return std::nullopt;
}

// "retryDelay": "38s" anywhere in the body's first 64 KiB (Google's RetryInfo detail).
std::optional<RetryWait> from_retry_delay(const HttpResponse& res) {
  const std::string_view body = std::string_view(res.body).substr(0, 65536);
  for (std::string_view key : {"\"retryDelay\"", "\"retry_delay\""}) {
    const std::size_t at = body.find(key);
    if (at == std::string_view::npos) continue;
    std::size_t i = at + key.size();
    while (i < body.size() && i - at < 64 && (body[i] == ' ' || body[i] == ':' || body[i] == '"')) ++i;
    std::size_t end = i;
    while (end < body.size() && end - i < 24 && body[end] != '"' && body[end] != ',' && body[end] != '}') ++end;
    const std::string_view value = body.substr(i, end - i);
    if (auto s = parse_duration(value); s && plausible(*s)) return RetryWait{*s, "retryDelay", std::string(value)};
  }
  return std::nullopt;
}

// The message's words: "retry in 45s", "try again in 1.5 seconds", "retry after 30 seconds",
// "wait 60 seconds". One pass per phrase over the first 4 KiB.
std::optional<RetryWait> from_message(std::string_view message) {
  const std::string lower = text::lower(message.substr(0, 4096));
  for (std::string_view lead : {"retry in ", "try again in ", "retry after ", "try again after ", "wait ",
                                "retry-after: ", "available in "}) {
    for (std::size_t at = lower.find(lead); at != std::string::npos; at = lower.find(lead, at + 1)) {
      const std::size_t start = at + lead.size();
      // One word such as "1m30.5s" or "20ms", else a number and a unit word: "30 seconds".
      std::size_t end = start;
      while (end < lower.size() && end - start < 24 && (std::isalnum(static_cast<unsigned char>(lower[end])) || lower[end] == '.')) ++end;
      std::size_t word_end = end;
      while (word_end > start && lower[word_end - 1] == '.') --word_end;
      if (auto d = parse_duration(std::string_view(lower).substr(start, word_end - start));
          d && word_end > start && !std::isdigit(static_cast<unsigned char>(lower[word_end - 1])) && plausible(*d))
        return RetryWait{*d, "the message", std::string(message.substr(start, word_end - start))};
      std::size_t i = start;
      const auto n = number_at(lower, i);
      if (!n) continue;
      while (i < lower.size() && lower[i] == ' ' && i - start < 16) ++i;
      const auto unit = unit_at(lower, i);
      if (!unit || !plausible(*n * *unit)) continue;
      return RetryWait{*n * *unit, "the message", std::string(message.substr(start, i - start))};
    }
  }
  return std::nullopt;
}

// x-ratelimit-remaining-requests: 0 with x-ratelimit-reset-requests: 6m0s (OpenAI's names).
std::optional<RetryWait> from_ratelimit_reset(const HttpResponse& res) {
  for (const auto& [name, value] : res.headers) {
    if (!name.starts_with("x-ratelimit-remaining") || text::trim(value) != "0") continue;
    std::string reset = name;
    reset.replace(0, std::string_view("x-ratelimit-remaining").size(), "x-ratelimit-reset");
    const std::string when = text::trim(res.header(reset)).substr(0, 32);
    if (auto s = parse_duration(when); s && plausible(*s)) return RetryWait{*s, reset, when};
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_duration(std::string_view text_in) {
  const std::string_view s = text_in.substr(0, 32);
  if (s.empty()) return std::nullopt;
  std::size_t at = 0;
  double total = 0;
  for (int part = 0; part < 4 && at < s.size(); ++part) {
    const auto n = number_at(s, at);
    if (!n) return std::nullopt;
    if (at == s.size()) return part == 0 ? std::optional<double>(*n) : std::nullopt;  // bare seconds
    const auto unit = unit_at(s, at);
    if (!unit) return std::nullopt;
    total += *n * *unit;
  }
  if (at != s.size()) return std::nullopt;
  return total;
}

std::optional<RetryWait> retry_wait(const HttpResponse& res, std::string_view message) {
  if (auto w = from_retry_after(res)) return w;
  if (auto w = from_retry_after_ms(res)) return w;
  if (auto w = from_retry_delay(res)) return w;
  if (auto w = from_message(message)) return w;
  return from_ratelimit_reset(res);
}

std::string wait_text(double seconds) {
  if (seconds < 1) return "1 s";
  if (seconds < 10 && std::floor(seconds) != seconds) return fmt::format("{:.1f} s", seconds);
  if (seconds < 120) return fmt::format("{} s", static_cast<long>(std::ceil(seconds)));
  if (seconds < 2 * 3600) return fmt::format("{} min", static_cast<long>(std::ceil(seconds / 60)));
  return fmt::format("{} h", static_cast<long>(std::ceil(seconds / 3600)));
}

}  // namespace anlink
