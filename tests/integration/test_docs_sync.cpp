// The man page and the shell completions name every subcommand and flag that --help lists.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/doctor.hpp"

using namespace support;

namespace {

std::set<std::string> long_flags(const std::string& help) {
  std::set<std::string> flags;
  static const std::regex flag(R"(--[a-z][a-z-]*)");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), flag); it != std::sregex_iterator(); ++it)
    flags.insert(it->str());
  return flags;
}

std::string without_troff_escapes(std::string s) {
  return std::regex_replace(s, std::regex(R"(\\-)"), "-");
}

}  // namespace

TEST_CASE("man page and completions name every flag --help lists") {
  const std::string man = without_troff_escapes(read_file(std::string(ANLINK_SOURCE_DIR) + "/docs/anlink-doctor.1"));
  const std::string bash = read_file(std::string(ANLINK_SOURCE_DIR) + "/completions/anlink-doctor.bash");
  const std::string zsh = read_file(std::string(ANLINK_SOURCE_DIR) + "/completions/_anlink-doctor");
  for (const char* sub : {"check", "explain", "config", "trace", "watch", "serve"}) {
    Run help = run_doctor({sub, "--help"});
    REQUIRE(help.exit_code == 0);
    for (const auto& flag : long_flags(help.out)) {
      INFO(sub << " " << flag);
      CHECK(man.find(flag) != std::string::npos);
      CHECK(bash.find(flag) != std::string::npos);
      CHECK(zsh.find(flag) != std::string::npos);
    }
  }
  for (const char* sub : {"check", "explain", "checks", "profiles", "config", "trace", "watch", "serve"}) {
    CHECK(man.find("anlink-doctor " + std::string(sub)) != std::string::npos);
    CHECK(bash.find(sub) != std::string::npos);
    CHECK(zsh.find(sub) != std::string::npos);
  }
}

TEST_CASE("man page carries the version --version prints") {
  Run version = run_doctor({"--version"});
  const std::string v = version.out.substr(std::string("anlink-doctor ").size(),
                                           version.out.find('\n') - std::string("anlink-doctor ").size());
  CHECK(read_file(std::string(ANLINK_SOURCE_DIR) + "/docs/anlink-doctor.1").find("\"anlink-doctor " + v + "\"") !=
        std::string::npos);
}
