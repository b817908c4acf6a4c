#include "http/proxy_probe.hpp"

#include <fcntl.h>
#include <cerrno>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string_view>

namespace anlink {

namespace {

// The first bytes `host:port` answers to `greeting` (at most 16), or "" on any failure.
std::string first_answer(const std::string& host, const std::string& port, std::string_view greeting) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) return "";
  const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  std::string out;
  if (fd >= 0) {
    pollfd p{fd, POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    const bool connected =
        (::connect(fd, found->ai_addr, found->ai_addrlen) == 0 || errno == EINPROGRESS) &&
        ::poll(&p, 1, 2000) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
    if (connected && ::send(fd, greeting.data(), greeting.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(greeting.size())) {
      p = {fd, POLLIN, 0};
      char buf[16];
      if (::poll(&p, 1, 1500) == 1)
        if (const ssize_t n = ::recv(fd, buf, sizeof buf, 0); n > 0) out.assign(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return out;
}

}  // namespace

bool proxy_speaks(const std::string& host, const std::string& port, ProxyProtocol asked) {
  switch (asked) {
    case ProxyProtocol::socks5: {  // version 5, one method: none; a SOCKS5 server answers 05 xx
      const std::string a = first_answer(host, port, std::string_view("\x05\x01\x00", 3));
      return a.size() >= 2 && a[0] == '\x05';
    }
    case ProxyProtocol::http:
      return first_answer(host, port, "OPTIONS * HTTP/1.1\r\nHost: proxy\r\n\r\n").rfind("HTTP/", 0) == 0;
    case ProxyProtocol::tls: {
      // A minimal TLS 1.2 ClientHello: one cipher suite, no extensions. A TLS server answers a
      // handshake record (22) or an alert (21), either one in record version 3.x.
      static const unsigned char hello[] = {
          0x16, 0x03, 0x01, 0x00, 0x2d, 0x01, 0x00, 0x00, 0x29, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x02, 0x00, 0x2f,
          0x01, 0x00};
      const std::string a = first_answer(host, port, std::string_view(reinterpret_cast<const char*>(hello), sizeof hello));
      return a.size() >= 2 && (a[0] == '\x16' || a[0] == '\x15') && a[1] == '\x03';
    }
    case ProxyProtocol::unknown: break;
  }
  return false;
}

}  // namespace anlink
