#pragma once
// Real intermediaries nobody here wrote, started by a test on 127.0.0.1 in front of the fake
// gateway with a generated config: Debian's nginx and nghttpx. Each is ready once its port
// accepts connections, and stopped (and waited for) when it goes. A missing program fails
// the test, naming the package: scripts/install-deps.sh test installs them.
#include <sys/types.h>

#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace support {

class Daemon {
 public:
  // Runs argv (argv[0] a full path) with stdout and stderr in `log`; waits up to 10 s for
  // 127.0.0.1:port to accept connections.
  Daemon(std::vector<std::string> argv, int port, const std::string& log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

 private:
  pid_t pid_ = -1;
};

// A port on 127.0.0.1 that nothing listened on a moment ago.
int free_port();

// The full path of a daemon Debian installs (/usr/sbin, /usr/bin); fails the test naming
// the package when it is missing.
std::string installed_program(const std::string& name, const std::string& package);

// nginx in front of http://127.0.0.1:upstream_port, with these directives in its location
// (for example "proxy_buffering off;"); nginx's defaults otherwise (proxy_http_version 1.0,
// proxy_buffering on, proxy_read_timeout 60 s).
class Nginx {
 public:
  Nginx(int upstream_port, const std::string& location_directives);
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string error_log() const;

 private:
  TempDir dir_;
  int port_;
  Daemon daemon_;
};

// nghttpx as an HTTP/2 TLS front (ALPN h2, HTTP/1.1 to the backend) for
// http://127.0.0.1:upstream_port, with the test CA's certificate for 127.0.0.1, plus `extra`
// options (for example "--backend-read-timeout=1").
class Nghttpx {
 public:
  Nghttpx(int upstream_port, const std::vector<std::string>& extra = {});
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  TempDir dir_;
  int port_;
  Daemon daemon_;
};

}  // namespace support
