#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

TEST_CASE("a replayed body that does not lint is INVALID_REQUEST_BODY, and is not sent") {
  struct Case {
    std::string body, problem;
  };
  auto c = GENERATE(values<Case>({
      {"{\"model\": \"qwen-flash\", \"messages\": \"hi\"}", "\"messages\" is not a JSON array"},
      {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"model\" is missing"},
      {"model=qwen-flash", "the body is not valid JSON"},
  }));
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string file = dir.write("body.json", c.body);
  Run run = check_json(server.base_url(), {"--request-body", file});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "probe");
  CHECK(report["diagnosis"]["category"] == "INVALID_REQUEST_BODY");
  CHECK(report["diagnosis"]["summary"] == "the request body in " + file + ": " + c.problem + " (not sent)");
  CHECK(server.billable() == 0);
}

TEST_CASE("a replayed body that lints is sent as it is") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string body =
      R"({"model": "deepseek-v4-flash", "messages": [{"role": "user", "content": "why did this fail?"}], "temperature": 0.2})";
  Run run = check_json(server.base_url(), {"--request-body", dir.write("body.json", body), "--no-stream"});
  CHECK(run.exit_code == 0);
  CHECK(check_of(run.json(), "probe")["summary"].get<std::string>().rfind("your request body succeeded", 0) == 0);
  bool sent_as_is = false;
  for (const auto& r : server.received()) sent_as_is |= r.body == body;
  CHECK(sent_as_is);
}

TEST_CASE("a replayed streaming body is judged as a stream") {
  fake::Server server(fake::scenario("stream-clean-close"));
  TempDir dir;
  const std::string body =
      R"({"model": "qwen-flash", "stream": true, "messages": [{"role": "user", "content": "hi"}]})";
  Run run = check_json(server.base_url(), {"--request-body", dir.write("body.json", body)});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "probe");
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(check_of(report, "stream")["status"] == "skip");
  CHECK(server.billable() == 1);  // the replayed stream only: no second stream was sent
}

TEST_CASE("an unreadable request body or profile file is exit 2 naming the file and field") {
  Run body = run_doctor({"check", "--request-body", "/nonexistent/body.json"}, key_env());
  CHECK(body.exit_code == 2);
  CHECK(body.err.find("--request-body \"/nonexistent/body.json\": cannot read it") != std::string::npos);
  TempDir dir;
  const std::string profile = dir.write("p.json", R"({"name": "x", "balance": {"path": "/b"}})");
  Run bad = run_doctor({"check", "--profile-file", profile}, key_env());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "anlink-doctor: error: --profile-file \"" + profile +
                       "\": field \"balance.amount\": is required\n");
}

TEST_CASE("a replayed body refused for its context length is told how to fit it, with the doctor's own probe healthy") {
  fake::Server server(fake::scenario("completion-context-length"));
  TempDir dir;
  const std::string body =
      R"({"model": "qwen-flash", "max_tokens": 8000, "messages": [{"role": "user", "content": "summarise this"}]})";
  Run run = check_json(server.base_url(), {"--request-body", dir.write("body.json", body), "--no-stream"});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "probe");
  CHECK(report["diagnosis"]["category"] == "INVALID_REQUEST_BODY");
  const auto& fixes = report["diagnosis"]["fixes"];
  CHECK(any_contains(fixes, "Shorten the messages"));
  CHECK(any_contains(fixes, "lower max_tokens"));
  CHECK(any_contains(fixes, "longer context"));
  // The doctor's own minimal request fits: the gateway is healthy.
  CHECK(check_json(server.base_url()).exit_code == 0);
}
