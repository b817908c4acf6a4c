#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/doctor.hpp"

using namespace support;

namespace {

// Parses XML with Python's own parser and prints what the test asserts on.
std::string parse_junit(const std::string& file) {
  const std::string script =
      "import sys, xml.etree.ElementTree as E\n"
      "s = E.parse(sys.argv[1]).getroot().find('testsuite')\n"
      "print(s.get('tests'), s.get('failures'), s.get('skipped'))\n"
      "for c in s.findall('testcase'):\n"
      "    f = c.find('failure')\n"
      "    print(c.get('name'), 'failure:' + f.get('type') if f is not None else\n"
      "          'skipped' if c.find('skipped') is not None else 'ok')\n";
  TempDir dir;
  const std::string py = dir.write("parse.py", script);
  std::string out;
  if (FILE* p = ::popen(("/usr/bin/python3 " + py + " " + file + " 2>&1").c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

}  // namespace

TEST_CASE("junit from a failing run is parsed by a real XML parser") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string file = dir.path() + "/junit.xml";
  Run run = run_doctor({"check", "--format", "junit", "--output", file, "--base-url",
                        server.base_url(), "--model", "qwen-max"},
                       key_env());
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(parse_junit(file) ==
        "9 1 5\n"
        "config ok\nbase_url ok\napi_key ok\nmodel failure:MODEL_DISABLED\n"
        "balance skipped\nprobe skipped\nstream skipped\ncount_tokens skipped\nusage_log skipped\n");
  CHECK(read_file(file).find(fake::kGoodKey) == std::string::npos);
}

TEST_CASE("github format prints annotations and appends a job summary") {
  fake::Server server(fake::scenario("stream-no-usage"));
  TempDir dir;
  const std::string summary = dir.write("summary.md", "# earlier step\n");
  auto env = key_env();
  env["GITHUB_STEP_SUMMARY"] = summary;
  Run run = run_doctor({"check", "--format", "github", "--base-url", server.base_url()}, env);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("::warning title=anlink-doctor stream (STREAM_USAGE_MISSING)::") != std::string::npos);
  CHECK(run.out.find("::error") == std::string::npos);
  const std::string md = read_file(summary);
  CHECK(md.rfind("# earlier step\n# anlink-doctor report", 0) == 0);  // appended, not replaced
  CHECK(md.find("**STREAM_USAGE_MISSING** in check `stream`") != std::string::npos);
  CHECK(md.find(fake::kGoodKey) == std::string::npos);
}

TEST_CASE("github format says so when the job summary cannot be written") {
  fake::Server server(fake::scenario("healthy"));
  auto env = key_env();
  env["GITHUB_STEP_SUMMARY"] = "/nonexistent-dir/summary.md";
  Run run = run_doctor({"check", "--format", "github", "--base-url", server.base_url()}, env);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("GITHUB_STEP_SUMMARY") != std::string::npos);
}

TEST_CASE("markdown support bundle names the version, time, masked key and request ids") {
  fake::Server server(fake::scenario("completion-upstream-json"));
  Run run = run_doctor({"check", "--format", "markdown", "--base-url", server.base_url()}, key_env());
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("| tool | anlink-doctor 0.") != std::string::npos);
  CHECK(run.out.find(" UTC |") != std::string::npos);
  CHECK(run.out.find("| key | `ak_…3d2e` |") != std::string::npos);
  CHECK(run.out.find("**UPSTREAM_FAILURE** in check `probe`") != std::string::npos);
  CHECK(run.out.find("- request_id: `req_") != std::string::npos);
}

TEST_CASE("output flag replaces an existing report atomically, leaving no temporary file") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string file = dir.write("report.json", "old contents");
  Run run = check_json(server.base_url(), {"--output", file});
  CHECK(run.exit_code == 0);
  CHECK(nlohmann::json::parse(read_file(file))["diagnosis"]["status"] == "pass");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("server text with C1, bidi, NUL and invalid UTF-8 reaches no renderer as such") {
  fake::Server server(fake::scenario("completion-controls"));
  TempDir dir;
  const std::string file = dir.path() + "/junit.xml";
  Run junit = run_doctor({"check", "--format", "junit", "--output", file, "--base-url", server.base_url()},
                         key_env());
  CHECK(junit.exit_code == 1);
  CHECK(parse_junit(file).rfind("9 1 ", 0) == 0);  // well-formed XML, with its failure
  for (const std::string format : {"text", "json", "markdown", "github"}) {
    Run run = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url()}, key_env());
    INFO(format << ": " << run.out);
    CHECK(run.exit_code == 1);
    for (const std::string& bad : {std::string("\xc2\x9b"), std::string("\xe2\x80\xae"), std::string("\xff"),
                                  std::string(1, '\0'), std::string("\x1b"), std::string("\x07")})
      CHECK(run.out.find(bad) == std::string::npos);
    if (format == "json") {
      const std::string summary = check_of(run.json(), "probe")["summary"];
      CHECK(summary.find("boom ?2J ?gnp.exe \xef\xbf\xbd\xef\xbf\xbd nul") != std::string::npos);
    }
  }
}
