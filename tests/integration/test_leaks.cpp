// The key never leaks: every scenario of the fake gateway, in every output format, at -v,
// with a key the server echoes back. stdout, stderr and the file written are all searched.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "fake/encodings.hpp"

#include "report/renderers.hpp"
#include "support/doctor.hpp"

using namespace support;

namespace {

// Every scenario whose position in the list is `shard` modulo kShards: twelve test cases, so
// that they run side by side and each stays well within the time limit under ASan.
constexpr std::size_t kShards = 12;

// Under the sanitizers (three times slower) each scenario is rendered in one format, a
// different one for each next scenario: every scenario and every renderer still runs under
// ASan, and the whole product, the leak property itself, is the dev build's.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kEveryFormat = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kEveryFormat = false;
#else
constexpr bool kEveryFormat = true;
#endif
#else
constexpr bool kEveryFormat = true;
#endif

void no_key_in_any_format(std::size_t shard) {
  const std::string wrong = "ak_live_5e5e5e5e5e5e5e5e5e5e5e5e";  // the server echoes it in its 401
  const auto names = fake::scenario_names();
  for (std::size_t n = shard; n < names.size(); n += kShards) {
    const std::string& scenario = names[n];
    // Tens of megabytes per run, and no output that other scenarios do not share.
    if (scenario == "catalog-huge" || scenario == "stream-huge" || scenario == "gzip-bomb") continue;
    // The capability scenarios differ in one answer each: one where every capability passes
    // and one whose refusal echoes the request stand for them all (each run asks for every
    // capability; the rest would add minutes under ASan and no output of another kind).
    const bool capabilities = scenario.starts_with("cap-");
    if (capabilities && scenario != "cap-all-works" && scenario != "cap-vision-number-in-refusal") continue;
    fake::Server server(fake::scenario(scenario));
    // A gateway of the other APIs is checked in them too: the key also goes out as x-api-key.
    const bool other_apis = scenario.starts_with("messages-") || scenario.starts_with("responses-") ||
                            scenario == "three-apis" || scenario.starts_with("count-tokens-") ||
                            scenario.starts_with("agent-") || capabilities;
    const auto& renderers = anlink::renderer_table();
    for (std::size_t r = 0; r < renderers.size(); ++r) {
      if (!kEveryFormat && r != n % renderers.size()) continue;
      const auto& renderer = renderers[r];
      // HTML and SARIF are documents written whole, never shown line by line, with the
      // escaping of the XML and JSON ones: the echoed key written to a file stands for them
      // (every encoding of it, printed, is the hostile-forms test's).
      const bool document = renderer.name == "html" || renderer.name == "sarif";
      for (const std::string& key : {std::string(fake::kGoodKey), wrong}) {
        if (document && key != wrong) continue;
        TempDir dir;
        const std::string file = dir.path() + "/report";
        const std::string format(renderer.name);
        auto env = key_env(key);
        env["GITHUB_STEP_SUMMARY"] = dir.path() + "/summary.md";
        std::vector<std::string> args = {"check", "-v", "--format", format, "--base-url", server.base_url(),
                                          "--timeout", "1", "--api", other_apis ? "all" : "chat"};
        if (capabilities) args.insert(args.end(), {"--capabilities", "all"});
        INFO(scenario << " / " << format);
        if (!document) {
          Run printed = run_doctor(args, env);
          CHECK(printed.exit_code < 2);
        }
        if (key != wrong) continue;  // the echoed key is the one worth writing to a file
        args.insert(args.end(), {"--output", file});
        Run written = run_doctor(args, env);
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

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A text as each format would write it: as it is (text), JSON string escapes, XML's
// entities (junit), GitHub's workflow command escapes, Markdown's backslashes and entities.
std::vector<std::string> as_each_format_writes(const std::string& s) {
  const std::string json = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string xml, github, markdown;
  for (char c : s) {
    xml += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : c == '\'' ? "&apos;" : std::string(1, c);
    github += c == '%' ? "%25" : std::string(1, c);
    if (c == '&' || c == '<' || c == '>') markdown += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
    else if (std::string_view("\\`*_[]()!|~").find(c) != std::string_view::npos) markdown += {'\\', c};
    else markdown += c;
  }
  return {s, json.substr(1, json.size() - 2), xml, github, markdown};
}

// A piece of `form` (the key of `key_size` characters written some way) as long as eight of
// the key's characters written that way, found in `out` in any letter case: what a reader
// could decode. Pieces within the key's public prefix ("sk-proj-") are left out.
std::optional<std::string> decodable_piece(const std::string& out, const std::string& form, std::size_t key_size) {
  const std::string low = lower(out);
  for (const std::string& written : as_each_format_writes(form)) {
    const std::size_t width = std::max<std::size_t>(8, written.size() * 8 / key_size);
    const std::string w = lower(written);
    for (std::size_t i = width; i + width <= w.size(); ++i)
      if (low.find(w.substr(i, width)) != std::string::npos) return written.substr(i, width);
  }
  return std::nullopt;
}

const std::string kHostileKey = "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp";

}  // namespace

TEST_CASE("leaks: a key echoed in any encoding shows in no format, under the format's own escaping too") {
  for (const auto& [name, form] : fake::hostile_forms(kHostileKey)) {
    fake::Config config = fake::scenario("key-echo-hostile");
    config.echo_form = name;
    fake::Server server(config);
    for (const auto& renderer : anlink::renderer_table()) {
      const std::string format(renderer.name);
      Run run = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url()},
                           {{"ANLINKAI_API_KEY", kHostileKey}});
      INFO(name << " / " << format << "\n" << run.out << run.err);
      CHECK(run.exit_code == 1);
      CHECK(run.out.find("sk-…") != std::string::npos);  // masked where it was echoed
      const auto piece = decodable_piece(run.out + "\n" + run.err, form, kHostileKey.size());
      CHECK(piece.value_or("") == "");
    }
  }
}

TEST_CASE("leaks: trace shows no encoding of a key the gateway echoes, in text or JSON") {
  const std::string client = std::string(ANLINK_SOURCE_DIR) + "/tests/trace/client.py";
  for (const auto& [name, form] : fake::hostile_forms(kHostileKey)) {
    fake::Config config = fake::scenario("key-echo-hostile");
    config.echo_form = name;
    fake::Server server(config);
    for (const std::string format : {"text", "json"}) {
      Run run = run_doctor({"trace", "--format", format, "--base-url", server.base_url(), "--",
                            "/usr/bin/python3", client, "healthy"},
                           {{"APP_KEY", kHostileKey}});
      INFO(name << " / " << format << "\n" << run.out << run.err);
      CHECK(run.exit_code == 1);
      CHECK(run.out.find("UNAUTHORIZED") != std::string::npos);
      const auto piece = decodable_piece(run.out + "\n" + run.err, form, kHostileKey.size());
      CHECK(piece.value_or("") == "");
    }
  }
}

TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (1/12)") {
  no_key_in_any_format(0);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (2/12)") {
  no_key_in_any_format(1);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (3/12)") {
  no_key_in_any_format(2);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (4/12)") {
  no_key_in_any_format(3);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (5/12)") {
  no_key_in_any_format(4);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (6/12)") {
  no_key_in_any_format(5);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (7/12)") {
  no_key_in_any_format(6);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (8/12)") {
  no_key_in_any_format(7);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (9/12)") {
  no_key_in_any_format(8);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (10/12)") {
  no_key_in_any_format(9);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (11/12)") {
  no_key_in_any_format(10);
}
TEST_CASE("no scenario in any format at -v shows the key, in output or in the report file (12/12)") {
  no_key_in_any_format(11);
}

TEST_CASE("leaks: a key echoed cut, re-cased, percent- and base64-encoded, or in a header never shows") {
  // A realistic project key: 174 characters.
  std::string key = "sk-proj-";
  for (int i = 0; key.size() < 174; ++i) key += "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp"[i % 42];
  fake::Server server(fake::scenario("key-echo-forms"));
  for (const std::string format : {"text", "json", "markdown", "junit", "github"}) {
    Run run = run_doctor({"check", "-v", "--format", format, "--base-url", server.base_url()},
                         {{"ANLINKAI_API_KEY", key}, {"GITHUB_ACTIONS", "true"}});
    INFO(format);
    CHECK(run.exit_code == 1);  // run_doctor has already searched every run of eight
    CHECK(run.out.find("sk-…") != std::string::npos);
  }
}

TEST_CASE("leaks: a proxy token or a password with '@' never shows") {
  fake::Server server(fake::scenario("healthy"));
  for (const std::string proxy : {"http://TOKEN0123456789abcdef@127.0.0.1:9", "http://user:p@ss@w0rd-secret@127.0.0.1:9"}) {
    Run run = run_doctor({"check", "-v", "--format", "json", "--base-url",
                          "https://api.anlinkai.com/api/v1", "--only", "config,base_url"},
                         {{"ANLINKAI_API_KEY", fake::kGoodKey}, {"HTTPS_PROXY", proxy}});
    INFO(run.out << run.err);
    CHECK(run.out.find("TOKEN0123456789abcdef") == std::string::npos);
    CHECK(run.out.find("p@ss@w0rd-secret") == std::string::npos);
    CHECK(run.out.find("ss@w0rd") == std::string::npos);
    CHECK(run.out.find("***@127.0.0.1:9") != std::string::npos);
  }
}

TEST_CASE("leaks: a key too short to mask is a config failure, and it is never sent") {
  fake::Server server(fake::scenario("healthy"));
  Run run = check_json(server.base_url(), {}, key_env("abc12"));
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["check"] == "config");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("too short") != std::string::npos);
  CHECK(run.out.find("abc12") == std::string::npos);
  for (const auto& r : server.received()) CHECK(r.authorization.empty());  // keyless route check only
}
