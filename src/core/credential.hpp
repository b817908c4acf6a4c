#pragma once
// Which header values are secrets, one rule for `check` (--header, a profile's or config
// target's headers) and `trace` (the program's own): a header named for a credential, or a
// value that looks like a key. A secret value is masked in every output and never repeated
// in a suggested command; any other header is an ordinary setting, shown and repeated.
#include <string_view>

namespace anlink {

// Named for a credential, in any letter case: auth (Authorization, Proxy-Authorization),
// key (X-Api-Key, x-portkey-virtual-key), token, secret, password, cookie, session,
// credential, signature.
bool is_credential_header(std::string_view name);

// A value that looks like a key whatever its header: an auth scheme and its token
// ("Bearer ...", "Basic ..."), or a run of 16 or more letters and digits that mixes both
// (sk-proj-..., a hex or base64 token, a JWT); not a word, a URL's host or a model id.
bool looks_like_key(std::string_view value);

inline bool is_secret_header(std::string_view name, std::string_view value) {
  return is_credential_header(name) || looks_like_key(value);
}

}  // namespace anlink
