#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/credential.hpp"
#include "core/header.hpp"

using namespace anlink;

TEST_CASE("credential headers are named for one, x-portkey-provider is not") {
  for (const char* name : {"Authorization", "proxy-authorization", "X-Api-Key", "api-key", "x-portkey-api-key",
                           "x-portkey-virtual-key", "X-ApiKey", "x_auth", "X-Team-Token", "Cookie",
                           "X-Client-Secret", "X-Session-Id", "Ocp-Apim-Subscription-Key", "x-amz-security-token"})
    CHECK(is_credential_header(name));
  for (const char* name : {"x-portkey-provider", "x-portkey-config", "x-portkey-custom-host", "HTTP-Referer",
                           "X-Title", "OpenAI-Organization", "X-Monkey-Business", "Accept"})
    CHECK_FALSE(is_credential_header(name));
}

TEST_CASE("a value looks like a key by its shape, not by its header") {
  for (const char* value : {"sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8x", "Bearer abc", "ak_live_5e5e5e5e5e5e5e5e",
                            "provider-secret-7f3c9a1b2d", "123e4567-e89b-12d3-a456-426614174000",
                            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "{\"api_key\": \"kx9f8e7d6c5b4a3210fe\"}",
                            "abcdefghijklmnopqrstuvwxyz"})
    CHECK(looks_like_key(value));
  for (const char* value : {"openai", "anthropic", "gpt-4o-mini-2024-07-18", "https://api.anlinkai.com/api/v1",
                            "my-app", "2024-07-18", "pc-config-01", ""})
    CHECK_FALSE(looks_like_key(value));
}

TEST_CASE("a suggested command repeats a secret header through a variable only, never its value") {
  ::setenv("ANLINK_TEST_TEAM_TOKEN", "kx9f8e7d6c5b4a3210fedcba", 1);
  CHECK(repeatable_header_value("x-portkey-provider", "openai", "openai") == "openai");
  CHECK(repeatable_header_value("X-Api-Key", "${MY_KEY}", "kx9f8e7d6c5b4a3210fedcba") == "${MY_KEY}");
  CHECK(repeatable_header_value("Authorization", "Bearer ${T}", "Bearer kx9f8e7d6c5b4a3210fedcba") == "Bearer ${T}");
  // Typed as the shell filled it in: the variable that holds it.
  CHECK(repeatable_header_value("X-Team-Token", "kx9f8e7d6c5b4a3210fedcba", "kx9f8e7d6c5b4a3210fedcba") ==
        "${ANLINK_TEST_TEAM_TOKEN}");
  CHECK(repeatable_header_value("Authorization", "Bearer kx9f8e7d6c5b4a3210fedcba",
                                "Bearer kx9f8e7d6c5b4a3210fedcba") == "Bearer ${ANLINK_TEST_TEAM_TOKEN}");
  // A default typed in the reference, or a key typed around it, is the value itself: not repeated.
  CHECK_FALSE(repeatable_header_value("X-Api-Key", "${UNSET_X:-sk-typed-1a2b3c4d5e6f7a8b}", "sk-typed-1a2b3c4d5e6f7a8b"));
  CHECK_FALSE(repeatable_header_value("X-Api-Key", "sk-${A}-1a2b3c4d5e6f7a8b", "sk-x-1a2b3c4d5e6f7a8b"));
  CHECK_FALSE(repeatable_header_value("X-Api-Key", "typed-only-1a2b3c4d5e6f", "typed-only-1a2b3c4d5e6f"));
  ::unsetenv("ANLINK_TEST_TEAM_TOKEN");
}
