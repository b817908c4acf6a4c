#include "checks/runner.hpp"

#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "core/route.hpp"
#include "core/suggest.hpp"
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

// One model's own context when a run checks several: the inputs with that model, and what
// its checks learn (catalog, probe, request ids). The first model uses the run's context.
struct ModelContext {
  CheckOptions opts;
  Context ctx;
  ModelContext(const Context& main, const std::string& model)
      : opts(with_model(main.opts, model)),
        ctx{opts, main.profile, main.http, chat_url(main.profile, opts.base_url.value, model), {}} {}
  static CheckOptions with_model(const CheckOptions& o, const std::string& model) {
    CheckOptions copy = o;
    copy.model = {model, o.model.source};
    copy.models = {model};
    return copy;
  }
};

// A check to run, and for which model's context (0: the run's own).
struct Step {
  const CheckDef* def;
  std::size_t model;
};

// Table order. With several models: the checks every model shares first (those the table
// puts before its last per-model check), then each model's own checks as one group, then
// the rest.
std::vector<Step> steps_for(std::size_t models) {
  const auto& table = check_table();
  std::vector<Step> steps;
  if (models <= 1) {
    for (const auto& def : table) steps.push_back({&def, 0});
    return steps;
  }
  std::size_t last = 0;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].per_model) last = i;
  for (std::size_t i = 0; i < last; ++i)
    if (!table[i].per_model) steps.push_back({&table[i], 0});
  for (std::size_t m = 0; m < models; ++m)
    for (const auto& def : table)
      if (def.per_model) steps.push_back({&def, m});
  for (std::size_t i = last + 1; i < table.size(); ++i) steps.push_back({&table[i], 0});
  return steps;
}

// The one place requests run concurrently. Called once the run's first request has resolved
// its host (nothing is sent to a host that does not resolve): every check still to come
// whose prerequisites have not failed starts its first requests now, all together, for
// every model; each check takes its answer later, in order. `blocked` is a copy: the checks
// to come are assumed to pass. Over https://, no request leaves before the certificate is
// verified.
void start_ahead(const std::vector<Context*>& contexts, const std::vector<std::string>& only,
                 std::vector<std::vector<std::string_view>> blocked) {
  for (std::size_t m = 0; m < contexts.size(); ++m) {
    Context& ctx = *contexts[m];
    for (const auto& def : check_table()) {
      if (ctx.results.count(def.id) || left_out(ctx, only, def.id)) continue;
      if (failed_prerequisite(def, blocked[m])) {
        blocked[m].push_back(def.id);
        continue;
      }
      if (def.plan && (m == 0 || def.per_model))
        for (const auto& req : def.plan(ctx))
          if (!ctx.http.unclaimed(req)) ctx.http.start(req);  // another model's, the same request
    }
  }
}

}  // namespace

Report run_checks(Context& main, bool strict, const OnResult& on_result) {
  const auto start = Clock::now();
  Report report;
  report.started_utc = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                   fmt::gmtime(std::chrono::system_clock::to_time_t(main.started)));
  const auto& models = main.opts.models;
  report.target = {main.opts.base_url.value, main.opts.model.value, main.profile.name,
                   mask_key(main.opts.api_key.value), models.size() > 1 ? models : std::vector<std::string>{}};
  std::vector<std::unique_ptr<ModelContext>> others;
  std::vector<Context*> contexts = {&main};
  for (std::size_t m = 1; m < models.size(); ++m) {
    others.push_back(std::make_unique<ModelContext>(main, models[m]));
    contexts.push_back(&others.back()->ctx);
  }
  const auto only = with_prerequisites(main.opts.only);
  // Per model: the checks that failed, or skipped because a prerequisite failed.
  std::vector<std::vector<std::string_view>> blocked(contexts.size());
  if (main.opts.concurrent) main.http.on_first_resolve([&] { start_ahead(contexts, only, blocked); });
  const auto run_deadline = start + main.opts.max_time;
  const std::string run_limit = fmt::format("the run's time limit (--max-time {} s)",
                                            static_cast<double>(main.opts.max_time.count()) / 1000.0);
  const std::string check_limit = fmt::format("the check's time limit (2 x --timeout, {} s)",
                                              static_cast<double>(2 * main.opts.timeout.count()) / 1000.0);

  const bool several = contexts.size() > 1;
  std::optional<std::size_t> group;  // the model whose checks were last shown
  for (const auto& [def_ptr, m] : steps_for(contexts.size())) {
    const CheckDef& def = *def_ptr;
    Context& ctx = *contexts[m];
    const auto check_start = Clock::now();
    if (check_start + 2 * main.opts.timeout < run_deadline)
      main.http.set_deadline(check_start + 2 * main.opts.timeout, check_limit);
    else
      main.http.set_deadline(run_deadline, run_limit);
    CheckResult r{std::string(def.id), {}, 0};
    if (several && def.per_model) r.model = models[m];
    r.opens_group = several && (def.per_model ? group != m : group.has_value());
    group = several && def.per_model ? std::optional<std::size_t>(m) : std::nullopt;
    if (!ctx.catalog_answer) ctx.catalog_answer = main.catalog_answer;  // read once per run
    std::optional<std::string> reason = left_out(ctx, only, def.id);
    const auto failed_pre = reason ? std::nullopt : failed_prerequisite(def, blocked[m]);
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
      note_headers_left_out(r.finding, ctx.opts);
    }
    // Said in the evidence (JSON, -v), not in every default line.
    if (prerequisite_failed && answer_unjudged(ctx, def)) r.finding.evidence["request_went_out_ahead"] = true;
    r.duration_ms = elapsed_ms(check_start);
    const bool blocks = r.finding.status == Status::fail || prerequisite_failed;
    // A shared check's outcome holds for every model; a model's own, for that model only.
    for (std::size_t k = 0; k < contexts.size(); ++k) {
      if (def.per_model && k != m) continue;
      contexts[k]->results[std::string(def.id)] = r.finding.status;
      if (blocks) blocked[k].push_back(def.id);
    }
    if (&ctx != &main) {  // the usage log looks up every model's request ids
      main.own_request_ids.insert(main.own_request_ids.end(), ctx.own_request_ids.begin(),
                                  ctx.own_request_ids.end());
      ctx.own_request_ids.clear();
    }
    if (on_result) on_result(r);
    report.checks.push_back(std::move(r));
  }

  main.http.on_first_resolve({});  // it refers to this frame
  report.diagnosis = diagnose(report.checks);
  report.duration_ms = elapsed_ms(start);
  const bool failed = report.diagnosis.status == Status::fail;
  const bool warned = report.diagnosis.status == Status::warn;
  report.exit_code = to_int(failed || (strict && warned) ? ExitStatus::target_failed : ExitStatus::ok);
  return report;
}

}  // namespace anlink
