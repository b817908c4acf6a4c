#include "util/held_signals.hpp"

#include <csignal>

namespace anlink {

namespace {

volatile std::sig_atomic_t held_pending = 0;

extern "C" void hold_signal(int sig) {
  if (held_pending == 0) held_pending = sig;
}

}  // namespace

HeldSignals::HeldSignals() {
  struct sigaction hold {};
  hold.sa_handler = hold_signal;
  sigemptyset(&hold.sa_mask);
  for (int sig : kSignals) sigaddset(&hold.sa_mask, sig);
  hold.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &hold, &old_[i]);
}

HeldSignals::~HeldSignals() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &old_[i], nullptr);
  if (const int sig = held_pending; sig != 0) {
    held_pending = 0;
    ::raise(sig);  // as it would have been: ignored, handled, or the end of the doctor
  }
}

}  // namespace anlink
