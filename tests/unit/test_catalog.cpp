#include <catch2/catch.hpp>

#include "catalog/catalog.hpp"

using namespace anlink;

namespace {
const char* kItems = R"({"items":[
  {"code":"qwen-flash","status":"active","inputPricePer1k":"0.00007","outputPricePer1k":"0.0002"},
  {"code":"qwen-max","status":"disabled"},
  {"code":"deepseek-v4-flash","status":"active"}]})";
}

TEST_CASE("catalog reads AnLinkAI's items[].code shape with status and prices") {
  std::string why;
  auto cat = parse_catalog(kItems, CatalogShape{}, &why);
  REQUIRE(cat);
  CHECK(cat->shape == "/items[]/code");
  REQUIRE(cat->find("qwen-flash"));
  CHECK(cat->find("qwen-flash")->input_price_per_1k == "0.00007");
  CHECK_FALSE(is_active(*cat->find("qwen-max"), CatalogShape{}));
  CHECK(cat->find("qwen-Flash") == nullptr);  // exact match only
}

TEST_CASE("catalog falls back to OpenAI's data[].id shape") {
  auto cat = parse_catalog(R"({"object":"list","data":[{"id":"gpt-4o-mini"},{"id":"o3"}]})",
                           CatalogShape{}, nullptr);
  REQUIRE(cat);
  CHECK(cat->shape == "/data[]/id");
  CHECK(cat->entries.size() == 2);
  CHECK(is_active(*cat->find("o3"), CatalogShape{}));  // no status reported: not inactive
}

TEST_CASE("catalog says why it cannot read an answer") {
  std::string why;
  CHECK_FALSE(parse_catalog("<html></html>", CatalogShape{}, &why));
  CHECK(why == "the answer is not JSON");
  CHECK_FALSE(parse_catalog(R"({"models": 3})", CatalogShape{}, &why));
  CHECK(why.find("no list of models") != std::string::npos);
}

TEST_CASE("catalog suggests the same code spelt differently before small typos") {
  auto cat = *parse_catalog(kItems, CatalogShape{}, nullptr);
  CHECK(suggest_codes(cat, "qwen_flash", CatalogShape{}, false, 3).front() == "qwen-flash");
  CHECK(suggest_codes(cat, "QWEN-FLASH", CatalogShape{}, false, 3).front() == "qwen-flash");
  CHECK(suggest_codes(cat, "deepseek-v4-flsh", CatalogShape{}, false, 3).front() == "deepseek-v4-flash");
  CHECK(suggest_codes(cat, "llama-3", CatalogShape{}, false, 3).empty());
}

TEST_CASE("catalog lists active alternatives without the disabled model") {
  auto cat = *parse_catalog(kItems, CatalogShape{}, nullptr);
  auto codes = active_codes(cat, CatalogShape{}, "qwen-flash", 3);
  CHECK(codes == std::vector<std::string>{"deepseek-v4-flash"});
}
