#include "cli/output.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cctype>

#include "cli/errors.hpp"
#include "util/held_signals.hpp"
#include "util/std_streams.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

[[noreturn]] void cannot_write(std::string_view flag, const std::string& path, const std::string& why) {
  throw InternalError(fmt::format("{} \"{}\": cannot write the report: {}", flag, text::one_line(path), why));
}

// Where the report really goes: a symbolic link is followed to what it names.
std::string resolved(std::string_view flag, const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) cannot_write(flag, path, std::string("a symbolic link to nowhere: ") + std::strerror(errno));
  std::string out = real;
  std::free(real);
  return out;
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// The descriptor a name of an open one stands for: /dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N. Such a report is written through that descriptor, never replaced: what
// it names may be a pipe, a terminal or a file whose folder the user cannot write.
std::optional<int> named_descriptor(const std::string& path) {
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string digits = path.substr(prefix.size());
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoi(digits);
  }
  return std::nullopt;
}

bool write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {  // a descriptor shared in non-blocking mode
      struct pollfd p {fd, POLLOUT, 0};
      if (::poll(&p, 1, 60000) > 0) continue;
      errno = EAGAIN;
      return false;
    }
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void check_output_path(const std::string& given, std::string_view flag) {
  if (const auto fd = named_descriptor(given)) {
    const int flags = ::fcntl(*fd, F_GETFL);
    if ((*fd == STDOUT_FILENO && std_streams().out_closed) || (*fd == STDERR_FILENO && std_streams().err_closed))
      cannot_write(flag, given, fmt::format("descriptor {} was closed when the doctor started", *fd));
    if (flags < 0) cannot_write(flag, given, fmt::format("descriptor {} is not open", *fd));
    if ((flags & O_ACCMODE) == O_RDONLY) cannot_write(flag, given, fmt::format("descriptor {} is open for reading only", *fd));
    return;
  }
  const std::string path = resolved(flag, given);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) cannot_write(flag, given, std::strerror(errno));
    if (::access(folder_of(path).c_str(), W_OK | X_OK) != 0)
      cannot_write(flag, given, fmt::format("the folder {} is not writable ({})", folder_of(path), std::strerror(errno)));
    return;
  }
  if (S_ISDIR(st.st_mode)) cannot_write(flag, given, "it is a directory");
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
    cannot_write(flag, given, "it is neither a regular file, a FIFO nor a character device");
  if (::access(path.c_str(), W_OK) != 0)
    cannot_write(flag, given, fmt::format("it is not writable (mode {:o}: {})", st.st_mode & 07777, std::strerror(errno)));
  if (S_ISREG(st.st_mode) && ::access(folder_of(path).c_str(), W_OK | X_OK) != 0)
    cannot_write(flag, given, fmt::format("its folder {} is not writable, so it cannot be replaced whole",
                                    folder_of(path)));
}

void write_report_file(const std::string& given, const std::string& content, std::string_view flag) {
  if (const auto fd = named_descriptor(given)) {
    if (!write_all(*fd, content)) cannot_write(flag, given, std::strerror(errno));
    return;
  }
  const std::string path = resolved(flag, given);
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {  // written through, never replaced
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) cannot_write(flag, given, errno == ENXIO ? "a FIFO that nothing reads" : std::strerror(errno));
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const bool ok = write_all(fd, content);
    const int err = errno;
    if (::close(fd) != 0 || !ok) cannot_write(flag, given, std::strerror(ok ? errno : err));
    return;
  }
  if (exists && !S_ISREG(st.st_mode)) cannot_write(flag, given, "it is not a regular file");
  const HeldSignals held;  // from before the temporary file exists until it is renamed or removed
  const std::string tmp = fmt::format("{}/.{}.tmp.{}", folder_of(path), path.substr(path.rfind('/') + 1), ::getpid());
  const mode_t mode = exists ? (st.st_mode & 07777) : 0666;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) cannot_write(flag, given, std::strerror(errno));
  if (exists) (void)::fchmod(fd, mode);  // the old file's mode, not the umask's
  bool ok = write_all(fd, content);
  int err = errno;
  if (::close(fd) != 0 && ok) ok = false, err = errno;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    ::unlink(tmp.c_str());
    cannot_write(flag, given, std::strerror(err));
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
