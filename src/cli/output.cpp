#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cctype>

#include "cli/errors.hpp"
#include "util/secret.hpp"

namespace anlink {

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw InternalError(fmt::format("--output \"{}\": cannot write: {}", path, std::strerror(errno)));
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw InternalError(fmt::format("--output \"{}\": cannot write: {}", path, std::strerror(err)));
  }
}

void append_step_summary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (!path || !*path) return;
  std::FILE* f = std::fopen(path, "ab");
  bool ok = f && std::fwrite(markdown.data(), 1, markdown.size(), f) == markdown.size();
  if (f) ok = (std::fclose(f) == 0) && ok;
  if (!ok) throw InternalError(fmt::format("GITHUB_STEP_SUMMARY \"{}\": cannot append: {}", path,
                                           std::strerror(errno)));
}

std::string mask_secret_like_tokens(const std::string& message) {
  // Runs of [A-Za-z0-9_-] that start with a letter or digit and are 24 or more long, found
  // in one linear pass (the message may hold a huge argument).
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  std::size_t i = 0, last = 0;
  while (i < message.size()) {
    if (!alnum(message[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < message.size() && (alnum(message[j]) || message[j] == '_' || message[j] == '-')) ++j;
    const std::string_view tok(message.data() + i, j - i);
    // Keys mix letters and digits; long words such as UPSTREAM_STREAM_INTERRUPTED do not.
    if (tok.size() >= 24 && tok.find_first_of("0123456789") != std::string_view::npos) {
      out.append(message, last, i - last);
      out += mask_key(tok);
      last = j;
    }
    i = j;
  }
  return out + message.substr(last);
}

}  // namespace anlink
