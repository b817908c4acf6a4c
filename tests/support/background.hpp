#pragma once
// The real binary started in the background (watch, serve): its output kept in files that a
// test reads while it runs, signals sent to it, its end waited for. Killed if the test ends first.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "support/run_doctor.hpp"
#include "support/temp_dir.hpp"

namespace support {

class Background {
 public:
  // `prefix` runs before the binary (e.g. {"unshare", "-rn", "--"}); empty: the binary itself.
  Background(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
             const std::vector<std::string>& prefix = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  std::string out() const;
  std::string err() const;
  void signal(int sig) const;
  // Waits until stdout (or stderr) holds `needle`; false after `limit` or when it ended.
  bool wait_for_out(const std::string& needle, std::chrono::milliseconds limit = std::chrono::seconds(30));
  bool wait_for_err(const std::string& needle, std::chrono::milliseconds limit = std::chrono::seconds(30));
  // Waits for its end (killed after `limit`); its outputs, checked for the fake's key.
  Run wait(std::chrono::milliseconds limit = std::chrono::seconds(60));
  bool running();

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool done_ = false;
};

}  // namespace support
