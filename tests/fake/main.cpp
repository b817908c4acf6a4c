// anlink-fake-server: the tests' fake gateway as a program, for the README's demo and
// benchmarks. Prints its base URL on the first line of stdout, then serves until killed.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "fake/fake_server.hpp"

int main(int argc, char** argv) {
  std::string name = "healthy", cert, key, record;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--scenario") name = value();
    else if (arg == "--tls-cert") cert = value();
    else if (arg == "--tls-key") key = value();
    else if (arg == "--record") record = value();
    else if (arg == "--key") {
      std::cout << fake::kGoodKey << "\n";
      return 0;
    } else if (arg == "--list") {
      for (const auto& s : fake::scenario_names()) std::cout << s << "\n";
      return 0;
    } else {
      std::cerr << "usage: anlink-fake-server [--scenario NAME] [--tls-cert PEM --tls-key PEM] [--record FILE] [--list] [--key] (SIGUSR1 revokes the key, or gives it back)\n";
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // each one revokes the key, or gives it back (Server::revoke_key)
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server's threads inherit the mask
  try {
    std::optional<fake::TlsFiles> tls;
    if (!cert.empty()) tls = fake::TlsFiles{cert, key};
    fake::Server server(fake::scenario(name), tls);
    if (!record.empty()) server.record_to(record);
    std::cout << server.base_url() << std::endl;
    std::cerr << "anlink-fake-server: scenario " << name << " (--key prints the key it accepts)\n";
    int sig = 0;
    bool revoked = false;
    while (sigwait(&signals, &sig) == 0 && sig == SIGUSR1) {
      revoked = !revoked;
      server.revoke_key(revoked);
      std::cerr << "anlink-fake-server: the key is " << (revoked ? "revoked" : "accepted again") << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "anlink-fake-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
