#pragma once
// Headers the user adds to every request (--header, a profile's or config target's
// "headers"): their syntax, ${VAR} read from the environment, and how a suggested command
// repeats one. Which values are secrets: core/credential.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace anlink {

inline constexpr std::size_t kMaxUserHeaders = 64;
inline constexpr std::size_t kMaxHeaderValue = 8192;

// Why a header cannot be sent as given (a name that is not an HTTP token, a value with a
// line break or over 8 KiB), or nullopt. Never quotes the value.
std::optional<std::string> header_problem(std::string_view name, std::string_view value);

// "Name: value" as given to --header; throws std::invalid_argument with a reason that
// does not quote the value.
std::pair<std::string, std::string> parse_header_arg(std::string_view arg);

// The value with each ${VAR} replaced by that environment variable; throws
// std::invalid_argument naming a variable that is not set, unless a default follows
// (${VAR:-default}, often empty: a header left empty is not sent).
std::string expand_env_refs(std::string_view value);

// How a suggested command gives a --header again: `given` as typed, `sent` once ${VAR} was
// filled in. A value that is no secret as sent; a secret one through the variables it was
// given with (when what was typed around them is no key), or through a variable of the
// environment that holds it (the token after "Bearer " alone, too); nullopt when only the
// user can add it.
std::optional<std::string> repeatable_header_value(std::string_view name, std::string_view given,
                                                   std::string_view sent);

}  // namespace anlink
