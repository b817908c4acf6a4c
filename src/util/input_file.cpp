#include "util/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace anlink {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Opened without blocking (a FIFO with no writer would wait forever) and checked on the
// descriptor itself, so nothing can swap the file between the check and the read.
int open_regular(const std::string& path, std::size_t cap) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw std::invalid_argument(std::string("cannot read it: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::invalid_argument(std::string("cannot read it: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::invalid_argument("is " + kind_of(st.st_mode) + ", not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > cap) {
    ::close(fd);
    throw std::invalid_argument("larger than " + describe_size(cap));
  }
  return fd;
}

}  // namespace

std::string describe_size(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string read_input_file(const std::string& path, std::size_t cap) {
  const int fd = open_regular(path, cap);
  std::string data;
  char buf[16384];
  for (;;) {  // the size can grow after fstat: the cap holds for what is read
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw std::invalid_argument(std::string("cannot read it: ") + std::strerror(err));
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > cap) {
      ::close(fd);
      throw std::invalid_argument("larger than " + describe_size(cap));
    }
  }
  ::close(fd);
  return data;
}

std::string read_stdin(std::size_t cap) {
  std::string data;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::invalid_argument(std::string("cannot read it: ") + std::strerror(errno));
    if (n == 0) return data;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > cap) throw std::invalid_argument("larger than " + describe_size(cap));
  }
}

void check_input_file(const std::string& path, std::size_t cap) { ::close(open_regular(path, cap)); }

}  // namespace anlink
