#pragma once

namespace anlink {

// Parses the command line, runs the subcommand, returns the process exit status.
int run_cli(int argc, char** argv);

}  // namespace anlink
