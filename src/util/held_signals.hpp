#pragma once
// A scope in which the signals that would end the doctor (Ctrl-C, kill, a closed terminal, a
// closed pipe) are held, in every thread, and acted on as before when it ends: so that no
// signal leaves a file half made. Synchronous signals (a crash) are not held.
#include <signal.h>

#include <array>

namespace anlink {

class HeldSignals {
 public:
  HeldSignals();
  ~HeldSignals();  // restores the old actions, then raises the first signal that came, if any
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;

  static constexpr std::array<int, 5> kSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

 private:
  std::array<struct sigaction, kSignals.size()> old_{};
};

}  // namespace anlink
