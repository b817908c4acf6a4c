// The capability checks (--capabilities) against the fake gateway answering each capability
// in every way it can, on each API: the verdict, its status and category, the evidence; what
// is sent, what is not, and each capability in every report format.
#include <catch2/catch.hpp>

#include <set>

#include "support/doctor.hpp"

using namespace support;

namespace {

struct Expect {
  const char* status;
  const char* category;  // "" for none
  const char* verdict;
};

// What each way the fake answers must come to, whatever the capability and API.
Expect expected(const std::string& cap, const std::string& way, const std::string& api) {
  if (way == "works") return {"pass", "", "works"};
  // The gateway refused the tools themselves (Ollama's "does not support tools"; vLLM's
  // "auto tool choice requires ..."): a probe of the choice or of parallel calls cannot tell.
  const bool tools_refused = (cap == "tool_choice" && way == "refused-ollama") ||
                             (cap == "parallel_tools" && (way == "refused-ollama" || way == "refused-vllm"));
  if (tools_refused) return {"warn", "PARAMETER_UNSUPPORTED", "inconclusive"};
  // A rate limit or an overloaded upstream that names the parameter: not a refusal of it.
  if (way == "rate-limited") return {"warn", "BALANCE_REJECTED", "inconclusive"};
  if (way == "overloaded") return {"warn", "UPSTREAM_FAILURE", "inconclusive"};
  if (way.starts_with("refused-") || way == "number-in-refusal") return {"fail", "PARAMETER_UNSUPPORTED", "refused"};
  if (way == "ignored" || way == "garbled" || way == "wrong-tool" || way == "wrong-number")
    return {"fail", "CAPABILITY_IGNORED", "ignored"};
  if (way == "same-effort") return api == "messages" ? Expect{"pass", "", "works"} : Expect{"fail", "CAPABILITY_IGNORED", "ignored"};
  if (way == "emulated" || way == "name-in-text" || way == "key-in-prose") return {"fail", "CAPABILITY_IGNORED", "emulated"};
  if (way == "partial") return {"warn", "CAPABILITY_IGNORED", "partial"};
  return {"warn", "", "inconclusive"};  // declines, empty, misread
}

// Every cap-<capability>-<way> scenario, on every API the capability has.
void every_way_of(const std::string& cap) {
  std::size_t seen = 0;
  for (const auto& scenario : fake::scenario_names()) {
    const std::string prefix = "cap-" + cap + "-";
    if (!scenario.starts_with(prefix)) continue;
    const std::string way = scenario.substr(prefix.size());
    fake::Server server(fake::scenario(scenario));
    Run run = check_json(server.base_url(), {"--api", "all", "--only", cap});
    const auto report = run.json();
    bool failed = false;
    for (const char* api : {"chat", "messages", "responses"}) {
      const auto c = check_for(report, cap, api);
      INFO(scenario << " on " << api << ": " << c.dump(2));
      if (cap == "json_schema" && std::string(api) == "messages") {
        CHECK(c.is_null());  // Messages has no structured outputs: no line for it
        continue;
      }
      REQUIRE(c.is_object());
      const Expect e = expected(cap, way, api);
      CHECK(c["status"] == e.status);
      if (*e.category) CHECK(c["category"] == e.category);
      else CHECK(c["category"].is_null());
      CHECK(c["evidence"]["verdict"] == e.verdict);
      CHECK(c["evidence"]["capability"] == cap);
      CHECK(c["evidence"].contains("sent"));
      CHECK(!c["evidence"]["decided"].get<std::string>().empty());
      if (std::string(e.verdict) == "refused") CHECK(c["summary"].get<std::string>().find(c["evidence"]["refused"].get<std::string>()) != std::string::npos);
      if (std::string(e.verdict) == "inconclusive") CHECK(c["summary"].get<std::string>().starts_with("inconclusive"));
      failed |= std::string(e.status) == "fail";
    }
    CHECK(run.exit_code == (failed ? 1 : 0));
    ++seen;
  }
  CHECK(seen >= 10);  // works, six refusals, ignored, declines, empty at least
}

}  // namespace

TEST_CASE("capabilities: tools, every way the fake answers, on every API") { every_way_of("tools"); }
TEST_CASE("capabilities: tool_choice, every way the fake answers, on every API") { every_way_of("tool_choice"); }
TEST_CASE("capabilities: parallel_tools, every way the fake answers, on every API") { every_way_of("parallel_tools"); }
TEST_CASE("capabilities: json_schema, every way the fake answers, on chat and responses") { every_way_of("json_schema"); }
TEST_CASE("capabilities: vision, every way the fake answers, on every API") { every_way_of("vision"); }
TEST_CASE("capabilities: reasoning, every way the fake answers, on every API") { every_way_of("reasoning"); }

TEST_CASE("capabilities: all of them on a capable gateway pass, each once per API and model") {
  fake::Server server(fake::scenario("cap-all-works"));
  Run run = check_json(server.base_url(), {"--api", "all", "--capabilities", "all", "--model", "qwen-flash,qwen-plus"});
  const auto report = run.json();
  INFO(report.dump(2));
  CHECK(run.exit_code == 0);
  CHECK(report["diagnosis"]["status"] == "pass");
  std::set<std::string> seen;
  for (const auto& c : report["checks"])
    if (c["evidence"].contains("verdict")) {
      CHECK(c["status"] == "pass");
      seen.insert(c["id"].get<std::string>() + "/" + c["api"].get<std::string>() + "/" + c["model"].get<std::string>());
    }
  CHECK(seen.size() == 2 * (6 + 5 + 6));  // json_schema: chat and responses only
}

TEST_CASE("capabilities: none is sent unless asked for, and --no-probe sends none of them") {
  fake::Server server(fake::scenario("cap-all-works"));
  Run plain = check_json(server.base_url(), {"--api", "all"});
  CHECK(plain.exit_code == 0);
  const auto plain_report = plain.json();  // kept: a range-for over a temporary's member would dangle
  for (const auto& c : plain_report["checks"]) CHECK_FALSE(c["evidence"].contains("verdict"));
  for (const auto& r : server.received()) {
    INFO(r.path << " " << r.body.substr(0, 300));
    CHECK(r.body.find("\"tools\"") == std::string::npos);
    CHECK(r.body.find("image") == std::string::npos);
    CHECK(r.body.find("reasoning") == std::string::npos);
  }
  fake::Server quiet(fake::scenario("cap-all-works"));
  Run none = check_json(quiet.base_url(), {"--api", "all", "--capabilities", "all", "--no-probe"});
  CHECK(none.exit_code == 0);
  CHECK(quiet.billable() == 0);
  const auto tools = check_for(none.json(), "tools", "chat");
  CHECK(tools["status"] == "skip");
  CHECK(tools["summary"].get<std::string>().find("--no-probe") != std::string::npos);
}

TEST_CASE("capabilities: none goes out when the probe fails, and they go out together once it passed") {
  fake::Server failing(fake::scenario("completion-upstream-json"));
  Run run = check_json(failing.base_url(), {"--capabilities", "all"});
  CHECK(run.exit_code == 1);
  const auto tools = check_of(run.json(), "tools");
  CHECK(tools["status"] == "skip");
  CHECK_FALSE(tools["evidence"].contains("request_went_out_ahead"));
  for (const auto& r : failing.received()) {
    INFO(r.path << " " << r.body.substr(0, 200));
    CHECK(r.body.find("\"tools\"") == std::string::npos);
    CHECK(r.body.find("image_url") == std::string::npos);
  }
}

TEST_CASE("capabilities: --only ID runs one as if asked for, --skip leaves one out, and a wrong id is a usage error") {
  fake::Server server(fake::scenario("cap-all-works"));
  Run only = check_json(server.base_url(), {"--only", "vision"});
  CHECK(only.exit_code == 0);
  CHECK(check_of(only.json(), "vision")["evidence"]["verdict"] == "works");
  CHECK(check_of(only.json(), "tools").is_null());  // opt-in: not even a skip line
  Run skipped = check_json(server.base_url(), {"--capabilities", "all", "--skip", "vision"});
  CHECK(check_of(skipped.json(), "vision")["status"] == "skip");
  CHECK(check_of(skipped.json(), "tools")["status"] == "pass");
  Run wrong = check_json(server.base_url(), {"--capabilities", "tool"});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("did you mean \"tools\"") != std::string::npos);
}

TEST_CASE("capabilities: each run's probes are its own: a fresh tool name, schema key and number") {
  fake::Server server(fake::scenario("cap-all-works"));
  for (int i = 0; i < 2; ++i) CHECK(check_json(server.base_url(), {"--capabilities", "tools,json_schema"}).exit_code == 0);
  std::set<std::string> tools, keys;
  for (const auto& r : server.received()) {
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) continue;
    if (body.contains("tools")) tools.insert(body["tools"][0]["function"]["name"].get<std::string>());
    if (body.contains("response_format"))
      keys.insert(body["response_format"]["json_schema"]["schema"]["required"][0].get<std::string>());
  }
  CHECK(tools.size() == 2);
  CHECK(keys.size() == 2);
  for (const auto& r : server.received())  // the prompt never names the schema's key
    for (const auto& k : keys)
      if (r.body.find("response_format") != std::string::npos) {
        const auto body = nlohmann::json::parse(r.body);
        CHECK(body["messages"].dump().find(k) == std::string::npos);
      }
}

TEST_CASE("capabilities: every capability's request is bounded in output tokens") {
  fake::Server server(fake::scenario("cap-all-works"));
  CHECK(check_json(server.base_url(), {"--api", "all", "--capabilities", "all"}).exit_code == 0);
  std::size_t capability_requests = 0;
  for (const auto& r : server.received()) {
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !(body.contains("tools") || body.contains("response_format") ||
                                                      body.contains("text") || body.contains("reasoning_effort") ||
                                                      body.contains("reasoning") || body.contains("thinking") ||
                                                      r.body.find("image") != std::string::npos))
      continue;
    ++capability_requests;
    INFO(r.path << " " << r.body.substr(0, 200));
    const int limit = body.value("max_tokens", body.value("max_output_tokens", body.value("max_completion_tokens", 0)));
    CHECK(limit > 0);
    CHECK(limit <= (body.contains("thinking") ? 1024 + 384 : 384));
    CHECK(r.body.size() < 8192);
  }
  CHECK(capability_requests == 7 + 5 + 7);  // reasoning is two requests on chat and responses, json_schema none on messages
}

TEST_CASE("capabilities: a capability is a JUnit testcase per capability and model, and a line in text") {
  fake::Server server(fake::scenario("cap-tools-ignored"));
  Run junit = run_doctor({"check", "--format", "junit", "--base-url", server.base_url(), "--capabilities", "tools,vision",
                          "--model", "qwen-flash,qwen-plus"},
                         key_env());
  CHECK(junit.exit_code == 1);
  CHECK(junit.out.find("name=\"tools [qwen-flash]\"") != std::string::npos);
  CHECK(junit.out.find("name=\"tools [qwen-plus]\"") != std::string::npos);
  CHECK(junit.out.find("name=\"vision [qwen-plus]\"") != std::string::npos);
  CHECK(junit.out.find("CAPABILITY_IGNORED") != std::string::npos);
  Run text = run_doctor({"check", "--base-url", server.base_url(), "--capabilities", "tools"}, key_env());
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("tools are ignored") != std::string::npos);
  CHECK(text.out.find("CAPABILITY_IGNORED (check tools") != std::string::npos);
  CHECK(text.out.find("function calling") != std::string::npos);  // the fix
}

TEST_CASE("capabilities: a reasoning model's max_completion_tokens is learned from the probe, not judged a refusal") {
  fake::Server server(fake::scenario("reasoning-strict"));
  Run run = check_json(server.base_url(), {"--capabilities", "tools"});
  const auto c = check_of(run.json(), "tools");
  INFO(c.dump(2));
  REQUIRE(c.is_object());
  CHECK(c["evidence"]["verdict"] == "works");
  bool with_completion_tokens = false;
  for (const auto& r : server.received())
    with_completion_tokens |= r.body.find("\"tools\"") != std::string::npos && r.body.find("max_completion_tokens") != std::string::npos;
  CHECK(with_completion_tokens);
}
