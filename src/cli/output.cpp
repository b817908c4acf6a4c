#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>

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
  static const std::regex token(R"([A-Za-z0-9][A-Za-z0-9_\-]{23,})");
  std::string out;
  auto begin = std::sregex_iterator(message.begin(), message.end(), token);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::string tok = it->str();
    // Keys mix letters and digits; long words such as UPSTREAM_STREAM_INTERRUPTED do not.
    if (tok.find_first_of("0123456789") == std::string::npos) continue;
    out += message.substr(last, static_cast<std::size_t>(it->position()) - last);
    out += mask_key(tok);
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + message.substr(last);
}

}  // namespace anlink
