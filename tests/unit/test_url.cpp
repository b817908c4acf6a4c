#include <catch2/catch.hpp>

#include "http/url.hpp"

using namespace anlink;

TEST_CASE("url parses and normalises a base URL") {
  auto u = parse_url("https://api.anlinkai.com/api/v1/");
  REQUIRE(u);
  CHECK(u->scheme == "https");
  CHECK(u->host == "api.anlinkai.com");
  CHECK(u->path == "/api/v1");
  CHECK(u->str() == "https://api.anlinkai.com/api/v1");
}

TEST_CASE("url without a scheme suggests https") {
  UrlError e;
  CHECK_FALSE(parse_url("api.anlinkai.com/api/v1", &e));
  CHECK(e.reason == "has no scheme");
  CHECK(e.suggestion == "https://api.anlinkai.com/api/v1");
}

TEST_CASE("url rejects empty and hostless input") {
  UrlError e;
  CHECK_FALSE(parse_url("", &e));
  CHECK(e.reason == "is empty");
  CHECK_FALSE(parse_url("https://", &e));
}

TEST_CASE("join puts exactly one slash between base and route") {
  CHECK(join_url("http://h/api/v1/", "/chat/completions") == "http://h/api/v1/chat/completions");
  CHECK(join_url("http://h/api/v1", "chat/completions") == "http://h/api/v1/chat/completions");
}

TEST_CASE("loopback hosts: 127.0.0.0/8 addresses, localhost and ::1, never a name beginning with 127.") {
  for (const char* yes : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "localhost", "LOCALHOST", "::1", "[::1]"})
    CHECK(anlink::is_loopback_host(yes));
  for (const char* no : {"127.evil.example", "127.0.0.1.nip.io", "127.", "128.0.0.1", "10.0.0.1", "example.com", ""})
    CHECK_FALSE(anlink::is_loopback_host(no));
}
