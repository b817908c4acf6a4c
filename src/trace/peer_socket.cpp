#include "trace/peer_socket.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace anlink {

namespace {

int port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&a)->sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&a)->sin6_port);
  return -1;
}

// Whether a socket address holds this numeric address (as cpp-httplib prints it).
bool same_address(const sockaddr_storage& a, const std::string& numeric) {
  if (a.ss_family == AF_INET) {
    in_addr want{};
    return inet_pton(AF_INET, numeric.c_str(), &want) == 1 &&
           reinterpret_cast<const sockaddr_in*>(&a)->sin_addr.s_addr == want.s_addr;
  }
  if (a.ss_family == AF_INET6) {
    in6_addr want{};
    return inet_pton(AF_INET6, numeric.c_str(), &want) == 1 &&
           std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&a)->sin6_addr, &want, sizeof want) == 0;
  }
  return false;
}

// The connection this socket is: the forwarder's port, and the program's address and port.
bool is_connection(int fd, int local_port, const std::string& remote_addr, int remote_port) {
  sockaddr_storage local{}, remote{};
  socklen_t local_len = sizeof local, remote_len = sizeof remote;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
  if (port_of(local) != local_port) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_len) != 0) return false;
  return port_of(remote) == remote_port && same_address(remote, remote_addr);
}

}  // namespace

PeerSocket PeerSocket::find(int local_port, const std::string& remote_addr, int remote_port) {
  // A thread serves one connection at a time, and a kept-alive one for many calls in a row.
  thread_local int last = -1;
  if (local_port <= 0 || remote_port <= 0) return PeerSocket(-1);
  if (last >= 0 && is_connection(last, local_port, remote_addr, remote_port)) return PeerSocket(last);
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return PeerSocket(-1);
  int found = -1;
  int seen = 0;
  while (const dirent* e = readdir(dir)) {
    if (++seen > 65536) break;
    char* end = nullptr;
    const long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end || fd < 3 || fd == dirfd(dir)) continue;
    if (is_connection(static_cast<int>(fd), local_port, remote_addr, remote_port)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  last = found;
  return PeerSocket(found);
}

void PeerSocket::cork(bool on) const {
  if (fd_ < 0) return;
  const int value = on ? 1 : 0;
  setsockopt(fd_, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

namespace {

// The socket's TCP state, read without touching its pending error (which a failed write may
// already have taken): TCP_CLOSE on a socket not closed here means the program reset it.
int tcp_state(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  return getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 ? info.tcpi_state : -1;
}

}  // namespace

bool PeerSocket::reset_by_peer(std::chrono::milliseconds wait, const std::atomic<bool>& stopping) const {
  if (fd_ < 0) return false;
  auto deadline = std::chrono::steady_clock::now() + wait;
  bool stop_seen = false;
  while (true) {
    const int state = tcp_state(fd_);
    if (state == TCP_CLOSE) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    // The program may have ended (the run is stopping) just after closing with bytes unread:
    // its reset can still be on the way, so a short grace rather than none.
    if (stopping && !stop_seen) {
      stop_seen = true;
      deadline = std::min(deadline, now + std::chrono::milliseconds(100));
    }
    if (state != TCP_ESTABLISHED) {  // closed by the program: a reset follows if bytes reached it closed
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    if (poll(&p, 1, 20) <= 0 || (p.revents & (POLLERR | POLLHUP | POLLRDHUP))) continue;
    char byte;  // its next request on the same connection: it had read the whole answer
    if (recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0) return false;
  }
}

}  // namespace anlink
