#pragma once
// The subcommands: each has its options struct, a setup_ that declares its flags, and a
// run_ that returns the exit status. Throw UsageError / InternalError for exit 2 / 3.
#include <CLI/CLI.hpp>
#include <string>

#include "cli/inputs.hpp"

namespace anlink {

struct CheckCommand {
  CheckArgs args;
  std::string format = "text";
  std::string output;
  std::string save_baseline, baseline;  // --save-baseline FILE, --baseline FILE
  bool strict = false, verbose = false, quiet = false, no_color = false;
};
// The inputs `check` and `config` share: where the target, key, model and profile come from.
void add_input_options(CLI::App* sub, CheckArgs& args);
// What a run of the checks sends: --no-probe, --capabilities, --only, --max-time, ...
void add_run_options(CLI::App* sub, CheckArgs& args);

CLI::App* setup_check(CLI::App& app, CheckCommand& cmd);
int run_check(const CheckCommand& cmd);

struct ExplainCommand {
  std::string topic;
  int status = 0;
  std::string body_file;
  std::string format = "text";
};
CLI::App* setup_explain(CLI::App& app, ExplainCommand& cmd);
int run_explain(CLI::App& sub, const ExplainCommand& cmd);

struct TraceCommand {
  CheckArgs args;
  std::string listen;  // HOST:PORT; without a command, forward until interrupted
  bool allow_remote = false;
  std::string format = "text";
  std::vector<std::string> command;
};
CLI::App* setup_trace(CLI::App& app, TraceCommand& cmd);
int run_trace(const TraceCommand& cmd);

struct WatchCommand {
  CheckArgs args;
  double interval = 60;
  int fail_after = 2, recover_after = 2;
  long paid_every = 1;
  long count = 0;  // 0: until SIGINT or SIGTERM
  std::string on_change, history, textfile;
  std::string format = "text";
  bool strict = false, verbose = false;
};
CLI::App* setup_watch(CLI::App& app, WatchCommand& cmd);
int run_watch(const WatchCommand& cmd);

struct ServeCommand {
  CheckArgs args;  // --config and the run options; each target's inputs come from the config
  std::string listen;
  bool allow_remote = false;
  double min_interval = 30;
  int concurrency = 4;
  bool strict = false;
};
CLI::App* setup_serve(CLI::App& app, ServeCommand& cmd);
int run_serve(const ServeCommand& cmd);

CLI::App* setup_config(CLI::App& app, CheckArgs& args);
int run_config(const CheckArgs& args);

CLI::App* setup_checks_list(CLI::App& app);
int run_checks_list();

CLI::App* setup_profiles_list(CLI::App& app);
int run_profiles_list();

}  // namespace anlink
