#include "cli/app.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "checks/check.hpp"
#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "http/client.hpp"
#include "core/profile.hpp"
#include "cli/output.hpp"
#include "util/exit_status.hpp"
#include "util/std_streams.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

CLI::App* setup_checks_list(CLI::App& app) {
  return app.add_subcommand("checks", "List the checks in order, with what each depends on");
}

int run_checks_list() {
  for (const auto& c : check_table()) {
    std::vector<std::string> pre(c.prerequisites.begin(), c.prerequisites.end());
    fmt::print("{:<9} {}\n{:<9} depends on: {}\n", c.id, c.description, "",
               pre.empty() ? "nothing" : text::join(pre, ", "));
  }
  return 0;
}

CLI::App* setup_profiles_list(CLI::App& app) {
  return app.add_subcommand("profiles", "List the built-in gateway profiles and what each can check");
}

int run_profiles_list() {
  for (const auto& p : builtin_profiles()) {
    std::vector<std::string> can = {"chat route"};
    if (p.catalog) can.emplace_back("catalog");
    if (p.balance) can.emplace_back("balance");
    if (p.usage_log) can.emplace_back("usage logs");
    fmt::print("{:<12} {}\n{:<12} base URL: {}\n{:<12} checks: {}\n", p.name, p.description, "",
               p.base_url.empty() ? "none: pass --base-url" : p.base_url, "", text::join(can, ", "));
  }
  return 0;
}

// An error message made of what the user typed: cut first (a 120 KB argument stays out of
// it), flattened to one line, then masked as the last step.
std::string one_line_error(const std::string& message) {
  return mask_secret_like_tokens(text::one_line(text::shorten(message, 400)));
}

int run_cli(int argc, char** argv) {
  CLI::App app{"anlink-doctor: finds out why requests to an LLM API gateway fail, and what to do",
               kToolName};
  app.set_version_flag("--version", fmt::format("{} {}", kToolName, kVersion));
  app.require_subcommand(1);
  CheckCommand check;
  ExplainCommand explain;
  CheckArgs config_args;
  TraceCommand trace;
  WatchCommand watch;
  ServeCommand serve;
  CLI::App* check_sub = setup_check(app, check);
  CLI::App* explain_sub = setup_explain(app, explain);
  CLI::App* list_sub = setup_checks_list(app);
  CLI::App* profiles_sub = setup_profiles_list(app);
  CLI::App* config_sub = setup_config(app, config_args);
  CLI::App* trace_sub = setup_trace(app, trace);
  CLI::App* watch_sub = setup_watch(app, watch);
  CLI::App* serve_sub = setup_serve(app, serve);

  if (argc > 0 && std::strlen(argv[0]) <= 4096) check.args.program = argv[0];
  if (argc > 1 && argv[1][0] != '-') {  // an unknown first word: name it, with the closest command
    const std::string_view word = argv[1];
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      auto close = word.size() <= 64 ? text::closest(word, names, 1) : std::vector<std::string>{};
      std::cerr << kToolName << ": error: "
                << mask_secret_like_tokens(fmt::format(
                       "unknown command \"{}\"{} (commands: {}; see anlink-doctor --help)",
                       text::one_line(text::shorten(word, 64)),
                       close.empty() ? "" : fmt::format(", did you mean \"{}\"?", close[0]),
                       text::join(names, ", ")))
                << "\n";
      return to_int(ExitStatus::usage);
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << kToolName << ": error: " << one_line_error(e.what())
              << " (see anlink-doctor --help)\n";
    return to_int(ExitStatus::usage);
  }
  try {
    if (std_streams().out_closed && !check_sub->parsed() && !serve_sub->parsed())  // check says it itself, or has --output
      throw InternalError("stdout is closed, so there is nowhere to write");
    int status = 0;
    if (list_sub->parsed()) status = run_checks_list();
    else if (profiles_sub->parsed()) status = run_profiles_list();
    else if (config_sub->parsed()) status = run_config(config_args);
    else if (explain_sub->parsed()) status = run_explain(*explain_sub, explain);
    else if (trace_sub->parsed()) status = run_trace(trace);
    else if (watch_sub->parsed()) status = run_watch(watch);
    else if (serve_sub->parsed()) status = run_serve(serve);
    else status = run_check(check);
    // A report that could not be written (a full disk, a closed pipe) is the doctor's failure.
    if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout.flush())
      throw InternalError("could not write to stdout");
    return status;
  } catch (const UsageError& e) {
    std::cerr << kToolName << ": error: " << one_line_error(e.what()) << "\n";
    return to_int(ExitStatus::usage);
  } catch (const InternalError& e) {
    std::cerr << kToolName << ": error: " << one_line_error(e.what()) << "\n";
    return to_int(ExitStatus::internal);
  } catch (const OwnLimitError& e) {
    std::cerr << kToolName << ": error: " << one_line_error(e.what()) << "\n";
    return to_int(ExitStatus::internal);
  }
}

}  // namespace anlink
