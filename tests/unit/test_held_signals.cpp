// HeldSignals: a signal that comes while a file is made waits until the scope ends, then acts
// as it would have (here: the end of the process, after the work was done).
#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "util/held_signals.hpp"

namespace {

// Runs `body` in a child process; its wait status.
template <class F>
int in_child(F body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("held signals: a Ctrl-C or kill during the scope ends the process only after it") {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGPROF, SIGRTMIN + 1}) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const int status = in_child([&] {
      ::signal(sig, SIG_DFL);
      {
        anlink::HeldSignals held;
        ::kill(::getpid(), sig);
        (void)!::write(fds[1], "done", 4);  // the work of the scope is finished
      }
      (void)!::write(fds[1], "after", 5);  // never: the held signal ends the process here
    });
    ::close(fds[1]);
    char buf[16] = {};
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    ::close(fds[0]);
    INFO("signal " << sig);
    CHECK(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0) == "done");
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
  }
}

TEST_CASE("held signals: SIGXFSZ is dropped (the write's EFBIG is reported), an ignored signal stays ignored") {
  for (int sig : {SIGXFSZ, SIGHUP}) {
    const int status = in_child([sig] {
      ::signal(sig, sig == SIGXFSZ ? SIG_DFL : SIG_IGN);
      {
        anlink::HeldSignals held;
        ::kill(::getpid(), sig);
      }
      ::_exit(7);  // the process goes on past the scope
    });
    INFO("signal " << sig);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 7);
  }
}
