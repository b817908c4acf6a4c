#include "watch/history.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "cli/errors.hpp"

namespace anlink {

namespace {

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::runtime_error failed(const std::string& what, const std::string& path) {
  return std::runtime_error(fmt::format("{} \"{}\": {}", what, path, std::strerror(errno)));
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The newest whole lines of the file that fit in `keep` bytes.
std::string newest_lines(int fd, off_t size, std::size_t keep) {
  const off_t from = size > static_cast<off_t>(keep) ? size - static_cast<off_t>(keep) : 0;
  std::string tail(static_cast<std::size_t>(size - from), '\0');
  std::size_t got = 0;
  while (got < tail.size()) {
    const ssize_t n = ::pread(fd, tail.data() + got, tail.size() - got, from + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  tail.resize(got);
  if (from > 0) {  // the first line is cut: it goes too
    const auto nl = tail.find('\n');
    tail = nl == std::string::npos ? "" : tail.substr(nl + 1);
  }
  return tail;
}

}  // namespace

void check_history_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) throw UsageError(fmt::format("--history \"{}\": not a regular file", path));
    if (::access(path.c_str(), W_OK) != 0)
      throw UsageError(fmt::format("--history \"{}\": cannot write it: {}", path, std::strerror(errno)));
    return;
  }
  if (errno != ENOENT) throw UsageError(fmt::format("--history \"{}\": {}", path, std::strerror(errno)));
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || ::access(folder.c_str(), W_OK | X_OK) != 0)
    throw UsageError(fmt::format("--history \"{}\": its folder \"{}\" is not a writable folder", path, folder));
}

void append_history(const std::string& path, const std::string& line, std::size_t cap) {
  const std::string entry = line + "\n";
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
  if (fd < 0) throw failed("cannot open the history", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error(fmt::format("the history \"{}\" is not a regular file", path));
  }
  if (static_cast<std::size_t>(st.st_size) + entry.size() <= cap) {
    const bool ok = write_all(fd, entry);
    ::close(fd);
    if (!ok) throw failed("cannot append to the history", path);
    return;
  }
  // Over the cap: the oldest events go. A quarter of the cap is freed at once, so that this
  // rewrite happens once per many events, not at each.
  const std::size_t keep = cap * 3 / 4 > entry.size() ? cap * 3 / 4 - entry.size() : 0;
  std::string kept = newest_lines(fd, st.st_size, keep) + (entry.size() <= cap ? entry : "");
  ::close(fd);
  const std::string tmp = fmt::format("{}/.{}.tmp.{}", folder_of(path), path.substr(path.rfind('/') + 1), ::getpid());
  const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, st.st_mode & 07777);
  if (out < 0) throw failed("cannot rewrite the history", tmp);
  const bool ok = write_all(out, kept) && ::fsync(out) == 0;
  ::close(out);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const auto e = failed("cannot rewrite the history", path);
    ::unlink(tmp.c_str());
    throw e;
  }
}

}  // namespace anlink
