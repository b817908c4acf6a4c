// `anlink-doctor explain`: offline answers about a category, status, code or saved response.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/commands.hpp"
#include "util/input_file.hpp"
#include "cli/errors.hpp"
#include "explain/explain.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

std::string read_body(const std::string& file) {
  constexpr std::size_t kMax = 8u << 20;
  try {
    return file == "-" ? read_stdin(kMax) : read_input_file(file, kMax);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--body \"{}\": {}", file, e.what()));
  }
}

}  // namespace

CLI::App* setup_explain(CLI::App& app, ExplainCommand& cmd) {
  auto* sub = app.add_subcommand(
      "explain", "Explain a category id, an HTTP status or a platform error code, offline");
  sub->add_option("topic", cmd.topic, "UNAUTHORIZED, 429, UPSTREAM_STREAM_INTERRUPTED, insufficient_quota, ...");
  sub->add_option("--status", cmd.status, "Classify a saved failed response with this HTTP status")
      ->check(CLI::Range(100, 599));
  sub->add_option("--body", cmd.body_file, "The saved response body (a file, or - for stdin)");
  sub->add_option("--format", cmd.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  return sub;
}

int run_explain(CLI::App& sub, const ExplainCommand& cmd) {
  const bool saved = sub.count("--status") > 0 || !cmd.body_file.empty();
  if (saved && !cmd.topic.empty())
    throw UsageError("explain: give a TOPIC, or --status/--body for a saved response, not both");
  if (!saved && cmd.topic.empty())
    throw UsageError("explain: give a TOPIC (a category id, an HTTP status or a platform code), "
                     "or --status N --body FILE");
  Explanation e;
  if (saved) {
    e = explain_response(cmd.status, cmd.body_file.empty() ? "" : read_body(cmd.body_file));
  } else if (auto found = explain_topic(cmd.topic)) {
    e = *found;
  } else {
    auto close = text::closest(cmd.topic, explain_vocabulary(), 1);
    throw UsageError(fmt::format("explain \"{}\": not a category id, HTTP status or known code{}",
                                 cmd.topic,
                                 close.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", close[0])));
  }
  std::cout << (cmd.format == "json" ? render_explanation_json(e) : render_explanation_text(e));
  return 0;
}

}  // namespace anlink
