// Every fuzz seed and every input a fuzzer ever found (fuzz/regressions/) runs through the
// same target bodies in the ordinary build, so a finding, once fixed, stays a test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "targets.hpp"

namespace fs = std::filesystem;

TEST_CASE("fuzz seeds and past findings run cleanly through every target") {
  std::size_t inputs = 0;
  for (const auto& target : anlink::fuzz::targets()) {
    std::size_t seeds = 0;
    for (const char* kind : {"corpus", "regressions"}) {
      const fs::path dir = fs::path(ANLINK_FUZZ_DIR) / kind / target.name;
      if (!fs::is_directory(dir)) continue;
      for (const auto& file : fs::directory_iterator(dir)) {
        std::ifstream in(file.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        INFO(file.path().string());
        target.run(bytes.str());  // aborts on a broken property, which fails the test run
        ++inputs;
        if (std::string_view(kind) == "corpus") ++seeds;
      }
    }
    INFO("target " << target.name);
    CHECK(seeds >= 5);
  }
  CHECK(inputs >= 20);
}
