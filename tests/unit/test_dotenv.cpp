// The app's .env as dotenv libraries read it: parsed, never executed; a bad line is named.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "cli/dotenv.hpp"

using anlink::parse_dotenv;

TEST_CASE("dotenv: values as the libraries read them") {
  auto env = parse_dotenv(
      "# comment\n"
      "\n"
      "export OPENAI_BASE_URL=https://gw.example/v1   \n"
      "OPENAI_API_KEY = \"sk-abc\\\"def\"  # trailing comment\r\n"
      "SINGLE='a $HOME `x` \\n'\n"
      "PLAIN=one two # comment\n"
      "HASH=a#b\n"
      "EMPTY=\n"
      "MULTI=\"line1\n"
      "line2\"\n"
      "DUP=first\n"
      "DUP=second\n");
  CHECK(env.crlf);
  CHECK(env.vars.at("OPENAI_BASE_URL").value == "https://gw.example/v1");
  CHECK(env.vars.at("OPENAI_BASE_URL").trailing_space);
  CHECK(env.vars.at("OPENAI_BASE_URL").line == 3);
  CHECK(env.vars.at("OPENAI_API_KEY").value == "sk-abc\"def");
  CHECK(env.vars.at("OPENAI_API_KEY").quote == '"');
  CHECK(env.vars.at("SINGLE").value == "a $HOME `x` \\n");  // nothing expanded or run
  CHECK(env.vars.at("PLAIN").value == "one two");
  CHECK(env.vars.at("HASH").value == "a#b");
  CHECK(env.vars.at("EMPTY").value.empty());
  CHECK(env.vars.at("MULTI").value == "line1\nline2");
  CHECK(env.vars.at("DUP").value == "second");
}

TEST_CASE("dotenv: a malformed line is named by its number, never by its content") {
  struct Case {
    std::string text, reason;
  };
  auto c = GENERATE(values<Case>({
      {"A=1\nOPENAI_API_KEY sk-secret-value\n", "line 2: no '=' after OPENAI_API_KEY"},
      {"A=1\n\nKEY=\"sk-secret-value\n", "line 3: the \" quote of KEY is never closed"},
      {"KEY='sk-secret' value\n", "line 1: text after the closing quote"},
      {"1KEY=x\n", "line 1: expected NAME=value"},
      {"$(reboot)\n", "line 1: expected NAME=value"},
  }));
  try {
    parse_dotenv(c.text);
    FAIL("parsed: " << c.text);
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == c.reason);
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
}
