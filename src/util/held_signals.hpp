#pragma once
// A scope in which every signal that would end the doctor by default (Ctrl-C, kill, a closed
// terminal or pipe, a timer, SIGUSR1, a real-time signal, ...) is held, in every thread, and
// acted on as before when it ends: so that no signal leaves a file half made. Not held: what
// cannot be (SIGKILL, SIGSTOP), a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS,
// SIGABRT), and what does not end a process. SIGXFSZ (a file larger than ulimit -f allows)
// is held and dropped: the write then fails with EFBIG, and that failure is reported.
#include <signal.h>

#include <vector>

namespace anlink {

class HeldSignals {
 public:
  HeldSignals();
  ~HeldSignals();  // restores the old actions, then raises the first signal that came, if any
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;

  // The signals held: those whose default action ends the process, less the crashes.
  static std::vector<int> held();

 private:
  std::vector<std::pair<int, struct sigaction>> old_;
};

}  // namespace anlink
