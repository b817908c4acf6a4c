#include "cli/listen_address.hpp"

#include <fmt/format.h>

#include "cli/errors.hpp"
#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

std::pair<std::string, int> listen_address(const std::string& listen, bool allow_remote, std::string_view risk,
                                           int default_port) {
  if (listen.empty()) return {"127.0.0.1", default_port};
  const std::string shown = text::shorten(listen, 60);
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen " + shown + ": give HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  int port = -1;
  if (!port_text.empty() && port_text.size() <= 5 && port_text.find_first_not_of("0123456789") == std::string::npos)
    port = std::stoi(port_text);
  if (port < 0 || port > 65535 || host.empty())
    throw UsageError("--listen " + shown + ": give HOST:PORT, a port from 0 to 65535");
  if (!is_loopback_host(host) && !allow_remote)
    throw UsageError(fmt::format("--listen {}: not a loopback address; {}: add --allow-remote-listen if that is meant",
                                 shown, risk));
  return {host, port};
}

}  // namespace anlink
