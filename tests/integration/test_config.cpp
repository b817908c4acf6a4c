#include <catch2/catch.hpp>

#include "support/doctor.hpp"
#include "support/temp_dir.hpp"

using namespace support;

namespace {

bool any_request_carried_a_key(const fake::Server& server) {
  for (const auto& r : server.received())
    if (!r.authorization.empty()) return true;
  return false;
}

}  // namespace

TEST_CASE("config fails when no key is given, and nothing is sent with a key") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, {});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "config");
  CHECK(report["diagnosis"]["category"] == "CONFIG");
  CHECK(report["diagnosis"]["summary"] == "no API key was given");
  CHECK(check_of(report, "base_url")["status"] == "pass");  // the URL is still checked
  CHECK(check_of(report, "api_key")["status"] == "skip");
  CHECK(report["target"]["api_key"].is_null());
  CHECK_FALSE(any_request_carried_a_key(server));
}

TEST_CASE("config names each malformed key and never sends it") {
  const std::string good = fake::kGoodKey;
  struct Case {
    std::string key, expected;
  };
  auto c = GENERATE_COPY(values<Case>({
      {"\"" + good + "\"", "wrapped in quotes"},
      {"Bearer " + good, "starts with \"Bearer \""},
      {good.substr(0, 10) + " " + good.substr(10), "whitespace inside"},
      {" " + good, "whitespace before or after"},
      {"https://api.anlinkai.com/api/v1", "is a URL"},
      {"", "is empty"},
      {"ak_" + std::string(5000, 'x'), "5003 characters long"},
  }));
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, key_env(c.key));
  INFO("key: [" << c.key << "]");
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["category"] == "CONFIG");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find(c.expected) != std::string::npos);
  CHECK(check_of(report, "api_key")["summary"] == "prerequisite config failed");
  CHECK_FALSE(any_request_carried_a_key(server));
  if (c.key.size() > 12) require_key_absent(run, c.key);
}

TEST_CASE("config warns about another provider's key shape, and the key check still runs") {
  const std::string key = "sk-or-v1-0123456789abcdef0123456789abcdef";
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, key_env(key));
  CHECK(run.exit_code == 1);
  auto report = run.json();
  auto config = check_of(report, "config");
  CHECK(config["status"] == "warn");
  CHECK(config["summary"] == "the API key is shaped like an openrouter key (sk-or-v1-…), but the anlinkai profile is selected");
  CHECK(config["commands"][0] == std::string(ANLINK_DOCTOR_BIN) + " check --base-url " + server.base_url() + " --profile openrouter");
  CHECK(report["diagnosis"]["category"] == "UNAUTHORIZED");
  require_key_absent(run, key);
}

TEST_CASE("config trims the final newline of a key file silently") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  std::string file = dir.write("key", std::string(fake::kGoodKey) + "\n");
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  Run run = check_json(server.base_url(), {"--api-key-file", file}, {});
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(check_of(report, "config")["status"] == "pass");
  CHECK(check_of(report, "api_key")["status"] == "pass");
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("config reads the key from stdin with --api-key -") {
  fake::Server server(fake::scenario("healthy"));
  Run run = run_doctor({"check", "--format", "json", "--base-url", server.base_url(),
                        "--api-key", "-"},
                       {}, std::string(fake::kGoodKey) + "\r\n");
  CHECK(run.exit_code == 0);
  CHECK(check_of(run.json(), "config")["evidence"]["api_key_source"] == "stdin");
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("config warns on stderr that --api-key shows the key in the process list") {
  fake::Server server(fake::scenario("healthy"));
  Run run = run_doctor({"check", "--format", "json", "--base-url", server.base_url(),
                        "--api-key", fake::kGoodKey});
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("process list") != std::string::npos);
  run.json();  // stdout holds the document and nothing else
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("an unreadable key file is a usage error naming the file") {
  Run run = run_doctor({"check", "--api-key-file", "/nonexistent/key"});
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err == "anlink-doctor: error: --api-key-file \"/nonexistent/key\": cannot read it: "
                   "No such file or directory\n");
}

TEST_CASE("a malformed command line is exit 2 with a one-line reason") {
  auto args = GENERATE(values<std::vector<std::string>>({
      {"check", "--no-such-flag"},
      {"check", "--timeout", "soon"},
      {"check", "--timeout", "-3"},
      {"check", "--format", "xml"},
      {"check", "--only", "modle"},
      {"check", "-v", "-q"},
      {"frobnicate"},
      {},
  }));
  Run run = run_doctor(args, key_env());
  INFO("stderr: " << run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("anlink-doctor: error: ", 0) == 0);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
}

TEST_CASE("an unknown check id gets a suggestion") {
  Run run = run_doctor({"check", "--skip", "base-url"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("did you mean \"base_url\"?") != std::string::npos);
}

TEST_CASE("a key typed as a stray argument is masked in the usage error") {
  Run run = run_doctor({"check", fake::kGoodKey});
  CHECK(run.exit_code == 2);
  require_key_absent(run, fake::kGoodKey);
}

TEST_CASE("config warns when the base URL belongs to another gateway's profile") {
  Run run = check_json("https://openrouter.ai/api/v1", {"--only", "config"});
  auto config = check_of(run.json(), "config");
  CHECK(config["status"] == "warn");
  CHECK(config["summary"] == "the base URL's host openrouter.ai belongs to openrouter, but the anlinkai profile is selected");
  CHECK(config["commands"][0] == std::string(ANLINK_DOCTOR_BIN) + " check --base-url https://openrouter.ai/api/v1 --profile openrouter");
  Run matching = check_json("https://openrouter.ai/api/v1", {"--only", "config", "--profile", "openrouter"});
  CHECK(check_of(matching.json(), "config")["status"] == "pass");
}

TEST_CASE("config warns about a key file other users can read") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  std::string file = dir.write("key", fake::kGoodKey);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::others_read);
  auto config = check_of(check_json(server.base_url(), {"--api-key-file", file}, {}).json(), "config");
  CHECK(config["status"] == "warn");
  CHECK(config["summary"] == "the key file " + file + " is readable by other users (mode 604)");
  CHECK(any_contains(config["fixes"], "chmod 600 " + file));
}

TEST_CASE("plain http:// to another machine sends nothing without --allow-insecure-http") {
  const std::string remote = "http://gateway.example.invalid/api/v1";
  Run refused = check_json(remote);
  CHECK(refused.exit_code == 1);
  auto report = refused.json();
  CHECK(report["diagnosis"]["check"] == "config");
  CHECK(report["diagnosis"]["summary"].get<std::string>().rfind("the base URL is plain http:// to another machine", 0) == 0);
  for (const auto& c : report["checks"])
    CHECK_FALSE(c["evidence"].contains("transport_error"));  // nothing was even attempted
  CHECK(check_of(report, "base_url")["summary"] == "not checked: plain http:// to another machine (see config); nothing was sent");

  Run allowed = check_json(remote, {"--allow-insecure-http"});
  CHECK(check_of(allowed.json(), "config")["status"] == "pass");
  CHECK(check_of(allowed.json(), "base_url")["evidence"]["transport_error"] == "dns");  // it tried
}

TEST_CASE("plain http:// to this machine is fine without consent") {
  fake::Server server(fake::scenario("healthy"));
  CHECK(check_json(server.base_url()).exit_code == 0);  // 127.0.0.1
  const std::string localhost = "http://localhost:" + std::to_string(server.port()) + "/api/v1";
  CHECK(check_json(localhost).exit_code == 0);
}
