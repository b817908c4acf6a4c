#pragma once
#include <string>

namespace support {

// A private CA and server certificates signed by it, made with openssl once per test run
// in a fresh temporary directory.
struct Certs {
  std::string ca;  // the CA certificate: pass it with --cacert to trust the good ones
  std::string good_cert, good_key;          // for 127.0.0.1 and localhost, 30 days
  std::string wrong_host_cert, wrong_host_key;  // for other.example only
  std::string expired_cert, expired_key;    // for 127.0.0.1, expired yesterday
  std::string soon_cert, soon_key;          // for 127.0.0.1, expires in 5 days
};

const Certs& certs();

}  // namespace support
