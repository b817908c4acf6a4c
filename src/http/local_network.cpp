#include "http/local_network.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace anlink {

namespace {

constexpr std::size_t kMaxBytes = 64 * 1024;

std::string read_small(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string data(kMaxBytes, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return data;
}

// /proc/net/route: "Iface Destination Gateway Flags RefCnt Use Metric Mask ..." in hex.
bool ipv4_default_route() {
  std::istringstream lines(read_small("/proc/net/route"));
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    std::istringstream w(line);
    std::string iface, dest, gateway, flags, refcnt, use, metric, mask;
    if (w >> iface >> dest >> gateway >> flags >> refcnt >> use >> metric >> mask &&
        iface != "lo" && dest == "00000000" && mask == "00000000")
      return true;
  }
  return false;
}

// /proc/net/ipv6_route: "dest prefixlen src srclen nexthop metric refcnt use flags iface".
bool ipv6_default_route() {
  std::istringstream lines(read_small("/proc/net/ipv6_route"));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream w(line);
    std::string dest, len, src, srclen, hop, metric, refcnt, use, flags, iface;
    if (w >> dest >> len >> src >> srclen >> hop >> metric >> refcnt >> use >> flags >> iface &&
        iface != "lo" && len == "00" && dest == std::string(32, '0'))
      return true;
  }
  return false;
}

bool has_nameserver() {
  std::istringstream lines(read_small("/etc/resolv.conf"));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream w(line);
    std::string key, address;
    if (w >> key >> address && key == "nameserver") return true;
  }
  return false;
}

}  // namespace

LocalNetwork read_local_network() {
  return {ipv4_default_route() || ipv6_default_route(), has_nameserver()};
}

}  // namespace anlink
