#include "util/std_streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace anlink {

namespace {
StdStreams found;
}

StdStreams reserve_std_streams() {
  bool* closed[] = {&found.in_closed, &found.out_closed, &found.err_closed};
  for (int fd = 0; fd < 3; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    *closed[fd] = true;
    const int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
  return found;
}

const StdStreams& std_streams() { return found; }

}  // namespace anlink
