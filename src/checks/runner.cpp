#include "checks/runner.hpp"

#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>

#include "util/exit_status.hpp"
#include "util/secret.hpp"

namespace anlink {

namespace {

using Clock = std::chrono::steady_clock;

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

bool listed(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// --only ids, plus every prerequisite they need (the table lists prerequisites first).
std::vector<std::string> with_prerequisites(std::vector<std::string> ids) {
  const auto& table = check_table();
  for (auto it = table.rbegin(); it != table.rend(); ++it)
    if (listed(ids, it->id))
      for (auto pre : it->prerequisites)
        if (!listed(ids, pre)) ids.emplace_back(pre);
  return ids;
}

// Why --only / --skip leave a check out, if they do.
std::optional<std::string> left_out(const Context& ctx, const std::vector<std::string>& only,
                                    std::string_view id) {
  if (listed(ctx.opts.skip, id)) return "left out by --skip";
  if (!only.empty() && !listed(only, id)) return "not selected by --only";
  return std::nullopt;
}

// The first prerequisite of `def` among `blocked`, if any.
std::optional<std::string_view> failed_prerequisite(const CheckDef& def,
                                                    const std::vector<std::string_view>& blocked) {
  auto it = std::find_first_of(def.prerequisites.begin(), def.prerequisites.end(),
                               blocked.begin(), blocked.end());
  if (it == def.prerequisites.end()) return std::nullopt;
  return *it;
}

// True when start_ahead sent one of the check's requests and nobody took the answer.
bool answer_unjudged(const Context& ctx, const CheckDef& def) {
  if (!def.plan) return false;
  const auto planned = def.plan(ctx);  // plans depend on the inputs only: the same requests
  return std::any_of(planned.begin(), planned.end(),
                     [&](const HttpRequest& req) { return ctx.http.unclaimed(req); });
}

// The one place requests run concurrently. Called once the run's first request has resolved
// its host (nothing is sent to a host that does not resolve): every check still to come
// whose prerequisites have not failed starts its first requests now, all together; each
// check takes its answer later, in order. `blocked` is a copy: the checks to come are
// assumed to pass. Over https://, no request leaves before the certificate is verified.
void start_ahead(Context& ctx, const std::vector<std::string>& only,
                 std::vector<std::string_view> blocked) {
  for (const auto& def : check_table()) {
    if (ctx.results.count(def.id) || left_out(ctx, only, def.id)) continue;
    if (failed_prerequisite(def, blocked)) {
      blocked.push_back(def.id);
      continue;
    }
    if (def.plan)
      for (const auto& req : def.plan(ctx)) ctx.http.start(req);
  }
}

}  // namespace

Report run_checks(Context& ctx, bool strict, const OnResult& on_result) {
  const auto start = Clock::now();
  Report report;
  report.started_utc = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                   fmt::gmtime(std::chrono::system_clock::to_time_t(ctx.started)));
  report.target = {ctx.opts.base_url.value, ctx.opts.model.value, ctx.profile.name,
                   mask_key(ctx.opts.api_key.value)};
  const auto only = with_prerequisites(ctx.opts.only);
  std::vector<std::string_view> blocked;  // failed, or skipped because a prerequisite failed
  if (ctx.opts.concurrent) ctx.http.on_first_resolve([&] { start_ahead(ctx, only, blocked); });
  const auto run_deadline = start + ctx.opts.max_time;
  const std::string run_limit = fmt::format("the run's time limit (--max-time {} s)",
                                            static_cast<double>(ctx.opts.max_time.count()) / 1000.0);
  const std::string check_limit = fmt::format("the check's time limit (2 x --timeout, {} s)",
                                              static_cast<double>(2 * ctx.opts.timeout.count()) / 1000.0);

  for (const auto& def : check_table()) {
    const auto check_start = Clock::now();
    if (check_start + 2 * ctx.opts.timeout < run_deadline)
      ctx.http.set_deadline(check_start + 2 * ctx.opts.timeout, check_limit);
    else
      ctx.http.set_deadline(run_deadline, run_limit);
    CheckResult r{std::string(def.id), {}, 0};
    std::optional<std::string> reason = left_out(ctx, only, def.id);
    const auto failed_pre = reason ? std::nullopt : failed_prerequisite(def, blocked);
    const bool prerequisite_failed = failed_pre.has_value();
    if (prerequisite_failed) {
      reason = "prerequisite " + std::string(*failed_pre) + " failed";
    }
    if (!reason && check_start >= run_deadline) {
      // The doctor's own limit, not the target's doing: a warning that names the limit.
      r.finding = Finding::warn(std::nullopt, "not run: " + run_limit + " was reached");
      r.finding.fixes = {"Give the run more time: --max-time SECONDS (and --timeout SECONDS for each request)"};
    } else {
      r.finding = reason ? Finding::skip(*reason) : def.run(ctx);
    }
    // Said in the evidence (JSON, -v), not in every default line.
    if (prerequisite_failed && answer_unjudged(ctx, def)) r.finding.evidence["request_went_out_ahead"] = true;
    r.duration_ms = elapsed_ms(check_start);
    ctx.results[std::string(def.id)] = r.finding.status;
    if (r.finding.status == Status::fail || prerequisite_failed) blocked.push_back(def.id);
    if (on_result) on_result(r);
    report.checks.push_back(std::move(r));
  }

  ctx.http.on_first_resolve({});  // it refers to this frame
  report.diagnosis = diagnose(report.checks);
  report.duration_ms = elapsed_ms(start);
  const bool failed = report.diagnosis.status == Status::fail;
  const bool warned = report.diagnosis.status == Status::warn;
  report.exit_code = to_int(failed || (strict && warned) ? ExitStatus::target_failed : ExitStatus::ok);
  return report;
}

}  // namespace anlink
