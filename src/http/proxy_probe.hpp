#pragma once
// Which protocol a proxy's port speaks, asked directly when a proxy URL's scheme may be the
// wrong one (a SOCKS port given as http://, an HTTP proxy given as socks5://, a TLS port
// given as http://). Sends only a
// protocol greeting: no request, no credentials. Bounded: 2 s to connect, 1.5 s to answer.
#include <string>

namespace anlink {

enum class ProxyProtocol { unknown, socks5, http, tls };

// Asks `host:port` in `asked`'s own greeting and says whether it answered in kind.
bool proxy_speaks(const std::string& host, const std::string& port, ProxyProtocol asked);

}  // namespace anlink
