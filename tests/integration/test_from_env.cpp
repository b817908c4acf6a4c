// --from-env openai and --env-file: the inputs the user's app reads (the OpenAI SDKs'
// variables, a .env), checked as the app would send them.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"

using namespace support;

namespace {

std::map<std::string, std::string> openai_env(const fake::Server& server) {
  return {{"OPENAI_BASE_URL", server.base_url()}, {"OPENAI_API_KEY", fake::kGoodKey}};
}

}  // namespace

TEST_CASE("from-env openai: the SDK's variables, the profile following the host") {
  fake::Server server(fake::scenario("healthy"));
  Run run = run_doctor({"check", "--format", "json", "--from-env", "openai"}, openai_env(server));
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["target"]["profile"] == "generic");
  CHECK(check_of(report, "config")["evidence"]["api_key_source"] == "OPENAI_API_KEY");
  CHECK(check_of(report, "probe")["status"] == "pass");
  // ANLINKAI_* are not read in this mode, and flags still win.
  auto env = openai_env(server);
  env["ANLINKAI_API_KEY"] = "ak_other_key_0000000000000000";
  env["OPENAI_MODEL"] = "qwen-plus";
  Run flags = run_doctor({"check", "--format", "json", "--from-env", "openai", "--model", "glm-4.5"}, env);
  CHECK(flags.json()["target"]["model"] == "glm-4.5");
  CHECK(flags.exit_code == 0);  // the key came from OPENAI_API_KEY, not the wrong ANLINKAI_API_KEY
  // Without OPENAI_BASE_URL the app calls OpenAI: the config says so (nothing is sent here).
  Run cfg = run_doctor({"config", "--from-env", "openai"}, {{"OPENAI_API_KEY", "sk-proj-abcdefghijklmnop1234"}});
  CHECK(cfg.exit_code == 0);
  CHECK(cfg.out.find("https://api.openai.com/v1") != std::string::npos);
  CHECK(cfg.out.find("profile      openai") != std::string::npos);
  CHECK(cfg.out.find("gpt-4o-mini") != std::string::npos);
  CHECK(cfg.out.find("the OpenAI SDK's default") != std::string::npos);
  Run bad = run_doctor({"check", "--from-env", "gemini"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("from-env openai: the legacy OPENAI_API_BASE is named, with the URL the app calls instead") {
  fake::Server server(fake::scenario("healthy"));
  Run run = run_doctor({"check", "--format", "json", "--from-env", "openai"},
                       {{"OPENAI_API_BASE", server.base_url()}, {"OPENAI_API_KEY", fake::kGoodKey}});
  CHECK(run.exit_code == 0);  // a warning: the gateway itself is healthy
  auto config = check_of(run.json(), "config");
  INFO(config.dump(2));
  CHECK(config["status"] == "warn");
  CHECK(config["summary"].get<std::string>().find("OPENAI_API_BASE") != std::string::npos);
  CHECK(config["summary"].get<std::string>().find("https://api.openai.com/v1") != std::string::npos);
  CHECK(any_contains(config["fixes"], "Rename it to OPENAI_BASE_URL"));
  CHECK(check_of(run.json(), "probe")["status"] == "pass");
}

TEST_CASE("OPENAI_ORG_ID and OPENAI_PROJECT_ID are sent as the SDKs send them, and a mismatch is named") {
  fake::Server server(fake::scenario("openai-org"));
  auto env = openai_env(server);
  env["OPENAI_ORG_ID"] = "org-someoneElse42";
  Run wrong = run_doctor({"check", "--format", "json", "--from-env", "openai"}, env);
  CHECK(wrong.exit_code == 1);
  auto key = check_of(wrong.json(), "api_key");
  INFO(key.dump(2));
  CHECK(key["category"] == "UNAUTHORIZED");
  CHECK(key["fixes"][0].get<std::string>().find("OPENAI_ORG_ID") != std::string::npos);
  CHECK_FALSE(any_contains(key["fixes"], "Copy the key"));  // the key itself is fine
  CHECK(wrong.out.find("org-someoneElse42") == std::string::npos);  // a header value: masked
  env["OPENAI_ORG_ID"] = fake::kGoodOrg;
  env["OPENAI_PROJECT_ID"] = "proj_other";
  Run project = run_doctor({"check", "--format", "json", "--from-env", "openai"}, env);
  CHECK(check_of(project.json(), "api_key")["evidence"]["error_code"] == "mismatched_project");
  env["OPENAI_PROJECT_ID"] = fake::kGoodProject;
  CHECK(run_doctor({"check", "--from-env", "openai"}, env).exit_code == 0);
  Run cfg = run_doctor({"config", "--from-env", "openai"}, env);
  CHECK(cfg.out.find("OpenAI-Organization: ***") != std::string::npos);
  CHECK(cfg.out.find("(OPENAI_ORG_ID)") != std::string::npos);
  CHECK(cfg.out.find(fake::kGoodOrg) == std::string::npos);
}

TEST_CASE("env-file: the app's .env, parsed as dotenv does, its key hygiene checked") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string path = private_file(dir, ".env",
      "# the app's settings\nexport OPENAI_BASE_URL=" + server.base_url() + "\r\nOPENAI_API_KEY=\"" +
      fake::kGoodKey + "\"  # prod\r\n");
  Run run = run_doctor({"check", "--format", "json", "--env-file", path});
  CHECK(run.exit_code == 0);
  auto config = check_of(run.json(), "config");
  INFO(config.dump(2));
  CHECK(config["evidence"]["api_key_source"] == path + ":3 OPENAI_API_KEY");
  CHECK(any_contains(config["evidence"]["problems"], "docker run --env-file"));
  CHECK(any_contains(config["evidence"]["problems"], "Windows line endings"));
  // Suggested commands read the same file again.
  Run text = run_doctor({"check", "--env-file", path, "--model", "nope"});
  CHECK(text.out.find("--env-file " + path) != std::string::npos);

  // A space inside the quotes reaches the app: the key is never sent.
  const std::string spaced = private_file(dir, "spaced.env",
      "OPENAI_BASE_URL=" + server.base_url() + "\nOPENAI_API_KEY=\"" + fake::kGoodKey + " \"\n");
  const auto before = server.received().size();
  Run bad = run_doctor({"check", "--format", "json", "--env-file", spaced});
  CHECK(bad.exit_code == 1);
  CHECK(check_of(bad.json(), "config")["summary"].get<std::string>().find("whitespace") != std::string::npos);
  for (std::size_t i = before; i < server.received().size(); ++i)
    CHECK(server.received()[i].authorization.find(fake::kGoodKey) == std::string::npos);

  // The environment wins over the file, as dotenv loaders keep what is set; the clash is named.
  Run both = run_doctor({"check", "--format", "json", "--env-file", path},
                        {{"OPENAI_API_KEY", "ak_live_0000000000000000000000"}});
  CHECK(any_contains(check_of(both.json(), "config")["evidence"]["problems"],
                     "set both in the environment and in"));
  CHECK(check_of(both.json(), "api_key")["status"] == "fail");

  // ANLINKAI_* in a .env are read too.
  const std::string ours = private_file(dir, "ours.env",
      "ANLINKAI_BASE_URL=" + server.base_url() + "\nANLINKAI_API_KEY=" + fake::kGoodKey + "\n");
  CHECK(run_doctor({"check", "--env-file", ours}).exit_code == 0);
}

TEST_CASE("env-file: typographic quotes or other non-ASCII around a key are named, and the key is never sent") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  struct Case {
    std::string open, close, words;
  };
  for (const Case& c : {Case{"\u201C", "\u201D", "typographic quote \u201C"}, Case{"\u2018", "\u2019", "U+2018"}, Case{"\xE2@\\", "", "the byte 0xE2 (not UTF-8 text)"},
                        Case{"\u00AB", "\u00BB", "typographic quote"}, Case{"", "\u00A0", "no-break space"},
                        Case{"\u200B", "", "zero-width"}}) {
    const std::string path = private_file(dir, "q.env", "OPENAI_BASE_URL=" + server.base_url() +
                                                            "\nOPENAI_API_KEY=" + c.open + fake::kGoodKey + c.close + "\n");
    const auto before = server.received().size();
    Run run = run_doctor({"check", "--format", "json", "--env-file", path});
    INFO(c.words << "\n" << run.out << run.err);
    CHECK(run.exit_code == 1);
    auto report = run.json();
    CHECK(report["diagnosis"]["check"] == "config");
    CHECK(report["diagnosis"]["summary"].get<std::string>().find(c.words) != std::string::npos);
    for (std::size_t i = before; i < server.received().size(); ++i)
      CHECK(server.received()[i].authorization.find(fake::kGoodKey) == std::string::npos);
  }
}

TEST_CASE("env-file: a malformed line, a directory or a FIFO is exit 2 with a one-line reason") {
  TempDir dir;
  const std::string broken = private_file(dir, "broken.env",
      "OPENAI_BASE_URL=https://gw.example/v1\nOPENAI_API_KEY sk-live-secret-abcdef\n");
  Run run = run_doctor({"check", "--env-file", broken});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("line 2") != std::string::npos);
  CHECK(run.err.find("sk-live-secret") == std::string::npos);
  CHECK(run_doctor({"check", "--env-file", dir.path()}).exit_code == 2);
  CHECK(run_doctor({"check", "--env-file", dir.path() + "/missing.env"}).exit_code == 2);
}
