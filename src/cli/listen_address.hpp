#pragma once
// --listen HOST:PORT for the commands that open a port (trace's forwarder, serve): a
// loopback address unless --allow-remote-listen.
#include <string>
#include <string_view>
#include <utility>

namespace anlink {

// Empty `listen`: 127.0.0.1 and `default_port`. `risk` says what another machine could do
// through a remote address. Throws UsageError.
std::pair<std::string, int> listen_address(const std::string& listen, bool allow_remote, std::string_view risk,
                                           int default_port = 0);

}  // namespace anlink
