#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("model passes when the code is listed and active, reading items[].code") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url());
  auto check = check_of(run.json(), "model");
  CHECK(check["status"] == "pass");
  CHECK(check["evidence"]["catalog_shape"] == "/items[]/code");
  CHECK(check["evidence"]["model_status"] == "active");
  CHECK(check["evidence"]["input_price_per_1k"] == "0.00007");
}

TEST_CASE("model reads OpenAI's data[].id catalog shape") {
  fake::Server server(fake::scenario("catalog-openai"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "model");
  CHECK(check["status"] == "pass");
  CHECK(check["evidence"]["catalog_shape"] == "/data[]/id");
  CHECK(check["evidence"]["model_status"] == "not reported");
}

TEST_CASE("model suggests the closest code on a typo") {
  fake::Server server(fake::scenario("healthy"));
  auto typo = GENERATE(as<std::string>{}, "qwen_flash", "Qwen-Flash", "qwen-flsh");
  Run run = check_json(server.base_url(), {"--model", typo});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "model");
  CHECK(report["diagnosis"]["category"] == "NOT_FOUND");
  CHECK(report["diagnosis"]["summary"] ==
        "\"" + typo + "\" is not in the catalog (5 models); did you mean \"qwen-flash\"?");
  CHECK(any_contains(report["diagnosis"]["commands"], " --model qwen-flash"));
  CHECK_FALSE(any_contains(report["diagnosis"]["fixes"], "base URL"));  // a model problem only
}

TEST_CASE("model names active alternatives when the code is nowhere close") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--model", "llama-3-70b"});
  auto check = check_of(run.json(), "model");
  CHECK(check["category"] == "NOT_FOUND");
  CHECK(check["evidence"]["suggestions"] ==
        nlohmann::json::array({"qwen-flash", "qwen-plus", "deepseek-v4-flash"}));
}

TEST_CASE("model reports a disabled model with active alternatives") {
  fake::Server server(fake::scenario("model-disabled"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["category"] == "MODEL_DISABLED");
  CHECK(report["diagnosis"]["summary"] == "\"qwen-flash\" is in the catalog, but its status is \"disabled\"");
  auto suggestions = check_of(report, "model")["evidence"]["suggestions"];
  CHECK(suggestions.size() == 3);
  for (const auto& s : suggestions) CHECK(s != "qwen-max");  // disabled too
  CHECK(suggestions[0] == "qwen-plus");
}

TEST_CASE("model warns, and does not fail, when the catalog cannot be read") {
  auto name = GENERATE(as<std::string>{}, "catalog-missing", "catalog-html", "catalog-garbage");
  fake::Server server(fake::scenario(name));
  Run run = check_json(server.base_url());
  INFO(name << ": " << run.out);
  CHECK(run.exit_code == 0);
  auto report = run.json();
  auto check = check_of(report, "model");
  CHECK(check["status"] == "warn");
  CHECK(check["summary"].get<std::string>().rfind("could not check the model: ", 0) == 0);
  CHECK(report["diagnosis"]["status"] == "warn");
  CHECK(report["diagnosis"]["check"] == "model");
  Run strict = check_json(server.base_url(), {"--strict"});
  CHECK(strict.exit_code == 1);
}

TEST_CASE("model reports a catalog larger than the body cap, without failing") {
  fake::Server server(fake::scenario("catalog-huge"));
  Run run = check_json(server.base_url());
  CHECK(run.exit_code == 0);
  auto check = check_of(run.json(), "model");
  CHECK(check["status"] == "warn");
  CHECK(check["summary"] == "could not check the model: the catalog is larger than 8388608 bytes");
  CHECK(check["evidence"]["body_truncated_at_bytes"] == 8388608);
}
