// The key never leaks: every scenario of the fake gateway, in every output format, at -v,
// with a key the server echoes back. stdout, stderr and the file written are all searched.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "report/renderers.hpp"
#include "support/doctor.hpp"

using namespace support;

TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file") {
  const std::string wrong = "ak_live_5e5e5e5e5e5e5e5e5e5e5e5e";  // the server echoes it in its 401
  for (const auto& scenario : fake::scenario_names()) {
    if (scenario == "catalog-huge") continue;  // 50 MB per run, and no output it does not share
    fake::Server server(fake::scenario(scenario));
    for (const auto& renderer : anlink::renderer_table()) {
      for (const std::string& key : {std::string(fake::kGoodKey), wrong}) {
        TempDir dir;
        const std::string file = dir.path() + "/report";
        const std::string format(renderer.name);
        auto env = key_env(key);
        env["GITHUB_STEP_SUMMARY"] = dir.path() + "/summary.md";
        Run printed = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url(),
                                  "--timeout", "1"},
                                 env);
        INFO(scenario << " / " << format);
        CHECK(printed.exit_code < 2);
        if (key != wrong) continue;  // the echoed key is the one worth writing to a file
        Run written = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url(),
                                  "--timeout", "1", "--output", file},
                                 env);
        CHECK(written.exit_code < 2);
        for (const auto& path : {file, dir.path() + "/summary.md"}) {
          std::stringstream content;
          content << std::ifstream(path).rdbuf();
          CHECK(content.str().find(key) == std::string::npos);
        }
        // run_doctor has already checked stdout and stderr for the key.
      }
    }
  }
}
