// --format html as a person looks at it: Debian's Chromium, headless, renders the report of a
// failing run, of a held-back stream and of a server that sends markup to PNG (kept in
// build/.../tests/artifacts), and dumps the DOM it built. Every address the page could ask
// for goes to a listener of the test's own (--proxy-server, loopback too): the page must
// make no request at all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/doctor.hpp"

using namespace support;

namespace {

// Counts every connection made to it and keeps what each one sent first.
class Catcher {
 public:
  Catcher() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        char buf[512];
        pollfd q{c, POLLIN, 0};
        const ssize_t n = ::poll(&q, 1, 1000) > 0 ? ::read(c, buf, sizeof buf) : 0;
        std::lock_guard<std::mutex> lock(mutex_);
        seen_.emplace_back(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
        ::close(c);
      }
    });
  }
  ~Catcher() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

// What a person sees, measured on the PNG: its size, the share of pixels that are not
// background, and how many pixels have the timeline's body colour, the failure colour and
// the colour of a body waited for after the headers.
std::string measure_png(const std::string& png) {
  static const char* script = R"PY(
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
at, idat = 8, b''
while at < len(data):
    n, kind = struct.unpack('>I4s', data[at:at + 8])
    body = data[at + 8:at + 8 + n]
    if kind == b'IHDR':
        w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    at += 12 + n
assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
bpp = 4 if colour == 6 else 3
raw, stride = zlib.decompress(idat), w * bpp
prev, ink, green, red, hold = bytearray(stride), 0, 0, 0, 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if r < 235 or g < 235 or bl < 235: ink += 1
        if abs(r - 0x2d) < 12 and abs(g - 0xa4) < 12 and abs(bl - 0x4e) < 12: green += 1
        if abs(r - 0xcf) < 12 and abs(g - 0x22) < 12 and abs(bl - 0x2e) < 12: red += 1
        if abs(r - 0xf0) < 8 and abs(g - 0xd8) < 8 and abs(bl - 0xa8) < 8: hold += 1
    prev = line
print(w, h, round(100.0 * ink / (w * h), 1), green, red, hold)
)PY";
  TempDir dir;
  const std::string py = dir.write("measure.py", script);
  return run_shell("/usr/bin/python3 '" + py + "' '" + png + "' 2>&1").out;
}

// measure_png's figures.
struct Pixels {
  int width = 0, height = 0, green = 0, red = 0, hold = 0;
  double ink = 0;  // percent
  bool read = false;
};

struct Rendered {
  std::string dom, measure;
  Pixels pixels() const {
    Pixels p;
    p.read = std::sscanf(measure.c_str(), "%d %d %lf %d %d %d", &p.width, &p.height, &p.ink, &p.green, &p.red,
                         &p.hold) == 6;
    return p;
  }
  std::vector<std::string> requests;  // what reached the catcher
  // The requests of the page: every one the catcher saw but Chromium's own calls home
  // (its clock, component updates, account checks), which any page would see too.
  std::string asked() const {
    std::string out;
    for (const auto& r : requests) {
      const std::string line = r.substr(0, r.find('\r'));
      const auto sp = line.find(' ');
      std::string host = sp == std::string::npos ? "" : line.substr(sp + 1);
      if (auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
      host = host.substr(0, host.find_first_of(":/ "));
      bool browser_own = false;
      for (const char* home : {".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com"})
        browser_own = browser_own || ("." + host).ends_with(home);
      if (!browser_own) out += line + "\n";
    }
    return out;
  }
};

// Chromium, headless, with every request sent to the catcher; the screenshot is kept as
// tests/artifacts/NAME.png under the build directory.
Rendered render(const std::string& html_file, const std::string& name) {
  REQUIRE(run_shell("command -v chromium").exit_code == 0);  // scripts/install-deps.sh installs it
  Catcher catcher;
  TempDir profile;
  const std::string dir = std::string(ANLINK_ARTIFACT_DIR);
  std::filesystem::create_directories(dir);
  const std::string png = dir + "/" + name + ".png";
  std::filesystem::remove(png);
  const std::string flags = fmt::format(
      "--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check "
      "--disable-background-networking --disable-component-update --disable-sync --disable-extensions "
      "--disable-features=MediaRouter,OptimizationHints,NetworkTimeServiceQuerying --no-pings "
      "--disable-domain-reliability --disable-client-side-phishing-detection --user-data-dir='{}' "
      "--proxy-server=http://127.0.0.1:{} --proxy-bypass-list='<-loopback>' --window-size=1200,2200",
      profile.path(), catcher.port());
  const std::map<std::string, std::string> env = {{"HOME", profile.path()}};
  Run shot = run_shell("chromium " + flags + " --screenshot='" + png + "' 'file://" + html_file + "' 2>&1", env);
  INFO(shot.out);
  REQUIRE(std::filesystem::exists(png));
  Run dom = run_shell("chromium " + flags + " --dump-dom 'file://" + html_file + "' 2>/dev/null", env);
  return {dom.out, measure_png(png), catcher.seen()};
}

std::string html_report(const std::string& scenario, int want_exit, const std::vector<std::string>& extra = {}) {
  static TempDir out;
  fake::Server server(fake::scenario(scenario));
  const std::string file = out.path() + "/" + scenario + ".html";
  std::vector<std::string> args = {"check", "--format", "html", "--output", file, "--base-url", server.base_url()};
  args.insert(args.end(), extra.begin(), extra.end());
  Run run = run_doctor(args, key_env());
  INFO(run.err);
  CHECK(run.exit_code == want_exit);
  const std::string html = read_file(file);
  CHECK(html.find(fake::kGoodKey) == std::string::npos);
  return file;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html: Chromium renders a failing report with its timeline, and the page asks for nothing") {
  const std::string file = html_report("model-disabled", 1);
  const Rendered r = render(file, "report-failing");
  INFO(r.dom << "\n" << r.measure);
  CHECK(r.asked() == "");
  CHECK(r.dom.find("MODEL_DISABLED") != std::string::npos);
  CHECK(r.dom.find("<svg class=\"timeline\"") != std::string::npos);
  CHECK(count(r.dom, "<rect class=\"p-") >= 3);  // each request a check read: one bar or more
  // Not blank: text and bars on a good part of the page, the failure's red among them.
  const Pixels px = r.pixels();
  REQUIRE(px.read);
  CHECK(px.width == 1200);
  CHECK(px.ink > 3.0);
  CHECK(px.red > 50);
}

TEST_CASE("html: a held-back stream shows as one late burst on the timeline") {
  const std::string file = html_report("stream-buffered", 0);
  const Rendered r = render(file, "report-held-back-stream");
  INFO(r.dom << "\n" << r.measure);
  CHECK(r.asked() == "");
  CHECK(r.dom.find("STREAM_BUFFERED") != std::string::npos);
  CHECK(r.dom.find("<path class=\"chunk\"") != std::string::npos);
  // The stream's row: after its headers, ~0.5 s with nothing of the body (most of the
  // timeline's width), then the whole body in one read.
  const Pixels px = r.pixels();
  REQUIRE(px.read);
  CHECK(px.ink > 3.0);
  CHECK(px.hold > 3000);
  double longest = 0;  // the longest wait for a body after its headers: the stream's
  const std::string wait = "headers in, waiting for the body: ";
  for (auto at = r.dom.find(wait); at != std::string::npos; at = r.dom.find(wait, at + 1))
    longest = std::max(longest, std::atof(r.dom.c_str() + at + wait.size()));
  CHECK(longest > 300);  // ms of the ~500 the held-back answer took
}

TEST_CASE("html: markup from the server stays text in the browser: no element, no request") {
  const std::string file = html_report("completion-markup", 1);
  const std::string html = read_file(file);
  CHECK(html.find("<script") == std::string::npos);
  const Rendered r = render(file, "report-markup");
  INFO(r.dom);
  CHECK(r.asked() == "");
  for (const char* tag : {"<script", "<img", "<iframe", "<link", "<a ", "<image", "<meta http-equiv=\"refresh\""})
    CHECK(r.dom.find(tag) == std::string::npos);
  CHECK(count(r.dom, "<style>") == 1);
  CHECK(count(r.dom, "<svg") == 1);
  // The server's words are on the page, as text.
  CHECK(r.dom.find("&lt;script&gt;fetch(") != std::string::npos);
  CHECK(r.dom.find("https://leak.example/docs") != std::string::npos);
}

TEST_CASE("html: the harness sees a page's request: an unescaped image would be caught") {
  TempDir dir;
  const std::string file = dir.write("unsafe.html", "<!DOCTYPE html><p>x</p><img src=\"http://leak.example/i.png\">"
                                                    "<svg><rect width=\"9\" height=\"9\"/></svg>");
  const Rendered r = render(file, "control-unsafe-page");
  CHECK(r.asked().find("leak.example") != std::string::npos);
}
