#pragma once
// Real proxies between the doctor and the fake gateway, as users meet them, started by a
// test on 127.0.0.1 with a generated config in a temp dir (never a system service, never
// its default port or config): Debian's squid, tinyproxy, dante-server (danted) and
// mitmproxy (mitmdump). A missing program fails the test, naming the package.
#include <string>
#include <vector>

#include "support/intermediary.hpp"
#include "support/temp_dir.hpp"

namespace support {

// One proxy daemon on a free port of 127.0.0.1, its config in its own temp dir.
class RealProxy {
 public:
  using Args = std::vector<std::string> (*)(const TempDir& dir, int port, const std::string& config);
  RealProxy(Args args, const std::string& config);
  std::string url() const { return "http://" + address(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  int port_;
  Daemon daemon_;
};

// Squid with Debian's default rules (CONNECT to port 443 only; requests from localhost
// allowed), `rules` before them ("http_access deny all", "read_timeout 2 seconds").
struct Squid : RealProxy {
  explicit Squid(const std::string& rules = "");
};

// Squid as a reverse proxy (accel) in front of http://127.0.0.1:upstream_port, `rules`
// before its "http_access allow all" ("acl api urlpath_regex ^/api\nhttp_access deny api").
struct SquidFront : RealProxy {
  SquidFront(int upstream_port, const std::string& rules = "");
};

// tinyproxy with these config lines ("ConnectPort 443", "BasicAuth user secret").
struct Tinyproxy : RealProxy {
  explicit Tinyproxy(const std::string& lines = "");
};

// Dante's SOCKS server: `method` "none" or "username" (checked against this machine's
// accounts: any user the test makes up is refused), `pass_to` the destinations its rules
// let through ("127.0.0.1/32 port = 443"); everything else is blocked (SOCKS5 reply 2).
struct Dante : RealProxy {
  Dante(const std::string& method, const std::string& pass_to);
};

// mitmproxy's mitmdump as a regular (CONNECT) proxy that intercepts TLS, its CA made in its
// own confdir; `options` are --set values ("ssl_verify_upstream_trusted_ca=PATH").
struct Mitmdump : RealProxy {
  explicit Mitmdump(const std::vector<std::string>& options = {});
  std::string ca() const { return dir() + "/mitmproxy-ca-cert.pem"; }
};

}  // namespace support
