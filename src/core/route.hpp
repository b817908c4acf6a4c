#pragma once
// Where a profile's requests go and how they carry the key: the one place that knows the
// chat route ({base}/chat/completions, or Azure's deployment path), the query parameters
// every request carries, and the key's header.
#include <string>
#include <string_view>

#include "api/api.hpp"
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

// Anthropic's root for a base: the base less a final /v1 (what ANTHROPIC_BASE_URL holds;
// its clients append /v1/messages).
std::string messages_root(std::string_view base);
// {root}{route} ("/v1/messages", "/v1/messages/count_tokens", "/v1/models") with the
// profile's query parameters.
std::string messages_url(const Profile& p, std::string_view base, std::string_view route);
// {base}/responses with the profile's query parameters.
std::string responses_url(const Profile& p, std::string_view base);

// "Authorization: Bearer KEY", or the profile's own ("api-key: KEY").
std::string key_header(const Profile& p, const std::string& key);
// The key as `style` carries it (api/api.hpp): the profile's header, x-api-key or Bearer.
std::string key_header(const Profile& p, KeyStyle style, const std::string& key);
// True when a request header line carries the key (in any of the styles).
bool is_key_header(const Profile& p, std::string_view line);

std::string percent_encode(std::string_view s);

}  // namespace anlink
