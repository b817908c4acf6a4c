#pragma once
// What this machine's own network set-up says, for naming a failed name lookup: a machine
// with no route out, or no resolver, needs other fixes than a misspelled host.
namespace anlink {

struct LocalNetwork {
  bool default_route = false;  // an IPv4 or IPv6 default route on an interface other than lo
  bool nameserver = false;     // /etc/resolv.conf names at least one nameserver
};

// Reads /proc/net/route, /proc/net/ipv6_route and /etc/resolv.conf (each at most 64 KiB).
// A file that cannot be read counts as saying nothing.
LocalNetwork read_local_network();

}  // namespace anlink
