// trace: a real program (Python, standard library only) run under the doctor, its calls
// relayed to the fake gateway and judged one by one.
#include <catch2/catch.hpp>

#include "support/doctor.hpp"
#include "support/intermediary.hpp"

using namespace support;

namespace {

const std::string kClient = std::string(ANLINK_SOURCE_DIR) + "/tests/trace/client.py";

Run trace(const fake::Server& server, const std::string& mode, std::map<std::string, std::string> env = {}) {
  env["APP_KEY"] = fake::kGoodKey;
  Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--",
                        "/usr/bin/python3", kClient, mode},
                       env);
  INFO(run.out << run.err);
  return run;
}

// The report of client.py MODE run under trace against a fake gateway playing SCENARIO, which
// fails one of its calls.
nlohmann::json failed_call(const std::string& scenario, const std::string& mode) {
  fake::Server server(fake::scenario(scenario));
  Run run = trace(server, mode);
  CHECK(run.exit_code == 1);
  return run.json();
}

}  // namespace

TEST_CASE("trace: a healthy call passes, relayed unchanged, its line shown as it happens") {
  fake::Server server(fake::scenario("healthy"));
  Run run = trace(server, "healthy");
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["command_exit"] == 0);
  REQUIRE(report["calls"].size() == 1);
  CHECK(report["calls"][0]["status"] == 200);
  CHECK(report["calls"][0]["path"] == "/api/v1/chat/completions");
  CHECK(report["calls"][0]["model"] == "qwen-flash");
  CHECK(report["diagnosis"]["status"] == "pass");
  CHECK(run.out.find("client: ") == std::string::npos);  // the program's output is its own
  CHECK(run.err.find("POST   /api/v1/chat/completions  qwen-flash  200") != std::string::npos);
  // The gateway got the program's own request, with its key.
  bool relayed = false;
  for (const auto& r : server.received())
    relayed = relayed || (r.path == "/api/v1/chat/completions" && r.body.find("hello") != std::string::npos &&
                          r.authorization == std::string("Bearer ") + fake::kGoodKey);
  CHECK(relayed);
}

TEST_CASE("trace: a credential the program sends in any header is masked wherever it would show") {
  fake::Server server(fake::scenario("healthy"));
  const std::string token = "tok_team_5c1f9a77e2b04d3e";
  Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                        kClient, "token-header", token},
                       {{"APP_KEY", fake::kGoodKey}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find(token) == std::string::npos);  // the command line in the report holds it
  CHECK(run.err.find(token) == std::string::npos);
  CHECK(run.json()["command"][3] == "***");
  CHECK(run.json()["calls"][0]["model"] == "qwen-flash");  // other header values stay readable
}

TEST_CASE("trace: one rule with check: a key-like value is masked under any header name, a setting is not") {
  fake::Server server(fake::scenario("healthy"));
  auto traced = [&](const std::string& name, const std::string& value) {
    Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                          kClient, "header", name, value},
                         {{"APP_KEY", fake::kGoodKey}});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    return run;
  };
  const std::string token = "kx9f8e7d6c5b4a3210fedcba";
  Run keyed = traced("X-Org-Ref", token);
  CHECK(keyed.out.find(token) == std::string::npos);
  CHECK(keyed.err.find(token) == std::string::npos);
  CHECK(keyed.json()["command"][4] == "***");
  // x-portkey-provider names a gateway's setting, not a key: what it says stays readable.
  Run setting = traced("x-portkey-provider", "openai-provider-east");
  CHECK(setting.json()["command"][4] == "openai-provider-east");
}

TEST_CASE("trace: messages as a string is the program's malformed body, named exactly") {
  fake::Server server(fake::scenario("healthy"));
  Run run = trace(server, "messages-string");
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["command_exit"] == 1);
  CHECK(report["diagnosis"]["category"] == "INVALID_REQUEST_BODY");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("messages") != std::string::npos);
  CHECK(report["calls"][0]["status"] == 400);
}

TEST_CASE("trace: a program that sends no key is told so, by the headers it sent") {
  auto report = failed_call("healthy", "no-key");
  CHECK(report["calls"][0]["status"] == 401);
  CHECK(report["diagnosis"]["category"] == "UNAUTHORIZED");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("the program sent no key: its request had no "
                                                               "Authorization header") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["fixes"], "OPENAI_API_KEY"));
}

TEST_CASE("trace: a body too long to lint is relayed whole and not misjudged, one over the limit is refused") {
  fake::Server server(fake::scenario("healthy"));
  auto program_sends = [&](const std::string& mib) {
    Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                          kClient, "big-body", mib},
                         {{"APP_KEY", fake::kGoodKey}});
    INFO(run.out << run.err);
    return run.json();
  };
  SECTION("9 MiB: relayed, the gateway's answer stands, the forwarder says it did not lint") {
    auto report = program_sends("9");
    CHECK(report["calls"][0]["status"] == 400);
    CHECK(report["diagnosis"]["summary"].get<std::string>().find("more than the forwarder reads to check it") !=
          std::string::npos);
    std::size_t longest = 0;
    for (const auto& r : server.received()) longest = std::max(longest, r.body.size());
    CHECK(longest > (9u << 20));
  }
  SECTION("65 MiB: refused by the forwarder, named as its own limit, never sent") {
    auto report = program_sends("65");
    REQUIRE(report["calls"].size() == 1);
    CHECK(report["calls"][0]["status"] == 413);
    CHECK(report["diagnosis"]["category"] == "CONFIG");
    CHECK(report["diagnosis"]["summary"].get<std::string>().find("over 64 MiB, the most the forwarder relays") !=
          std::string::npos);
    CHECK(server.received().empty());
  }
}

TEST_CASE("trace: a header the gateway asks for is the program's to send, not the doctor's") {
  auto report = failed_call("shape-portkey-no-provider", "healthy");
  CHECK(report["diagnosis"]["category"] == "CONFIG");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find(
            "x-portkey-provider, which the program's request did not carry") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["fixes"], "defaultHeaders"));
  for (const auto& fix : report["diagnosis"]["fixes"]) CHECK(fix.get<std::string>().find("--header") == std::string::npos);
}

TEST_CASE("trace: a redirected call is NOT_FOUND, saying what clients do with that status") {
  auto report = failed_call("completion-redirect", "healthy");
  CHECK(report["diagnosis"]["category"] == "NOT_FOUND");
  const auto summary = report["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("redirected the program's call (HTTP 307 to https://elsewhere.example") != std::string::npos);
  CHECK(summary.find("send the same POST") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["fixes"], "base URL"));
}

TEST_CASE("trace: a parameter the model refuses is PARAMETER_UNSUPPORTED") {
  auto report = failed_call("reasoning-strict", "refused-param");
  CHECK(report["diagnosis"]["category"] == "PARAMETER_UNSUPPORTED");
  CHECK(any_contains(report["diagnosis"]["fixes"], "max_completion_tokens"));
}

TEST_CASE("trace: a program that closes its stream after two chunks is CLIENT_STREAM_CLOSED") {
  fake::Server server(fake::scenario("stream-long"));  // 64 tokens, 20 ms apart
  Run run = trace(server, "close-stream");
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["command_exit"] == 0);  // the program itself saw nothing wrong
  CHECK(report["diagnosis"]["category"] == "CLIENT_STREAM_CLOSED");
  CHECK(report["calls"][0]["stream"] == true);
  CHECK(report["calls"][0]["client_closed"] == true);
  CHECK(report["calls"][0]["stream_done"] == false);
}

TEST_CASE("trace: a stream that reached the program in one burst: stopping early is told from reading it all") {
  // A proxy held the answer back and passed ~50 KB at once: the forwarder's writes all
  // succeed either way; only the program's kernel, resetting a connection closed with bytes
  // unread, tells the two apart.
  fake::Server server(fake::scenario("stream-buffered"));
  Run stopped = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                            kClient, "close-stream", "400"},
                           {{"APP_KEY", fake::kGoodKey}});
  INFO(stopped.out << stopped.err);
  auto report = stopped.json();
  CHECK(report["diagnosis"]["category"] == "CLIENT_STREAM_CLOSED");
  CHECK(report["calls"][0]["client_closed"] == true);
  CHECK(report["calls"][0]["stream_done"] == true);  // the forwarder relayed it all

  Run whole = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                          kClient, "read-stream", "400"},
                         {{"APP_KEY", fake::kGoodKey}});
  INFO(whole.out << whole.err);
  CHECK(whole.exit_code == 0);
  CHECK(whole.json()["calls"][0]["client_closed"] == false);
  CHECK(whole.err.find("client: read 404 events, the last data: [DONE]") != std::string::npos);
}

TEST_CASE("trace: a stream the gateway breaks off breaks off for the program too, and is named") {
  fake::Server server(fake::scenario("stream-broken"));
  // curl as the program: it says when an answer ends short (exit 18), as it does without trace.
  const std::string program =
      "curl -sS -N -o /dev/null -H \"Authorization: Bearer $APP_KEY\" -H 'Content-Type: application/json' "
      "-d '{\"model\":\"qwen-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}' "
      "\"$OPENAI_BASE_URL/chat/completions\"";
  Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/bin/sh", "-c", program},
                       {{"APP_KEY", fake::kGoodKey}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["command_exit"] == 18);  // CURLE_PARTIAL_FILE: the answer ended short
  CHECK(report["diagnosis"]["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(report["calls"][0]["stream_done"] == false);
}

TEST_CASE("trace: a gateway that does not answer is NETWORK, the program is told so by the forwarder") {
  const std::string closed = "http://127.0.0.1:" + std::to_string(free_port()) + "/api/v1";
  Run run = run_doctor({"trace", "--format", "json", "--base-url", closed, "--", "/usr/bin/python3", kClient,
                        "healthy"},
                       {{"APP_KEY", fake::kGoodKey}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["diagnosis"]["category"] == "NETWORK");
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("the call could not reach the base URL") !=
        std::string::npos);
  CHECK(run.err.find("client: HTTP 502") != std::string::npos);
}

TEST_CASE("trace: a program that ignores the base URL variables made no call, and the variable it may read is named") {
  fake::Server server(fake::scenario("healthy"));
  Run run = trace(server, "ignore-variables", {{"MY_LLM_ENDPOINT", server.base_url()}});
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["calls"].empty());
  CHECK(report["command_exit"] == 0);
  const auto summary = report["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("made no call through the forwarder") != std::string::npos);
  CHECK(summary.find("MY_LLM_ENDPOINT") != std::string::npos);
}

TEST_CASE("trace: a program that could not run before any call is named as that, not as a variable problem") {
  fake::Server server(fake::scenario("healthy"));
  TempDir dir;
  const std::string script = dir.write("not-executable.sh", "#!/bin/sh\necho hi\n");  // mode 0644
  struct Case {
    std::string shell, words;
  };
  for (const Case& c : {Case{"anlink-no-such-command --flag", "exited with status 127"},
                        Case{"'" + script + "'", "exited with status 126"},
                        Case{"kill -SEGV $$", "signal 11 (SIGSEGV)"}}) {
    Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/bin/sh", "-c",
                          c.shell});
    INFO(c.shell << "\n" << run.out << run.err);
    CHECK(run.exit_code == 1);
    auto report = run.json();
    CHECK(report["calls"].empty());
    const auto summary = report["diagnosis"]["summary"].get<std::string>();
    CHECK(summary.find(c.words) != std::string::npos);
    CHECK(summary.find("before") != std::string::npos);
    CHECK(summary.find("OPENAI_BASE_URL") == std::string::npos);
  }
}

TEST_CASE("trace: a program that fails at its start (exit 1, no call) is told to read its own error first") {
  fake::Server server(fake::scenario("healthy"));
  // Python's ImportError: what an app without its SDK installed does.
  Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3", "-c",
                        "import anlink_no_such_module"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  auto report = run.json();
  CHECK(report["command_exit"] == 1);
  const auto summary = report["diagnosis"]["summary"].get<std::string>();
  CHECK(summary.find("exited with status 1 before any call") != std::string::npos);
  CHECK(summary.find("failed before its first call") != std::string::npos);
  CHECK(any_contains(report["diagnosis"]["fixes"], "Read the program's error output"));
}

TEST_CASE("trace: a script whose #! interpreter is missing is named as that (exit 2)") {
  TempDir dir;
  const std::string script = dir.write("app.sh", "#!/nonexistent/anlink-interpreter\necho hi\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  Run run = run_doctor({"trace", "--base-url", "http://127.0.0.1:9/api/v1", "--", script});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("its interpreter /nonexistent/anlink-interpreter does not exist") != std::string::npos);
  Run name = run_doctor({"trace", "--base-url", "http://127.0.0.1:9/api/v1", "--", "anlink-no-such-program"});
  CHECK(name.exit_code == 2);
  CHECK(name.err.find("no such program on PATH") != std::string::npos);
}

TEST_CASE("trace: the program's own exit status is in the report, its calls decide the doctor's") {
  fake::Server server(fake::scenario("healthy"));
  Run run = trace(server, "exit-3");
  CHECK(run.exit_code == 0);
  CHECK(run.json()["command_exit"] == 3);
}

TEST_CASE("trace: the forwarder relays only under the base URL's path, to the base URL's host") {
  fake::Server server(fake::scenario("healthy"));
  const std::string script =
      "import os, socket, urllib.parse, urllib.request, urllib.error\n"
      "base = os.environ['OPENAI_BASE_URL']\n"
      "root = base[:base.index('/', 8)]\n"
      "for url in (root + '/admin?key=qs_secret_5c1f9a77', root + '/api/v1/../../etc'):\n"
      "    try:\n"
      "        urllib.request.urlopen(urllib.request.Request(url, headers={'Host': 'evil.example'}))\n"
      "    except urllib.error.HTTPError as e:\n"
      "        print(e.code)\n"
      "u = urllib.parse.urlsplit(base)\n"  // an absolute URI, as a proxy client sends
      "s = socket.create_connection((u.hostname, u.port))\n"
      "s.sendall(b'GET http://evil.example/api/v1/models HTTP/1.1\\r\\nHost: evil.example\\r\\n'\n"
      "          b'Connection: close\\r\\n\\r\\n')\n"
      "print('absolute:', s.recv(200).split(b'\\r\\n')[0].decode())\n";
  TempDir dir;
  Run run = run_doctor({"trace", "--format", "json", "--base-url", server.base_url(), "--", "/usr/bin/python3",
                        dir.write("outside.py", script)});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  for (const auto& r : server.received()) CHECK(r.path.rfind("/api/v1", 0) == 0);
  auto report = run.json();
  REQUIRE(report["calls"].size() >= 1);
  CHECK(report["calls"][0]["status"] == 404);
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("outside the base URL's path") != std::string::npos);
  CHECK(run.err.find("absolute: HTTP/1.1 404") != std::string::npos);
  CHECK(run.out.find("qs_secret") == std::string::npos);  // a query may hold a key: never shown
  CHECK(run.err.find("qs_secret") == std::string::npos);
  CHECK(server.received().empty());
}

TEST_CASE("trace: past a fixed number of distinct credentials a call is refused, never shown unmasked") {
  fake::Server server(fake::scenario("healthy"));
  Run run = trace(server, "rotating-tokens");
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("tok_rotating_") == std::string::npos);
  CHECK(run.err.find("tok_rotating_") == std::string::npos);
  auto report = run.json();
  REQUIRE(report["calls"].size() == 70);
  int relayed = 0, refused = 0;
  for (const auto& c : report["calls"]) (c["status"] == 403 ? refused : relayed) += 1;
  CHECK(relayed == 63);  // the program's key and 63 team tokens: 64 credentials masked
  CHECK(refused == 7);
  CHECK(report["calls"][63]["status"] == 403);
  int received = 0;
  for (const auto& r : server.received()) received += r.path == "/api/v1/chat/completions";
  CHECK(received == relayed);  // a refused call never reached the gateway
  CHECK(report["diagnosis"]["summary"].get<std::string>().find("distinct credentials") != std::string::npos);
}

TEST_CASE("trace: wrong command lines are usage errors") {
  CHECK(run_doctor({"trace"}).exit_code == 2);
  CHECK(run_doctor({"trace", "--base-url", "http://127.0.0.1:9/v1", "--", "/nonexistent/program"}).exit_code == 2);
  CHECK(run_doctor({"trace", "--listen", "0.0.0.0:0", "--base-url", "http://127.0.0.1:9/v1"}).exit_code == 2);
  CHECK(run_doctor({"trace", "--listen", "127.0.0.1:99999", "--base-url", "http://127.0.0.1:9/v1"}).exit_code == 2);
}

TEST_CASE("trace --listen: the forwarder alone, for a program started elsewhere, until interrupted") {
  fake::Server server(fake::scenario("healthy"));
  const int port = free_port();
  const std::string doctor = ANLINK_DOCTOR_BIN;
  const std::string script =
      "'" + doctor + "' trace --format json --listen 127.0.0.1:" + std::to_string(port) + " --base-url '" +
      server.base_url() + "' & pid=$!\n"
      "for i in $(seq 100); do python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", " +
      std::to_string(port) + "))' 2>/dev/null && break; sleep 0.1; done\n"
      "OPENAI_BASE_URL=http://127.0.0.1:" + std::to_string(port) + "/api/v1 /usr/bin/python3 '" + kClient +
      "' healthy >&2\n"
      "kill -INT $pid; wait $pid\n";
  Run run = run_shell(script, {{"APP_KEY", fake::kGoodKey}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  auto report = run.json();
  CHECK(report["command"].empty());
  CHECK(report["command_exit"].is_null());
  REQUIRE(report["calls"].size() == 1);
  CHECK(report["calls"][0]["status"] == 200);
}
