// Several models in one run: the model-dependent checks run once per model, each result
// names its model, and the run fails when any model fails.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("several models: model, probe and stream run once per model, in groups") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--model", "qwen-flash,qwen-plus", "--model", "glm-4.5"});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["target"]["model"] == "qwen-flash");
  CHECK(report["target"]["models"] == nlohmann::json({"qwen-flash", "qwen-plus", "glm-4.5"}));
  std::vector<std::string> order;
  for (const auto& c : report["checks"])
    order.push_back(c["id"].get<std::string>() + (c.contains("model") ? "@" + c["model"].get<std::string>() : ""));
  CHECK(order == std::vector<std::string>{"config", "base_url", "api_key", "balance",
                                          "model@qwen-flash", "probe@qwen-flash", "stream@qwen-flash",
                                          "model@qwen-plus", "probe@qwen-plus", "stream@qwen-plus",
                                          "model@glm-4.5", "probe@glm-4.5", "stream@glm-4.5", "count_tokens", "usage_log"});
  for (const auto& c : report["checks"])
    if (c.contains("model")) CHECK(c["status"] == "pass");
  // Each model's completion carried that model.
  int asked = 0;
  for (const auto& r : server.received())
    if (r.body.find("\"messages\":[{") != std::string::npos && r.body.find("\"glm-4.5\"") != std::string::npos) ++asked;
  CHECK(asked >= 2);  // its probe and its stream
  // One model alone: no "model" fields, the report as before.
  auto single = check_json(server.base_url(), {"--model", "qwen-plus"}).json();
  CHECK_FALSE(single["target"].contains("models"));
  for (const auto& c : single["checks"]) CHECK_FALSE(c.contains("model"));
}

TEST_CASE("several models: one failing model fails the run, and the diagnosis names it") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {"--model", "qwen-flash,qwen-max"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "model");
  CHECK(report["diagnosis"]["model"] == "qwen-max");
  CHECK(report["diagnosis"]["category"] == "MODEL_DISABLED");
  for (const auto& c : report["checks"])
    if (c.value("model", "") == "qwen-flash") CHECK(c["status"] == "pass");  // the other still checked

  Run text = run_doctor({"check", "--no-color", "--base-url", server.base_url(), "--model", "qwen-flash,qwen-max"}, key_env());
  CHECK(text.out.find("\n  model qwen-max\n✗ model") != std::string::npos);
  CHECK(text.out.find("(check model, model qwen-max)") != std::string::npos);
  CHECK(text.out.find("models qwen-flash, qwen-max") != std::string::npos);

  Run junit = run_doctor({"check", "--format", "junit", "--base-url", server.base_url(), "--model", "qwen-flash,qwen-max"}, key_env());
  CHECK(junit.out.find("name=\"probe [qwen-flash]\"") != std::string::npos);
  CHECK(junit.out.find("name=\"model [qwen-max]\"") != std::string::npos);
  CHECK(junit.out.find("tests=\"12\"") != std::string::npos);
}

TEST_CASE("several models: a list without a code, or too long, is a usage error") {
  CHECK(run_doctor({"check", "--base-url", "http://127.0.0.1:9/v1", "--model", ",,"}, key_env()).exit_code == 2);
  std::string many;
  for (int i = 0; i < 40; ++i) many += "m" + std::to_string(i) + ",";
  Run run = run_doctor({"check", "--base-url", "http://127.0.0.1:9/v1", "--model", many}, key_env());
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("more than 32 models") != std::string::npos);
  Run body = run_doctor({"check", "--base-url", "http://127.0.0.1:9/v1", "--model", "a,b", "--request-body", "/dev/null"}, key_env());
  CHECK(body.exit_code == 2);
  CHECK(body.err.find("give one --model") != std::string::npos);
  Run env = run_doctor({"config", "--base-url", "http://127.0.0.1:9/v1"},
                       {{"ANLINKAI_MODEL", "qwen-flash, qwen-plus"}, {"ANLINKAI_API_KEY", fake::kGoodKey}});
  CHECK(env.out.find("models       qwen-flash,qwen-plus") != std::string::npos);
}
