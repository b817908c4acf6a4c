#pragma once
// Which header values are secrets, one rule for `check` (--header, a profile's or config
// target's headers) and `trace` (the program's own): a header named for a credential, or a
// value that looks like a key. A secret value is masked in every output and never repeated
// in a suggested command; any other header is an ordinary setting, shown and repeated.
#include <string_view>

namespace anlink {

// Named for a credential, in any letter case: a part (between '-' and '_') that is "key" or
// "apikey" (X-Api-Key, api-key, x-portkey-virtual-key; not x-portkey-provider) or starts
// with "auth" (Authorization, Proxy-Authorization), or token, secret, password, cookie,
// session, credential, signature or jwt anywhere.
bool is_credential_header(std::string_view name);

// A value that looks like a key whatever its header: an auth scheme and its token
// ("Bearer ...", "Basic ..."), a token (letters, digits, '-', '_') of 16 or more with a
// part of 8 or more that mixes letters and digits (sk-proj-..., a hex or base64 token, a
// JWT, a UUID), or 24 letters and digits in a row; not a word ("openai"), a URL or a
// model id ("gpt-4o-mini-2024-07-18").
bool looks_like_key(std::string_view value);

inline bool is_secret_header(std::string_view name, std::string_view value) {
  return is_credential_header(name) || looks_like_key(value);
}

}  // namespace anlink
