// `anlink-doctor check`: resolve the inputs, run the check table, render the report.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/check_run.hpp"
#include "cli/commands.hpp"
#include "clients/client.hpp"
#include "core/credential.hpp"
#include "cli/errors.hpp"
#include "cli/output.hpp"
#include "http/proxy.hpp"
#include "core/route.hpp"
#include "http/url.hpp"
#include "report/baseline.hpp"
#include "report/printable.hpp"
#include "util/input_file.hpp"
#include "report/renderers.hpp"
#include "util/secret.hpp"
#include "util/std_streams.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

void add_input_options(CLI::App* sub, CheckArgs& a) {
  sub->add_option("--config", a.config, "Read named targets from this config file [default $XDG_CONFIG_HOME/anlink-doctor/config.json]");
  sub->add_option("--target", a.target, "Use this target of the config file");
  sub->add_option("--from-env", a.from_env, "Read the inputs from an SDK family's variables, as the app does: openai (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID) or anthropic (ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN, ANTHROPIC_MODEL; checks messages)")
      ->check(CLI::IsMember({"openai", "anthropic"}));
  sub->add_option("--client", a.client, "Check what this agent client would do, from its own configuration: claude-code (ANTHROPIC_* from the environment and its settings files), codex ($CODEX_HOME/config.toml), openai-sdk (as --from-env openai)")
      ->check(CLI::IsMember([] {
        std::vector<std::string> ids;
        for (const auto& c : client_table()) ids.emplace_back(c.id);
        return ids;
      }()));
  sub->add_option("--codex-profile", a.codex_profile, "With --client codex: layer $CODEX_HOME/NAME.config.toml over config.toml, as codex -p NAME does");
  sub->add_option("--env-file", a.env_file, "Read variables from this dotenv file (the app's .env) after the environment; never executed");
  sub->add_option("--base-url", a.base_url, "API base; the chat route is {base}/chat/completions [env ANLINKAI_BASE_URL]");
  sub->add_option_function<std::string>("--api-key", [&a](const std::string& v) {
    a.api_key = v;
    a.api_key_given = true;
  }, "The bearer key, or - to read it from stdin [env ANLINKAI_API_KEY]");
  sub->add_option("--api-key-file", a.api_key_file, "Read the key from this file");
  sub->add_option("--model", a.models, "Model code to verify; several as A,B or repeated [env ANLINKAI_MODEL, default qwen-flash]")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--api", a.apis, "The API the checks speak: chat, messages (Anthropic), responses (OpenAI), or all; several as A,B or repeated [default chat]")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--profile", a.profile, "Provider profile [env ANLINKAI_PROFILE, default anlinkai]");
  sub->add_option("--profile-file", a.profile_file, "Read the provider profile from this JSON file");
  sub->add_option("-H,--header", a.headers, "Send this header with every request, 'Name: value' (repeatable; ${VAR} is read from the environment; a credential's value is kept secret)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--api-version", a.api_version, "Send this api-version query parameter (Azure OpenAI) [env OPENAI_API_VERSION]");
  sub->add_option("--cacert", a.cacert, "Trust this CA bundle [env SSL_CERT_FILE, CURL_CA_BUNDLE]");
  sub->add_option("--timeout", a.timeout_seconds, "Whole-request limit in seconds (default 20)");
  sub->add_flag("--allow-insecure-http", a.allow_insecure_http,
                "Allow sending the key over plain http:// to another machine");
  sub->add_flag("-4,--ipv4", a.ipv4, "Resolve names to IPv4 addresses only");
  sub->add_flag("-6,--ipv6", a.ipv6, "Resolve names to IPv6 addresses only");
}

void add_run_options(CLI::App* sub, CheckArgs& a) {
  sub->add_option("--request-id", a.request_ids, "Also look this request up in the usage logs (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_flag("--no-probe", a.no_probe, "Send no billable request (no completion, no stream)");
  sub->add_flag("--no-stream", a.no_stream, "Skip the streaming probe only");
  sub->add_option("--hold", a.hold_seconds,
                  "Keep one stream open this many seconds and name what cut it, if anything (opt-in; costs tokens)");
  sub->add_option("--max-time", a.max_time_seconds,
                  "Limit for the whole run in seconds (default 3 x --timeout, plus --hold)");
  sub->add_flag("--sequential", a.sequential,
                "Send one request at a time, each only after the checks before it passed");
  sub->add_option("--request-body", a.request_body,
                  "Probe with this JSON body (a request that failed for you); linted first");
  sub->add_option("--capabilities", a.capabilities,
                  "Also probe these capabilities, each a small billable request per API and model: tools, "
                  "tool_choice, parallel_tools, json_schema, vision, reasoning, or all; several as A,B or repeated")
      ->type_name("LIST");
  sub->add_option("--only", a.only, "Run only these checks (comma-separated ids)");
  sub->add_option("--skip", a.skip, "Skip these checks (comma-separated ids)");
}

CLI::App* setup_check(CLI::App& app, CheckCommand& cmd) {
  auto* sub = app.add_subcommand("check", "Run the checks in order and diagnose the first failure");
  auto& a = cmd.args;
  add_input_options(sub, a);
  add_run_options(sub, a);
  std::vector<std::string> formats;
  for (const auto& r : renderer_table()) formats.emplace_back(r.name);
  sub->add_option("--format", cmd.format, "Report format")->check(CLI::IsMember(formats));
  sub->add_option("--output", cmd.output, "Write the report to this file instead of stdout");
  sub->add_option("--save-baseline", cmd.save_baseline, "Also write the run's JSON report to this file, to compare later runs with");
  sub->add_option("--baseline", cmd.baseline, "Compare the run with this saved report: list what got worse; exit 4 if nothing failed but something regressed");
  sub->add_flag("--strict", cmd.strict, "Warnings also make the exit status 1");
  sub->add_flag("-v,--verbose", cmd.verbose, "Show evidence and timings");
  sub->add_flag("-q,--quiet", cmd.quiet, "Show the diagnosis only");
  sub->add_flag("--no-color", cmd.no_color, "Plain text, no colour [env NO_COLOR]");
  return sub;
}

namespace {

// --baseline's file: a report --save-baseline wrote (or --format json), read as untrusted.
Baseline read_baseline(const std::string& path) {
  const std::string shown = text::shorten(text::one_line(path), 200);
  try {
    return parse_baseline(read_input_file(path, kMaxBaselineBytes));
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--baseline {}: {}", shown, e.what()));
  }
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ea, eb;
  const auto pa = std::filesystem::weakly_canonical(a, ea), pb = std::filesystem::weakly_canonical(b, eb);
  return a == b || (!ea && !eb && pa == pb);
}

bool use_color(const CheckCommand& cmd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !cmd.no_color && cmd.output.empty() && (!no_color || !*no_color) &&
         !(term && std::string(term) == "dumb") && ::isatty(STDOUT_FILENO);
}

}  // namespace

int run_check(const CheckCommand& cmd) {
  if (cmd.verbose && cmd.quiet) throw UsageError("-v and -q: choose one");
  // Where the report goes is checked before anything is sent.
  if (!cmd.output.empty()) check_output_path(cmd.output);
  else if (std_streams().out_closed)
    throw InternalError("stdout is closed, so the report has nowhere to go: pass --output PATH");
  if (!cmd.save_baseline.empty()) check_output_path(cmd.save_baseline, "--save-baseline");
  if (!cmd.save_baseline.empty() && !cmd.output.empty() && same_file(cmd.save_baseline, cmd.output))
    throw UsageError("--save-baseline and --output name the same file: the baseline would replace the report");
  const std::optional<Baseline> baseline = cmd.baseline.empty() ? std::nullopt : std::optional(read_baseline(cmd.baseline));
  std::string notice;
  CheckOptions opts = resolve_inputs(cmd.args, notice);
  const Redactor redact = redactor_for(opts);
  // The saved report went through the Redactor: so does what it is compared with.
  if (baseline)
    if (auto why = other_target(*baseline, redact(opts.base_url.value), redact(opts.profile.name)))
      throw UsageError(fmt::format("--baseline {}: {}", text::shorten(text::one_line(cmd.baseline), 200), *why));
  if (!notice.empty()) std::cerr << kToolName << ": notice: " << notice << "\n";

  const Profile& profile = opts.profile;
  RenderOptions ropts;
  ropts.color = use_color(cmd);
  ropts.verbosity = cmd.quiet ? Verbosity::quiet : cmd.verbose ? Verbosity::verbose : Verbosity::normal;
  const bool live = cmd.format == "text" && cmd.output.empty();
  OnResult on_result;
  if (live) {
    const std::vector<std::string> apis = named_apis(opts.apis);
    std::cout << redact(text_header({opts.base_url.value, opts.model.value, profile.name,
                                     mask_key(opts.api_key.value),
                                     opts.models.size() > 1 ? opts.models : std::vector<std::string>{}, apis,
                                     opts.client ? std::string(opts.client->id) : ""},
                                    ropts)) << std::flush;
    on_result = [&](const CheckResult& r) {
      CheckResult shown = r;
      make_printable(shown);
      std::cout << redact(text_check(shown, ropts)) << std::flush;
    };
  }
  Report report = run_once(opts, cmd.strict, on_result, cmd.format == "html");
  if (baseline) {
    report.baseline = compare_with(*baseline, report);
    report.baseline->file = cmd.baseline;
    report.exit_code = exit_code_with(report.exit_code, report.baseline->regressions);
    make_printable(report);
  }

  if (live) {
    std::cout << redact(text_diagnosis(report, ropts)) << std::flush;
  } else {
    std::string doc = redact(find_renderer(cmd.format)->render(report, ropts));
    if (cmd.output.empty()) std::cout << doc << std::flush;
    else write_report_file(cmd.output, doc);
  }
  if (cmd.format == "github") append_step_summary(redact(render_markdown(report, ropts)));
  if (!cmd.save_baseline.empty()) write_report_file(cmd.save_baseline, redact(render_json(report, ropts)), "--save-baseline");
  if (!std::cout) throw InternalError("could not write the report to stdout");
  return report.exit_code;
}

}  // namespace anlink
