#pragma once
// Where a profile's requests go and how they carry the key: the one place that knows the
// chat route ({base}/chat/completions, or Azure's deployment path), the query parameters
// every request carries, and the key's header.
#include <string>
#include <string_view>

#include "core/profile.hpp"

namespace anlink {

// base + route + the profile's query parameters (each value percent-encoded).
std::string api_url(const Profile& p, std::string_view base, std::string_view route);
// The chat route for `model`, exactly as a client of this gateway builds it.
std::string chat_url(const Profile& p, std::string_view base, std::string_view model);
// The route chat_url appends to this base, with the profile's query parameters
// ("/chat/completions", Azure's "/deployments/M/chat/completions?api-version=..."): what a
// client that pastes it after the base as given would call.
std::string chat_route(const Profile& p, std::string_view base, std::string_view model);
// The chat route's path relative to the base URL ("/chat/completions"), for messages.
std::string chat_path(const Profile& p, std::string_view model);

// "Authorization: Bearer KEY", or the profile's own ("api-key: KEY").
std::string key_header(const Profile& p, const std::string& key);
// True when a request header line carries the key.
bool is_key_header(const Profile& p, std::string_view line);

std::string percent_encode(std::string_view s);

}  // namespace anlink
