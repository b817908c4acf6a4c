#include <catch2/catch.hpp>

#include "util/json_at.hpp"

using namespace anlink;
using nlohmann::json;

namespace {
const json kDoc = json::parse(R"({"data": {"available": "12.50", "n": 3, "ok": false, "gone": null,
                                           "list": [{"code": "a"}], "a/b": "slash", "t~": "tilde"}})");
}

TEST_CASE("json_at reads scalars at a pointer, and numbers from numeric strings") {
  CHECK(json_at::text(kDoc, "/data/available") == "12.50");
  CHECK(json_at::text(kDoc, "/data/n") == "3");
  CHECK(json_at::text(kDoc, "/data/list/0/code") == "a");
  CHECK(json_at::text(kDoc, "/data/a~1b") == "slash");
  CHECK(json_at::text(kDoc, "/data/t~0") == "tilde");
  CHECK(json_at::text(kDoc, "/data/list") == "");  // not a scalar
  CHECK(json_at::number(kDoc, "/data/available") == Approx(12.5));
  CHECK(json_at::number(kDoc, "/data/n") == Approx(3));
  CHECK_FALSE(json_at::number(kDoc, "/data/list/0/code"));  // "a" is not a number
  CHECK(json_at::boolean(kDoc, "/data/ok") == false);
  CHECK_FALSE(json_at::boolean(kDoc, "/data/n"));
  CHECK(json_at::is_null(kDoc, "/data/gone"));
  CHECK_FALSE(json_at::is_null(kDoc, "/data/missing"));
}

TEST_CASE("json_at never throws on malformed, empty or mismatched pointers") {
  for (const char* bad : {"/data/a~2b", "data", "/data/list/x/code", "/data/n/deeper", "", "/data/list/9"}) {
    INFO(bad);
    CHECK(json_at::at(kDoc, bad) == nullptr);
    CHECK(json_at::text(kDoc, bad).empty());
    CHECK_FALSE(json_at::number(kDoc, bad));
  }
  CHECK_FALSE(json_at::valid_pointer("/a~2"));
  CHECK_FALSE(json_at::valid_pointer("a"));
  CHECK(json_at::valid_pointer(""));
  CHECK(json_at::valid_pointer("/a~1b/0"));
}
