#pragma once
// A certificate the doctor does not trust, read for who signed it: through a proxy, or
// signed by a CA that inspection products and debugging proxies use (mitmproxy, Zscaler,
// FortiGate, ...), something between the user and the gateway re-signs the traffic (TLS
// interception): the doctor and the user's client need that CA, each in its own way.
#include <optional>

#include "core/finding.hpp"
#include "http/client.hpp"

namespace anlink {

// True when the certificate's issuer is one that re-signs traffic it intercepts.
bool intercepting_issuer(const HttpResponse& res);

// A warning for an answer whose certificate an interceptor re-signed and this machine
// trusts (its CA in --cacert or the system store): clients with their own CA list (Node)
// fail there while curl passes. nullopt otherwise.
std::optional<Finding> trusted_interception(const HttpResponse& res);

// The finding for an untrusted certificate that names its issuer; nullopt for other failures.
std::optional<Finding> untrusted_certificate(const HttpResponse& res, Status status);

}  // namespace anlink
