#include "support/proxies.hpp"

#include <sstream>

namespace support {

namespace {

std::vector<std::string> squid_args(const TempDir& dir, int port, const std::string& rules) {
  const std::string d = dir.path();
  std::ostringstream conf;
  conf << "http_port 127.0.0.1:" << port << "\npid_filename none\ncache_log " << d
       << "/cache.log\naccess_log none\ncache deny all\ncache_mem 8 MB\npinger_enable off\n"
       << "shutdown_lifetime 0 seconds\ndns_nameservers 127.0.0.1\n"
       << rules << "\n"
       // Debian's default rules
       << "acl SSL_ports port 443\nacl CONNECT method CONNECT\n"
       << "http_access deny CONNECT !SSL_ports\nhttp_access allow localhost\nhttp_access deny all\n";
  return {installed_program("squid", "squid"), "-N", "-f", dir.write("squid.conf", conf.str())};
}

// `config`: the upstream port, a line break, the rules.
std::vector<std::string> squid_front_args(const TempDir& dir, int port, const std::string& config) {
  const std::string d = dir.path();
  std::ostringstream conf;
  conf << "http_port 127.0.0.1:" << port << " accel defaultsite=gateway vhost\npid_filename none\n"
       << "cache_log " << d << "/cache.log\naccess_log none\ncache deny all\npinger_enable off\n"
       << "shutdown_lifetime 0 seconds\ndns_nameservers 127.0.0.1\ncache_peer 127.0.0.1 parent "
       << config.substr(0, config.find('\n')) << " 0 no-query originserver login=PASSTHRU name=gateway\n"
       << config.substr(config.find('\n') + 1) << "\nhttp_access allow all\n";
  return {installed_program("squid", "squid"), "-N", "-f", dir.write("squid.conf", conf.str())};
}

std::vector<std::string> tinyproxy_args(const TempDir& dir, int port, const std::string& lines) {
  std::ostringstream conf;
  conf << "Port " << port << "\nListen 127.0.0.1\nTimeout 60\nMaxClients 16\nLogLevel Info\n"
       << "Allow 127.0.0.1\n" << lines << "\n";
  return {installed_program("tinyproxy", "tinyproxy"), "-d", "-c", dir.write("tinyproxy.conf", conf.str())};
}

// `config`: the method, a line break, the destinations to pass.
std::vector<std::string> dante_args(const TempDir& dir, int port, const std::string& config) {
  const std::string method = config.substr(0, config.find('\n'));
  const std::string pass_to = config.substr(config.find('\n') + 1);
  std::ostringstream conf;
  conf << "logoutput: stderr\ninternal: 127.0.0.1 port = " << port << "\nexternal: 127.0.0.1\n"
       << "socksmethod: " << method << "\nclientmethod: none\n"
       << "client pass { from: 127.0.0.1/32 to: 0.0.0.0/0 }\n"
       << "socks pass { from: 127.0.0.1/32 to: " << pass_to << " }\n"
       << "socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 }\n";
  return {installed_program("danted", "dante-server"), "-f", dir.write("danted.conf", conf.str()),
          "-p", dir.path() + "/danted.pid"};
}

// `config`: --set values, one a line.
std::vector<std::string> mitmdump_args(const TempDir& dir, int port, const std::string& config) {
  std::vector<std::string> args = {installed_program("mitmdump", "mitmproxy"), "--listen-host", "127.0.0.1",
                                   "--listen-port", std::to_string(port), "--set", "confdir=" + dir.path(),
                                   "--quiet"};
  std::istringstream options(config);
  for (std::string o; std::getline(options, o);) {
    if (o.empty()) continue;
    args.push_back("--set");
    args.push_back(o);
  }
  return args;
}

}  // namespace

RealProxy::RealProxy(Args args, const std::string& config)
    : port_(free_port()), daemon_(args(dir_, port_, config), port_, dir_.path() + "/output.log") {}

Squid::Squid(const std::string& rules) : RealProxy(squid_args, rules) {}

SquidFront::SquidFront(int upstream_port, const std::string& rules)
    : RealProxy(squid_front_args, std::to_string(upstream_port) + "\n" + rules) {}

Tinyproxy::Tinyproxy(const std::string& lines) : RealProxy(tinyproxy_args, lines) {}

Dante::Dante(const std::string& method, const std::string& pass_to) : RealProxy(dante_args, method + "\n" + pass_to) {}

namespace {
std::string lines(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& o : options) out += o + "\n";
  return out;
}
}  // namespace

Mitmdump::Mitmdump(const std::vector<std::string>& options) : RealProxy(mitmdump_args, lines(options)) {}

}  // namespace support
