#include "support/run_doctor.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <chrono>
#include <cstdlib>

#include "fake/fake_server.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace support {

nlohmann::json Run::json() const {
  auto doc = nlohmann::json::parse(out, nullptr, false);
  INFO("stdout: " << out << "\nstderr: " << err);
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

std::vector<std::string> clean_environment(const std::map<std::string, std::string>& env, const std::string& path) {
  std::vector<std::string> env_s = {"PATH=" + path};
  for (const char* keep : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
    if (const char* v = std::getenv(keep)) env_s.push_back(std::string(keep) + "=" + v);
  for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
  return env_s;
}

namespace {

// Runs argv_s[0] with exactly this environment (plus PATH and the sanitizers' options).
Run spawn(std::vector<std::string> argv_s, const std::map<std::string, std::string>& env,
          const std::string& input) {
  std::vector<std::string> env_s = clean_environment(env);
  std::vector<char*> argv, envp;
  for (auto& s : argv_s) argv.push_back(s.data());
  for (auto& s : env_s) envp.push_back(s.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);

  int in[2], out[2], err[2];
  REQUIRE(::pipe(in) == 0);
  REQUIRE(::pipe(out) == 0);
  REQUIRE(::pipe(err) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
    posix_spawn_file_actions_addclose(&fa, fd);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  REQUIRE(rc == 0);
  signal(SIGPIPE, SIG_IGN);
  if (!input.empty()) (void)!::write(in[1], input.data(), input.size());
  ::close(in[1]);

  Run run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&run.out, &run.err};
  int open_fds = 2;
  while (open_fds > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 200) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[8192];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  if (open_fds > 0) ::kill(pid, SIGKILL);
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

void require_keys_absent(const Run& run, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, const std::string& input) {

  // Every run, in every test: no key the doctor was given appears in what it printed.
  std::vector<std::string> keys = {fake::kGoodKey};
  for (std::size_t i = 0; i + 1 < args.size(); ++i)  // stdin holds a key only with --api-key -
    if (args[i] == "--api-key" && args[i + 1] == "-") keys.push_back(input);
  if (auto it = env.find("ANLINKAI_API_KEY"); it != env.end()) keys.push_back(it->second);
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--api-key") keys.push_back(args[i + 1]);
  for (const auto& key : keys)
    if (key.size() >= 12) require_key_absent(run, key);
}

}  // namespace

Run run_doctor(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& input) {
  std::vector<std::string> argv_s = {ANLINK_DOCTOR_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  Run run = spawn(argv_s, env, input);
  require_keys_absent(run, args, env, input);

  // Every JSON report, in every scenario, is checked against docs/report.schema.json.
  auto format = std::find(args.begin(), args.end(), "--format");
  // And every trace report against docs/trace.schema.json.
  if (!args.empty() && format != args.end() && format + 1 != args.end() && format[1] == "json" &&
      !run.out.empty()) {
    if (args[0] == "check") require_valid_report(run.out);
    if (args[0] == "trace") require_valid_trace(run.out);
  }
  return run;
}

Run run_shell(const std::string& command_line, const std::map<std::string, std::string>& env,
              const std::string& input) {
  Run run = spawn({"/bin/sh", "-c", command_line}, env, input);
  require_keys_absent(run, {}, env, input);
  return run;
}

namespace {

void require_valid(const std::string& json, const std::string& schema) {
  TempDir dir;
  const std::string file = dir.write("report.json", json);
  const std::string cmd = std::string("/usr/bin/python3 ") + ANLINK_SCHEMA_VALIDATOR + " " +
                          schema + " < " + file + " 2>&1";
  std::string problems;
  int status = -1;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) problems.append(buf, n);
    status = ::pclose(p);
  }
  INFO("report: " << json << "\nschema says: " << problems);
  REQUIRE(status == 0);
}

}  // namespace

void require_valid_report(const std::string& json) { require_valid(json, ANLINK_REPORT_SCHEMA); }

void require_valid_trace(const std::string& json) {
  require_valid(json, std::string(ANLINK_SOURCE_DIR) + "/docs/trace.schema.json");
}

void require_key_absent(const Run& run, const std::string& key) {
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  std::string core = key;
  while (!core.empty() && (core.front() == '"' || core.front() == ' ')) core.erase(0, 1);
  while (!core.empty() && (core.back() == '"' || std::isspace(static_cast<unsigned char>(core.back()))))
    core.pop_back();
  if (core.rfind("Bearer ", 0) == 0) core = core.substr(7);
  REQUIRE(run.out.find(core) == std::string::npos);
  REQUIRE(run.err.find(core) == std::string::npos);
  // Nor any run of eight of its characters, in any letter case, past its public prefix
  // ("ak_live_", "sk-proj-": the part up to the last separator among the first 12).
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string out = lower(run.out), err = lower(run.err), k = lower(core);
  const auto sep = k.substr(0, 12).find_last_of("-_");
  const std::size_t prefix = sep == std::string::npos ? 0 : sep + 1;
  for (std::size_t i = prefix >= 7 ? prefix - 7 : 0; i + 8 <= k.size(); ++i) {
    INFO("a run of the key: " << core.substr(i, 8));
    REQUIRE(out.find(k.substr(i, 8)) == std::string::npos);
    REQUIRE(err.find(k.substr(i, 8)) == std::string::npos);
  }
}

}  // namespace support
