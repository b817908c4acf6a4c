#include <catch2/catch.hpp>

#include "util/secret.hpp"

using namespace anlink;

TEST_CASE("mask keeps a short prefix and the last four characters") {
  CHECK(mask_key("sk-abcdefghijklmnop9f3a") == "sk-…9f3a");
  CHECK(mask_key("ak_live_9f3a2b7c4d1e8f6a0b5c3d2e") == "ak_…3d2e");
  CHECK(mask_key("abcdefghijklmnopqrst") == "…qrst");
  CHECK(mask_key("short") == "…");
  CHECK(mask_key("") == "");
  CHECK(mask_key("\"sk-abcdefghijklmnop9f3a\"") == "sk-…9f3a");
  CHECK(mask_key("Bearer sk-abcdefghijklmnop9f3a") == "sk-…9f3a");
}

TEST_CASE("redactor replaces the key in every form it may be echoed in") {
  const std::string key = "\"sk-abcdefghijklmnop9f3a\"";
  Redactor r(key);
  CHECK(r("key: sk-abcdefghijklmnop9f3a.") == "key: sk-…9f3a.");
  CHECK(r("raw " + key) == "raw sk-…9f3a");
  CHECK(r(R"(json "\"sk-abcdefghijklmnop9f3a\"")") == R"(json "sk-…9f3a")");
  CHECK(r("nothing here") == "nothing here");
}

TEST_CASE("redactor catches the pieces of a key split by whitespace") {
  Redactor r("sk-abcdefgh ijklmnop9f3a");
  CHECK(r("got ijklmnop9f3a") == "got sk-…9f3a");
}

TEST_CASE("redactor leaves text alone when there is no key") {
  Redactor r("");
  CHECK_FALSE(r.active());
  CHECK(r("a b c") == "a b c");
}
