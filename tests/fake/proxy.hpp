#pragma once
// A small HTTP CONNECT proxy on 127.0.0.1 for tests: it tunnels to loopback targets only,
// or answers 407 to everything when it wants credentials.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace fake {

class ConnectProxy {
 public:
  explicit ConnectProxy(bool require_auth = false);
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;
  int port() const { return port_; }
  int tunnels() const { return tunnels_; }  // CONNECTs it carried out

 private:
  void serve(int client);
  int listen_fd_ = -1;
  int port_ = 0;
  bool require_auth_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> tunnels_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<int> open_fds_;
};

}  // namespace fake
