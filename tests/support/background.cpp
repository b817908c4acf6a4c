#include "support/background.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <functional>
#include <thread>

#include "fake/fake_server.hpp"
#include "support/doctor.hpp"

namespace support {

Background::Background(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                       const std::vector<std::string>& prefix) {
  std::vector<std::string> argv_s = prefix;
  argv_s.push_back(ANLINK_DOCTOR_BIN);
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = clean_environment(env, "/usr/bin:/bin:/usr/sbin:/sbin");  // ip(8) for unshare
  std::vector<char*> argv, envp;
  for (auto& s : argv_s) argv.push_back(s.data());
  for (auto& s : env_s) envp.push_back(s.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const std::string out = dir_.path() + "/stdout", err = dir_.path() + "/stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int rc = posix_spawnp(&pid_, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(rc == 0);
}

Background::~Background() {
  if (!done_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
}

std::string Background::out() const { return read_file(dir_.path() + "/stdout"); }
std::string Background::err() const { return read_file(dir_.path() + "/stderr"); }

void Background::signal(int sig) const {
  if (!done_) ::kill(pid_, sig);
}

bool Background::running() {
  if (done_) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) done_ = true;
  return !done_;
}

namespace {

bool wait_for(const std::function<std::string()>& read, const std::string& needle, std::chrono::milliseconds limit,
              Background& self) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (read().find(needle) != std::string::npos) return true;
    if (!self.running()) return read().find(needle) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

bool Background::wait_for_out(const std::string& needle, std::chrono::milliseconds limit) {
  return wait_for([this] { return out(); }, needle, limit, *this);
}

bool Background::wait_for_err(const std::string& needle, std::chrono::milliseconds limit) {
  return wait_for([this] { return err(); }, needle, limit, *this);
}

Run Background::wait(std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (running() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    done_ = true;
  }
  Run run;
  run.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  run.out = out();
  run.err = err();
  require_key_absent(run, fake::kGoodKey);
  return run;
}

}  // namespace support
