#include "util/held_signals.hpp"

#include <csignal>

namespace anlink {

namespace {

volatile std::sig_atomic_t held_pending = 0;

extern "C" void hold_signal(int sig) {
  if (held_pending == 0 && sig != SIGXFSZ) held_pending = sig;
}

bool ends_the_process(int sig) {
  switch (sig) {
    case SIGKILL: case SIGSTOP:                                    // cannot be held
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP: case SIGSYS: case SIGABRT:  // a crash
    case SIGCHLD: case SIGCONT: case SIGTSTP: case SIGTTIN: case SIGTTOU: case SIGURG: case SIGWINCH:
      return false;  // the default does not end a process
    default:
      return true;
  }
}

}  // namespace

std::vector<int> HeldSignals::held() {
  std::vector<int> out;
  for (int sig = 1; sig <= SIGRTMAX && sig < 128; ++sig)
    if (ends_the_process(sig)) out.push_back(sig);
  return out;
}

HeldSignals::HeldSignals() {
  struct sigaction hold {};
  hold.sa_handler = hold_signal;
  sigfillset(&hold.sa_mask);  // one handler runs at a time
  hold.sa_flags = SA_RESTART;
  for (int sig : held()) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) continue;  // reserved by the C library
    if (old.sa_handler == SIG_IGN && !(old.sa_flags & SA_SIGINFO)) continue;  // ignored stays ignored
    if (::sigaction(sig, &hold, nullptr) == 0) old_.emplace_back(sig, old);
  }
}

HeldSignals::~HeldSignals() {
  for (const auto& [sig, old] : old_) ::sigaction(sig, &old, nullptr);
  if (const int sig = held_pending; sig != 0) {
    held_pending = 0;
    ::raise(sig);  // as it would have been: handled, or the end of the doctor
  }
}

}  // namespace anlink
