#include "support/certs.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "support/temp_dir.hpp"

namespace support {

namespace {

void run(const std::string& cmd) {
  if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("openssl failed: " + cmd);
}

void make_leaf(const std::string& dir, const std::string& name, const std::string& san,
               const std::string& days) {
  const std::string key = dir + "/" + name + ".key", csr = dir + "/" + name + ".csr";
  const std::string ext = dir + "/" + name + ".ext";
  std::ofstream(ext) << "subjectAltName=" << san << "\nbasicConstraints=CA:FALSE\n";
  run("openssl req -newkey rsa:2048 -nodes -keyout " + key + " -out " + csr +
      " -subj /CN=fake-gateway");
  run("openssl x509 -req -in " + csr + " -CA " + dir + "/ca.pem -CAkey " + dir +
      "/ca.key -CAcreateserial -days " + days + " -extfile " + ext + " -out " + dir + "/" + name +
      ".pem");
}

}  // namespace

const Certs& certs() {
  static const Certs made = [] {
    static TempDir dir;
    const std::string d = dir.path();
    run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + d +
        "/ca.pem -days 60 -subj /CN=anlink-doctor-test-ca");
    make_leaf(d, "good", "DNS:localhost,IP:127.0.0.1", "30");
    make_leaf(d, "wrong", "DNS:other.example", "30");
    make_leaf(d, "expired", "DNS:localhost,IP:127.0.0.1", "-1");
    make_leaf(d, "soon", "DNS:localhost,IP:127.0.0.1", "5");
    return Certs{d + "/ca.pem",      d + "/good.pem",    d + "/good.key",  d + "/wrong.pem",
                 d + "/wrong.key",   d + "/expired.pem", d + "/expired.key", d + "/soon.pem",
                 d + "/soon.key"};
  }();
  return made;
}

}  // namespace support
