#include "support/intermediary.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/certs.hpp"

extern char** environ;

namespace support {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

std::string program(const std::string& name, const std::string& package) {
  return installed_program(name, package);
}

std::vector<std::string> nginx_args(const TempDir& dir, int port, int upstream, const std::string& directives) {
  const std::string d = dir.path();
  std::ostringstream conf;
  conf << "daemon off;\nmaster_process off;\npid " << d << "/nginx.pid;\nerror_log " << d
       << "/error.log info;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
       << "  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d << "/proxy;\n"
       << "  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n"
       << "  scgi_temp_path " << d << "/scgi;\n  server {\n    listen 127.0.0.1:" << port << ";\n"
       << "    location / {\n      proxy_pass http://127.0.0.1:" << upstream << ";\n      "
       << directives << "\n    }\n  }\n}\n";
  const std::string file = dir.write("nginx.conf", conf.str());
  return {program("nginx", "nginx-light"), "-p", d, "-c", file, "-e", d + "/error.log"};
}

std::vector<std::string> nghttpx_args(const TempDir& dir, int port, int upstream,
                                      const std::vector<std::string>& extra) {
  const std::string d = dir.path();
  std::vector<std::string> args = {program("nghttpx", "nghttp2-proxy"),
                                   "--conf=" + dir.write("nghttpx.conf", ""),
                                   "--single-process",
                                   "--frontend=127.0.0.1," + std::to_string(port),
                                   "--backend=127.0.0.1," + std::to_string(upstream),
                                   "--no-ocsp",
                                   "--errorlog-file=" + d + "/error.log",
                                   "--accesslog-file=" + d + "/access.log",
                                   "--pid-file=" + d + "/nghttpx.pid"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(certs().good_key);
  args.push_back(certs().good_cert);
  return args;
}

}  // namespace

// The program's full path, from the directories Debian installs daemons in.
std::string installed_program(const std::string& name, const std::string& package) {
  // (/usr/lib/squid: its helpers, such as basic_ncsa_auth)
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/lib/squid"}) {
    const std::string path = std::string(dir) + "/" + name;
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  FAIL(name << " is not installed: scripts/install-deps.sh test installs it (Debian's " << package << ")");
  return "";
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

Daemon::Daemon(std::vector<std::string> argv_s, int port, const std::string& log) {
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  const int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(rc == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts(port)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL(argv_s[0] << " exited before it listened on port " << port << ": " << slurp(log));
    }
    if (std::chrono::steady_clock::now() > deadline) FAIL(argv_s[0] << " did not listen within 10 s: " << slurp(log));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Daemon::~Daemon() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 250; ++i) {  // 5 s, then no more waiting
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

Nginx::Nginx(int upstream_port, const std::string& location_directives)
    : port_(free_port()),
      daemon_(nginx_args(dir_, port_, upstream_port, location_directives), port_, dir_.path() + "/output.log") {}

std::string Nginx::error_log() const { return slurp(dir_.path() + "/error.log"); }

Nghttpx::Nghttpx(int upstream_port, const std::vector<std::string>& extra)
    : port_(free_port()),
      daemon_(nghttpx_args(dir_, port_, upstream_port, extra), port_, dir_.path() + "/output.log") {}

}  // namespace support
