#include <catch2/catch.hpp>

#include "checks/call.hpp"

using namespace anlink;

TEST_CASE("request body lint names the exact problem") {
  struct Case {
    std::string body, problem;
  };
  auto c = GENERATE(values<Case>({
      {"{not json", "the body is not valid JSON"},
      {"[1]", "the body is not a JSON object"},
      {R"({"messages":[{"role":"user","content":"hi"}]})", "\"model\" is missing"},
      {R"({"model":"","messages":[]})", "\"model\" is not a non-empty string"},
      {R"({"model":"m"})", "\"messages\" is missing"},
      {R"({"model":"m","messages":"hi"})", "\"messages\" is not a JSON array"},
      {R"({"model":"m","messages":[]})", "\"messages\" is an empty array"},
      {R"({"model":"m","messages":["hi"]})", "messages[0] is not an object"},
      {R"({"model":"m","messages":[{"content":"hi"}]})", "messages[0] has no \"role\" string"},
      {R"({"model":"m","messages":[{"role":"user"}]})", "messages[0] has no \"content\""},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"})",
       "\"stream\" is not true or false"},
  }));
  INFO(c.body);
  auto problem = lint_chat_body(c.body);
  REQUIRE(problem);
  CHECK(*problem == c.problem);
}

TEST_CASE("request body lint accepts a well-formed body, streaming or not") {
  CHECK_FALSE(lint_chat_body(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"));
  CHECK_FALSE(lint_chat_body(
      R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true})"));
}

TEST_CASE("the minimal probe body asks for one token and, for streams, usage") {
  auto plain = nlohmann::json::parse(minimal_body(chat_api(), "qwen-flash", 1, false, false));
  CHECK(plain["max_tokens"] == 1);
  CHECK(plain["messages"].size() == 1);
  CHECK_FALSE(plain.contains("stream"));
  auto stream = nlohmann::json::parse(minimal_body(chat_api(), "qwen-flash", 16, true, true));
  CHECK(stream["stream"] == true);
  CHECK(stream["stream_options"]["include_usage"] == true);
  CHECK_FALSE(lint_chat_body(stream.dump()));
}
