#pragma once
// The forwarder's socket to the program, for what HTTP cannot say: whether the program
// closed the connection with bytes of the answer still unread. cpp-httplib hands a handler
// the connection's addresses but not its socket, so it is found by them.
#include <atomic>
#include <chrono>
#include <string>

namespace anlink {

class PeerSocket {
 public:
  // The connected socket of this process from the program's address and port to the
  // forwarder's port (none found: every call does nothing). Only the thread that serves the
  // connection may use it, while it serves it.
  static PeerSocket find(int local_port, const std::string& remote_addr, int remote_port);

  // TCP_CORK: what is written while corked leaves in as few segments as it fits, so the end
  // of a stream ([DONE] and the chunked terminator) reaches the program in one read.
  void cork(bool on) const;
  // After the whole answer was written: waits up to `wait` (ending early when the program
  // sends its next request or is reset, or when `stopping`) and says whether the program reset
  // the connection, which its kernel does when it closes with answer bytes unread, or when
  // answer bytes reach it after it closed.
  bool reset_by_peer(std::chrono::milliseconds wait, const std::atomic<bool>& stopping) const;

 private:
  explicit PeerSocket(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace anlink
