// anlink-doctor trace [target flags] -- COMMAND [ARGS...]: the program's own calls, relayed
// through a forwarder on 127.0.0.1 and judged one by one.
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/listen_address.hpp"
#include "core/category.hpp"
#include "core/route.hpp"
#include "http/client.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "checks/route_missing.hpp"
#include "trace/call_judge.hpp"
#include "clients/client.hpp"
#include "trace/relay.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"
#include "version.hpp"

extern char** environ;

namespace anlink {

namespace {

// The base URL variables the program is given, all pointing at the forwarder: the base URL's
// path for the OpenAI-style clients, the forwarder's root for the Anthropic ones (they append
// /v1/messages).
constexpr const char* kBaseVariables[] = {"OPENAI_BASE_URL", "OPENAI_API_BASE", "ANLINKAI_BASE_URL"};
constexpr const char* kRootVariable = "ANTHROPIC_BASE_URL";

bool is_set_by_trace(std::string_view name) {
  if (name == kRootVariable) return true;
  for (const char* v : kBaseVariables)
    if (name == v) return true;
  return false;
}

// Variables of this environment that look like another base URL the program may read
// (names only, never values).
std::vector<std::string> other_base_variables() {
  std::vector<std::string> out;
  for (char** e = environ; *e && out.size() < 8; ++e) {
    std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (name.size() > 64) continue;
    if (is_set_by_trace(name)) continue;
    for (const char* tail : {"_BASE_URL", "_API_BASE", "_ENDPOINT", "_API_URL", "_BASE"})
      if (name.ends_with(tail)) {
        out.push_back(name);
        break;
      }
  }
  return out;
}

// Why the program could not be started, in one line: a file that exists but whose #!
// interpreter does not, a name not on PATH, no permission.
std::string cannot_start(const std::string& program, int err) {
  const std::string shown = text::one_line(text::shorten(program, 100));
  struct stat st {};
  if (err == ENOENT && program.find('/') != std::string::npos && ::stat(program.c_str(), &st) == 0 &&
      S_ISREG(st.st_mode)) {
    std::string interpreter;
    if (std::FILE* f = std::fopen(program.c_str(), "rb")) {
      char line[256] = {};
      if (std::fgets(line, sizeof line, f) && line[0] == '#' && line[1] == '!')
        interpreter = text::trim(std::string(line + 2));
      std::fclose(f);
    }
    return fmt::format("cannot run \"{}\": its interpreter{} does not exist (the #! line)", shown,
                       interpreter.empty() ? "" : " " + text::one_line(text::shorten(interpreter, 80)));
  }
  if (err == ENOENT && program.find('/') == std::string::npos)
    return fmt::format("cannot run \"{}\": no such program on PATH", shown);
  return fmt::format("cannot run \"{}\": {}", shown, std::strerror(err));
}

// Runs the program with the forwarder's URL in its base URL variables; its exit status
// (128 + the signal that ended it). Throws UsageError when it cannot be started. With
// `stdout_to_stderr` (a JSON report on stdout) the program's own output goes to stderr.
int run_program(const std::vector<std::string>& command, const Forwarder& at, bool stdout_to_stderr) {
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    if (!is_set_by_trace(entry.substr(0, entry.find('=')))) env_s.emplace_back(entry);
  }
  for (const char* v : kBaseVariables) env_s.push_back(std::string(v) + "=" + at.base);
  env_s.push_back(std::string(kRootVariable) + "=" + at.root);
  std::vector<char*> argv, envp;
  std::vector<std::string> args = command;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (stdout_to_stderr) posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw UsageError(cannot_start(command[0], rc));
  // Ctrl-C reaches the program (same process group); the doctor stays to report.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_int {}, old_term {};
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGTERM, &ignore, &old_term);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// The diagnosis when no call came through: the program could not run (a shell's 126/127,
// a signal before any call), or it does not read the variables the forwarder set.
nlohmann::ordered_json no_call_diagnosis(const std::vector<std::string>& command, std::optional<int> exit) {
  auto fail = [](const std::string& summary, std::vector<std::string> fixes) {
    return nlohmann::ordered_json{{"status", "fail"}, {"call", nullptr}, {"category", "CONFIG"},
                                  {"summary", summary}, {"fixes", fixes}};
  };
  const std::string program = command.empty() ? "" : text::one_line(text::shorten(command[0], 100));
  if (exit && *exit == 127)
    return fail(fmt::format("the program ({}) exited with status 127 before any call, a shell's \"command "
                            "not found\": it, or a command it runs, is not installed or not on PATH",
                            program),
                {"Run the command without trace and read its error output: install what it names, or give "
                 "its full path",
                 "trace judged nothing: rerun it once the program starts"});
  if (exit && *exit == 126)
    return fail(fmt::format("the program ({}) exited with status 126 before any call, a shell's \"cannot "
                            "execute\": it, or a command it runs, was found but is not executable (no execute "
                            "permission, or not a program)",
                            program),
                {"Check the command's permissions (chmod +x) and its #! line", "trace judged nothing: rerun it "
                 "once the program starts"});
  if (exit && *exit > 128 && *exit < 128 + 65) {
    const int sig = *exit - 128;
    const char* name = sigabbrev_np(sig);
    const std::string signal = fmt::format("signal {}{}", sig, name ? fmt::format(" (SIG{})", name) : std::string());
    return fail(fmt::format("the program ({}) was ended by {} before it made any call, or a command it ran was "
                            "(a shell then exits with {})",
                            program, signal, *exit),
                {sig == SIGKILL ? "Something killed it (the out-of-memory killer, a timeout, a supervisor): "
                                  "check dmesg or what runs it"
                                : "Run the command without trace to see where it stops",
                 "trace judged nothing: rerun it once the program gets to its first call"});
  }
  auto others = other_base_variables();
  const std::string variables =
      "it does not read OPENAI_BASE_URL, OPENAI_API_BASE, ANLINKAI_BASE_URL or ANTHROPIC_BASE_URL" +
      (others.empty() ? std::string() : " (it may read one of: " + text::join(others, ", ") + ")");
  const std::string point = "Point the variable the program reads at the gateway, or pass the base URL to its "
                            "client (base_url= in the SDKs)";
  if (exit && *exit != 0)  // it failed: at its start (a missing module, a config) or on a call elsewhere
    return fail(fmt::format("the program ({}) exited with status {} before any call through the forwarder: it "
                            "failed before its first call (its error output says why: a missing module or "
                            "setting), or it called another address: {}",
                            program, *exit, variables),
                {"Read the program's error output above: if it stopped before calling the gateway, fix that first",
                 point});
  return fail("the program made no call through the forwarder: " + variables, {point});
}

sigset_t interrupts() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// Until SIGINT or SIGTERM (trace --listen without a command). The signals were blocked
// before the forwarder's threads started, so that every thread inherits the mask.
void wait_for_interrupt() {
  // A shell starts a background job with SIGINT ignored; an ignored signal never reaches sigwait.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const sigset_t signals = interrupts();
  int sig = 0;
  sigwait(&signals, &sig);
}

}  // namespace

CLI::App* setup_trace(CLI::App& app, TraceCommand& cmd) {
  auto* sub = app.add_subcommand("trace", "Run your program through a forwarder and diagnose each of its calls");
  add_input_options(sub, cmd.args);
  sub->add_option("--listen", cmd.listen, "Forwarder address HOST:PORT (default 127.0.0.1 and a free port); without a command, run until Ctrl-C");
  sub->add_flag("--allow-remote-listen", cmd.allow_remote, "Allow --listen on an address other machines can reach");
  sub->add_option("--format", cmd.format, "Report format")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("command", cmd.command, "The program and its arguments, after --");
  return sub;
}

int run_trace(const TraceCommand& cmd) {
  if (cmd.command.empty() && cmd.listen.empty())
    throw UsageError("give the program to run after --, or --listen HOST:PORT to forward until Ctrl-C");
  const auto [host, port] = listen_address(cmd.listen, cmd.allow_remote, "other machines could send calls with your key's route through it");
  std::string notice;
  // A client known by its command's name reads its own configuration, as --client would: its
  // calls (and its key) go where it sends them, never to the doctor's default gateway.
  CheckArgs args = cmd.args;
  if (args.client.empty() && args.from_env.empty())
    if (const ClientDef* known = client_of("", cmd.command)) args.client = std::string(known->id);
  CheckOptions opts = resolve_inputs(args, notice);
  if (!notice.empty()) std::cerr << kToolName << ": notice: " << notice << "\n";
  if (!is_loopback_host(host))
    std::cerr << kToolName << ": warning: the forwarder listens on " << host
              << ", where other machines can reach it and call the gateway through it\n";

  std::mutex mu;  // the redactor learns secrets as calls arrive
  Redactor redact(opts.api_key.value);
  if (!opts.second_key.value.empty()) redact.add(opts.second_key.value, mask_key(opts.second_key.value));
  for (const auto& s : proxy_secrets()) redact.add(s, "***");
  const std::vector<std::string> public_texts = {opts.base_url.value};
  const std::size_t own_secrets = redact.size();
  auto on_secret = [&](const std::string& value) {
    std::lock_guard lock(mu);
    if (value.size() < 8 || redact.knows(value)) return true;  // shorter: never shown, would garble text
    if (redact.size() >= own_secrets + kMaxSecrets) return false;
    redact.add(value, "***", public_texts);
    return true;
  };
  // Asked only when a call's route is missing: do the other APIs answer at this base? Without
  // the key (the key-less answers tell), one call at a time (on_call is).
  HttpLimits limits;
  limits.total = opts.timeout;
  limits.ip_version = opts.ip_version;
  limits.connect = std::clamp(opts.timeout / 2, std::chrono::milliseconds(250), std::chrono::milliseconds(10000));
  HttpClient http(limits, opts.ca_file);
  TraceJudge judge{opts, client_of(args.client, cmd.command), {}};
  judge.apis_served = [&](const ApiDef& missing, const std::string& model) {
    const std::string& m = model.empty() ? opts.model.value : model;
    return apis_served(http, {opts.profile, opts.base_url.value, m, opts.api_key.value}, missing, false);
  };
  std::map<int, Finding> verdicts;  // by call index, judged while the call's bodies are at hand
  auto on_call = [&](const Call& call) {
    Finding verdict = judge_call(call, judge);
    std::lock_guard lock(mu);
    if (verdicts.size() < static_cast<std::size_t>(kMaxCalls)) {
      Finding kept = verdict;  // the report needs the request id of the evidence, no more
      kept.evidence = nlohmann::ordered_json::object();
      if (auto id = verdict.evidence.find("request_id"); id != verdict.evidence.end()) kept.evidence["request_id"] = *id;
      verdicts[call.index] = std::move(kept);
    }
    std::cerr << redact(text::one_line(fmt::format("{} {} {}", verdict.status == Status::pass ? "✓" : "✗",
                                                   call.index, call_line(call, verdict)))) << "\n"
              << std::flush;
  };
  RelayOptions ro;
  ro.base_url = opts.base_url.value;
  ro.listen_host = host;
  ro.listen_port = port;
  ro.ca_file = opts.ca_file;
  ro.ip_version = opts.ip_version;
  if (cmd.command.empty()) {
    const sigset_t signals = interrupts();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  std::unique_ptr<Relay> relay;
  try {
    relay = std::make_unique<Relay>(ro, on_call, on_secret);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("trace: ") + e.what());
  }
  {
    std::lock_guard lock(mu);  // the relay's threads may be teaching the redactor already
    std::cerr << kToolName << ": forwarding " << relay->url() << " -> " << redact(opts.base_url.value) << ", "
              << relay->root_url() << "/v1/messages -> " << redact(messages_url(opts.profile, opts.base_url.value, "/v1/messages"))
              << "\n";
  }

  const Forwarder at{relay->root_url(), relay->url()};
  std::vector<std::string> command = cmd.command;  // with the client's override of its own configuration
  if (judge.client && !command.empty()) {
    std::vector<std::string> warnings;
    command = with_override(*judge.client, command, at, warnings);
    std::lock_guard lock(mu);
    for (const auto& w : warnings) std::cerr << kToolName << ": warning: " << redact(w) << "\n";
  }
  std::optional<int> command_exit;
  if (!command.empty()) command_exit = run_program(command, at, cmd.format == "json");
  else wait_for_interrupt();
  relay->stop();

  // The report: every call, and the first failure's diagnosis.
  const std::vector<Call> calls = relay->calls();
  for (const auto& call : calls)  // the forwarder's own limit failed a call: not the gateway's doing
    if (!call.response.own_limit.empty()) throw OwnLimitError("trace: call " + std::to_string(call.index) + ": " +
                                                              call.response.own_limit);
  nlohmann::ordered_json doc = {{"schema_version", 1},
                                {"tool", {{"name", kToolName}, {"version", kVersion}}},
                                {"target", {{"base_url", opts.base_url.value}, {"profile", opts.profile.name}}},
                                {"command", cmd.command},
                                {"command_exit", command_exit ? nlohmann::ordered_json(*command_exit) : nullptr},
                                {"forwarder", relay->url()},
                                {"client", judge.client ? nlohmann::ordered_json(judge.client->id) : nullptr},
                                {"calls", nlohmann::ordered_json::array()}};
  std::optional<std::pair<const Call*, Finding>> first_failure;
  for (const auto& call : calls) {
    const Finding& f = verdicts[call.index];
    nlohmann::ordered_json j = {{"index", call.index},
                                {"api", call.api->id},
                                {"method", call.method},
                                {"path", call.path},
                                {"model", call.model.empty() ? nullptr : nlohmann::ordered_json(call.model)},
                                {"status", call.response.status},
                                {"duration_ms", std::lround(call.duration_ms)},
                                {"stream", call.stream},
                                {"request_id", nullptr},
                                {"category", f.category ? nlohmann::ordered_json(id_of(*f.category)) : nullptr},
                                {"summary", f.status == Status::pass ? call_line(call, f) : f.summary},
                                {"fixes", f.fixes}};
    if (auto id = f.evidence.find("request_id"); id != f.evidence.end()) j["request_id"] = *id;
    if (call.stream) j["stream_done"] = call.summary.done, j["chunks"] = call.summary.chunks,
                     j["client_closed"] = call.client_closed;
    doc["calls"].push_back(j);
    if (f.status == Status::fail && !first_failure) first_failure.emplace(&call, f);
  }
  nlohmann::ordered_json diagnosis;
  int exit_code = 0;
  if (first_failure) {
    const auto& [call, f] = *first_failure;
    diagnosis = {{"status", "fail"}, {"call", call->index}, {"category", id_of(*f.category)},
                 {"summary", f.summary}, {"fixes", f.fixes}};
    exit_code = 1;
  } else if (calls.empty()) {
    diagnosis = no_call_diagnosis(cmd.command, command_exit);
    exit_code = 1;
  } else {
    diagnosis = {{"status", "pass"}, {"call", nullptr}, {"category", nullptr},
                 {"summary", calls.size() == 1 ? std::string("its one call succeeded")
                                               : fmt::format("all {} calls succeeded", calls.size())}, {"fixes", nlohmann::ordered_json::array()}};
  }
  doc["diagnosis"] = diagnosis;
  doc["exit_code"] = exit_code;
  if (relay->dropped() > 0) doc["calls_not_kept"] = relay->dropped();

  std::lock_guard lock(mu);
  if (cmd.format == "json") {
    std::cout << redact(doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << "\n";
  } else {
    std::string out = "\n";
    const std::string count = fmt::format("{} call{}", calls.size(), calls.size() == 1 ? "" : "s");
    if (command_exit) out += fmt::format("the program exited with status {}; {} through the forwarder\n", *command_exit, count);
    else out += count + " through the forwarder\n";
    out += fmt::format("\n{} {}{}\n", exit_code ? "✗" : "✓",
                       diagnosis["category"].is_string() ? diagnosis["category"].get<std::string>() + ": " : "",
                       diagnosis["summary"].get<std::string>());
    for (const auto& fix : diagnosis["fixes"]) out += "  • " + fix.get<std::string>() + "\n";
    std::cout << redact(text::printable(out, true));
  }
  return exit_code;
}

}  // namespace anlink
