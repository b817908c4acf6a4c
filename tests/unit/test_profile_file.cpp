#include <catch2/catch.hpp>

#include <fstream>

#include "classify/classifier.hpp"
#include "core/profile.hpp"
#include "support/temp_dir.hpp"

using namespace anlink;

namespace {

std::string load_error(const std::string& json) {
  support::TempDir dir;
  try {
    load_profile_file(dir.write("p.json", json));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("profile file reads every block of SPEC's example") {
  support::TempDir dir;
  auto p = load_profile_file(dir.write("p.json", R"({
    "name": "my-gateway", "base_url": "https://api.example.com/v1",
    "catalog": {"path": "/models", "list": "/items", "id": "/code", "status": "/status", "active": ["active"]},
    "balance": {"path": "/account/balance", "amount": "/data/available", "currency": "/data/currency", "minimum": 0.01},
    "usage_log": {"path": "/usage/logs?request_id={request_id}", "entry": "/data/0", "status": "/status",
                  "error_code": "/error_code", "cost": "/cost"},
    "request_id_headers": ["x-request-id"], "key_pattern": "^ak_"})"));
  CHECK(p.name == "my-gateway");
  CHECK(p.base_url == "https://api.example.com/v1");
  REQUIRE(p.catalog);
  CHECK(p.catalog->list == "/items");
  REQUIRE(p.balance);
  CHECK(p.balance->minimum == Approx(0.01));
  REQUIRE(p.usage_log);
  CHECK(p.usage_log->entry == "/data/0");
  CHECK(p.key_pattern == "^ak_");
}

TEST_CASE("profile file: every block but name is optional") {
  support::TempDir dir;
  auto p = load_profile_file(dir.write("p.json", R"({"name": "bare"})"));
  CHECK_FALSE(p.catalog);
  CHECK_FALSE(p.balance);
  CHECK_FALSE(p.usage_log);
}

TEST_CASE("profile file errors name the field") {
  CHECK(load_error("{") == "not a JSON object");
  CHECK(load_error("{}") == "field \"name\": is required");
  CHECK(load_error(R"({"name": "x", "catalgo": {}})") == "field \"catalgo\": unknown field");
  CHECK(load_error(R"({"name": 3})") == "field \"name\": must be a string");
  CHECK(load_error(R"({"name": "x", "catalog": {"path": "/m", "id": "code"}})") ==
        "field \"catalog.id\": must be a JSON pointer starting with \"/\"");
  CHECK(load_error(R"({"name": "x", "balance": {"path": "/b", "amount": "/a", "minimum": "1"}})") ==
        "field \"balance.minimum\": must be a number");
  CHECK(load_error(R"({"name": "x", "usage_log": {"path": "/logs"}})") ==
        "field \"usage_log.path\": must contain {request_id}");
  CHECK(load_error(R"({"name": "x", "balance": {"path": "/b", "amount": "/data/a~2b"}})") ==
        "field \"balance.amount\": is not a valid JSON pointer (escape ~ as ~0 and / as ~1)");
  // Found by the profile fuzzer: an empty name was accepted, and shown as nothing.
  CHECK(load_error(R"({"name": ""})") ==
        "field \"name\": must be a non-empty name without control characters");
  CHECK(load_error(R"({"name": "a\u001bb"})").find("control characters") != std::string::npos);
  // Patterns the fuzzer found overflowing std::regex (huge counts and back-references) are
  // literal text or plain escapes to RE2; counts over RE2's limit are refused by its syntax.
  CHECK(load_error(R"({"name": "x", "key_pattern": "^ak_[a-z]{20,5000}"})") ==
        "field \"key_pattern\": is not a valid regular expression (RE2 syntax: invalid repetition "
        "size: {20,5000})");
  CHECK(load_error(R"({"name": "x", "key_pattern": "(("})") ==
        "field \"key_pattern\": is not a valid regular expression (RE2 syntax: missing ): (()");
  CHECK(load_error(R"({"name": "x", "key_pattern": ")" + std::string(300, 'a') + R"("})")
            .find("longer than 256") != std::string::npos);
  // Patterns that backtrack for ever in std::regex are linear in RE2: accepted.
  for (const char* linear :
       {R"(^ak_[a-z]{20,}$)", R"(^(a+)+$)", R"(^((ab)*c)*$)", R"(^(.|.)*!$)", R"(^(sk|ak)-[a-z0-9]+$)",
        R"(^\\(a+\\)+$)", R"(a{8800000002222222222)", R"(^ak_[a-z]{7777777777777777777})",
        R"((a)\\23333333333333333333)"})
    CHECK(load_error(std::string(R"({"name": "x", "key_pattern": ")") + linear + "\"}") == "");
}

TEST_CASE("a platform code alone names its category") {
  CHECK(category_for_code("UPSTREAM_STREAM_INTERRUPTED") == Category::upstream_stream_interrupted);
  CHECK(category_for_code("insufficient_quota") == Category::balance_rejected);
  CHECK(category_for_code("model_not_found") == Category::not_found);
  CHECK(category_for_code("invalid_api_key") == Category::unauthorized);
  CHECK_FALSE(category_for_code("something_else"));
}
