#include "checks/runner.hpp"

#include "http/url.hpp"

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

// One API's and one model's own context when a run checks several: the inputs with that
// model, the API's route, and what its checks learn (catalog, probe, request ids). The
// first API's first model uses the run's context.
// The way the key goes until api_key learns which the gateway takes: the client's, if its API
// has it (no request sent twice, once each way), else the API's usual.
KeyStyle first_key_style(const CheckOptions& o, const ApiDef& api) {
  if (api.key_styles.size() > 1 && !o.client_key_styles.empty()) return o.client_key_styles.front();
  return api.key_styles.front();
}


struct ApiModelContext {
  CheckOptions opts;
  Context ctx;
  ApiModelContext(const Context& main, const ApiDef& api, const std::string& model)
      : opts(with_model(main.opts, model)),
        ctx{opts, main.profile, main.http, api.url(main.profile, opts.base_url.value, model), {}} {
    ctx.api = &api;
    ctx.key_style = first_key_style(opts, api);
  }
  static CheckOptions with_model(const CheckOptions& o, const std::string& model) {
    CheckOptions copy = o;
    copy.model = {model, o.model.source};
    copy.models = {model};
    return copy;
  }
};

// A check to run, and in which context (API a, model m: index a * models + m; 0 is the run's).
struct Step {
  const CheckDef* def;
  std::size_t context;
};

bool run_has(const std::vector<const ApiDef*>& apis, const CheckDef& def) {
  return std::any_of(apis.begin(), apis.end(), [&](const ApiDef* a) { return def.applies_to(a->id); });
}

// Table order, the APIs in the order given, the run's own checks with the first API. With
// several models, each API: its own checks that the table puts before its last per-model
// check, then each model's checks as one group. Then the rest. A check none of the run's
// APIs has is one skip.
std::vector<Step> steps_for(const std::vector<const ApiDef*>& apis, std::size_t models) {
  const auto& table = check_table();
  std::vector<Step> steps;
  std::size_t last = 0;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].scope == Scope::model) last = i;
  auto model_step = [&](std::size_t i, std::size_t a) {
    return table[i].scope == Scope::model && table[i].applies_to(apis[a]->id);
  };
  for (std::size_t a = 0; a < apis.size() && models == 1; ++a)  // one model: table order
    for (std::size_t i = 0; i <= last; ++i)
      if ((table[i].scope == Scope::run && a == 0) ||
          (table[i].scope == Scope::api && table[i].applies_to(apis[a]->id)) || model_step(i, a))
        steps.push_back({&table[i], a});
  for (std::size_t a = 0; a < apis.size() && models > 1; ++a) {
    for (std::size_t i = 0; i < last; ++i) {
      const CheckDef& def = table[i];
      if (def.scope == Scope::run ? a == 0 : def.scope == Scope::api && def.applies_to(apis[a]->id))
        steps.push_back({&def, a * models});
    }
    for (std::size_t m = 0; m < models; ++m)
      for (std::size_t i = 0; i <= last; ++i)
        if (model_step(i, a)) steps.push_back({&table[i], a * models + m});
  }
  for (std::size_t i = 0; i <= last; ++i)  // after every group: one skip for what no API here has
    if (table[i].scope != Scope::run && !run_has(apis, table[i])) steps.push_back({&table[i], 0});
  for (std::size_t i = last + 1; i < table.size(); ++i) steps.push_back({&table[i], 0});
  return steps;
}

// Which contexts a check's result holds for.
bool shares_result(const CheckDef& def, std::size_t from, std::size_t to, std::size_t models) {
  switch (def.scope) {
    case Scope::run: return true;
    case Scope::api: return from / models == to / models;
    case Scope::model: return from == to;
  }
  return false;
}

// The one place requests run concurrently. Called once the run's first request has resolved
// its host (nothing is sent to a host that does not resolve): every check still to come
// whose prerequisites have not failed starts its first requests now, all together, for
// every model; each check takes its answer later, in order. `blocked` is a copy: the checks
// to come are assumed to pass. Over https://, no request leaves before the certificate is
// verified.
void start_ahead(const std::vector<Context*>& contexts, std::size_t models, const std::vector<std::string>& only,
                 std::vector<std::vector<std::string_view>> blocked) {
  for (std::size_t k = 0; k < contexts.size(); ++k) {
    Context& ctx = *contexts[k];
    for (const auto& def : check_table()) {
      if (ctx.results.count(def.id) || left_out(ctx, only, def.id) || !def.applies_to(ctx.api->id)) continue;
      if (def.selected && !def.selected(ctx.opts) && !listed(ctx.opts.only, def.id)) continue;  // not asked for
      if (failed_prerequisite(def, blocked[k])) {
        blocked[k].push_back(def.id);
        continue;
      }
      const bool own = def.scope == Scope::model || (def.scope == Scope::api && k % models == 0);
      if (def.plan && (k == 0 || own) && !def.plan_after_prerequisites)
        for (const auto& req : def.plan(ctx))
          if (!ctx.http.unclaimed(req)) ctx.http.start(req);  // another context's, the same request
    }
  }
}

// The checks whose requests wait for their prerequisites (CheckDef::plan_after_prerequisites):
// in `ctx`, once every prerequisite passed (or warned), all of them start at once. Each once.
void start_when_ready(Context& ctx, const std::vector<std::string>& only, std::vector<std::string_view>& started) {
  for (const auto& def : check_table()) {
    if (!def.plan_after_prerequisites || !def.plan || std::find(started.begin(), started.end(), def.id) != started.end())
      continue;
    if (left_out(ctx, only, def.id) || !def.applies_to(ctx.api->id)) continue;
    if (def.selected && !def.selected(ctx.opts) && !listed(ctx.opts.only, def.id)) continue;
    const bool ready = std::all_of(def.prerequisites.begin(), def.prerequisites.end(), [&](std::string_view pre) {
      auto it = ctx.results.find(pre);
      return it != ctx.results.end() && (it->second == Status::pass || it->second == Status::warn);
    });
    if (!ready) continue;
    started.push_back(def.id);
    for (const auto& req : def.plan(ctx))
      if (!ctx.http.unclaimed(req)) ctx.http.start(req);
  }
}

}  // namespace

Report run_checks(Context& main, bool strict, const OnResult& on_result) {
  const auto start = Clock::now();
  Report report;
  report.started_utc = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                   fmt::gmtime(std::chrono::system_clock::to_time_t(main.started)));
  const std::vector<std::string> models =
      main.opts.models.empty() ? std::vector<std::string>{main.opts.model.value} : main.opts.models;
  report.target = {main.opts.base_url.value, main.opts.model.value, main.profile.name,
                   mask_key(main.opts.api_key.value), models.size() > 1 ? models : std::vector<std::string>{}};
  const std::vector<const ApiDef*> apis =
      main.opts.apis.empty() ? std::vector<const ApiDef*>{&chat_api()} : main.opts.apis;
  std::vector<std::unique_ptr<ApiModelContext>> others;
  std::vector<Context*> contexts;
  for (const ApiDef* api : apis)
    for (const auto& model : models) {
      if (contexts.empty()) {
        main.api = api;
        main.key_style = first_key_style(main.opts, *api);
        main.url = api->url(main.profile, main.opts.base_url.value, model);
        contexts.push_back(&main);
        continue;
      }
      others.push_back(std::make_unique<ApiModelContext>(main, *api, model));
      contexts.push_back(&others.back()->ctx);
    }
  const std::size_t n_models = models.size();
  report.target.apis = named_apis(apis);
  if (main.opts.client) report.target.client = std::string(main.opts.client->id);
  const bool name_api = !report.target.apis.empty();
  const auto only = with_prerequisites(main.opts.only);
  // Per model: the checks that failed, or skipped because a prerequisite failed.
  std::vector<std::vector<std::string_view>> blocked(contexts.size());
  std::vector<std::vector<std::string_view>> waited(contexts.size());  // start_when_ready's, per context
  if (main.opts.concurrent) main.http.on_first_resolve([&] { start_ahead(contexts, n_models, only, blocked); });
  const auto run_deadline = start + main.opts.max_time;
  const std::string run_limit = fmt::format("the run's time limit (--max-time {} s)",
                                            static_cast<double>(main.opts.max_time.count()) / 1000.0);
  const std::string check_limit = fmt::format("the check's time limit (2 x --timeout, {} s)",
                                              static_cast<double>(2 * main.opts.timeout.count()) / 1000.0);

  const bool several = n_models > 1;
  std::optional<std::size_t> group;  // the context whose own checks were last shown
  const CheckDef* steps_last_model = nullptr;  // the table's last per-model check
  for (const auto& def : check_table())
    if (def.scope == Scope::model) steps_last_model = &def;
  for (const auto& [def_ptr, m] : steps_for(apis, n_models)) {
    const CheckDef& def = *def_ptr;
    if (def.selected && !def.selected(main.opts) && !listed(main.opts.only, def.id)) continue;  // opt-in
    Context& ctx = *contexts[m];
    const auto check_start = Clock::now();
    if (check_start + 2 * main.opts.timeout < run_deadline)
      main.http.set_deadline(check_start + 2 * main.opts.timeout, check_limit);
    else
      main.http.set_deadline(run_deadline, run_limit);
    CheckResult r{std::string(def.id), {}, 0};
    const bool own = def.scope == Scope::model && def.applies_to(ctx.api->id);
    if (several && own) r.model = models[m % n_models];
    if (name_api && def.scope != Scope::run) r.api = std::string(ctx.api->id);
    // Groups under a heading: one model's checks (several models), one API's own (several
    // APIs). The run's own checks between them (balance) stay in the group they follow.
    if (def.scope != Scope::run && (several || apis.size() > 1)) {
      // One model: an API's checks are one group; several: the API's own, then each model's.
      const std::size_t key = own && several ? m : contexts.size() + m / n_models;
      r.opens_group = group != key;
      group = key;
    } else if (group && &def > steps_last_model) {
      r.opens_group = true;
      group.reset();
    }
    if (!ctx.catalog_answer) ctx.catalog_answer = main.catalog_answer;  // read once per run
    std::optional<std::string> reason = left_out(ctx, only, def.id);
    if (!reason && !def.applies_to(ctx.api->id))
      reason = fmt::format("only the {} API{} {} it (--api {})", fmt::join(def.apis, " and "), def.apis.size() > 1 ? "s" : "",
                           def.apis.size() > 1 ? "have" : "has", fmt::join(def.apis, ","));
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
      main.http.set_owner(scope_label(r).empty() ? r.id : r.id + " " + scope_label(r));
      r.finding = reason ? Finding::skip(*reason) : def.run(ctx);
      note_headers_left_out(r.finding, ctx.opts);
      // --client: a failure of the client's API told in its terms, beside its own words.
      if (const ClientDef* client = ctx.opts.client; client && def.scope != Scope::run && ctx.api->id == client->api)
        if (auto url = parse_url(ctx.url)) in_client_terms(r.finding, def.id, url->path, ctx.opts.model.value, *client);
      // A model a client's setting names: the failure says which setting (Claude Code's
      // ANTHROPIC_DEFAULT_HAIKU_MODEL), where the fix goes.
      if (auto it = ctx.opts.model_sources.find(ctx.opts.model.value);
          own && r.finding.status == Status::fail && it != ctx.opts.model_sources.end() &&
          (r.finding.category == Category::not_found || r.finding.category == Category::model_disabled)) {
        r.finding.summary += fmt::format(" (this model came from {})", it->second);
        r.finding.evidence["model_source"] = it->second;
        if (ctx.opts.client && def.id == "model")
          r.finding.fixes.insert(r.finding.fixes.begin(),
                                 fmt::format("Give {} a model this gateway serves where this one came from ({}): "
                                             "ANTHROPIC_MODEL, or the ANTHROPIC_DEFAULT_*_MODEL variable of its alias",
                                             ctx.opts.client->title, it->second));
      }
    }
    // Said in the evidence (JSON, -v), not in every default line.
    if (prerequisite_failed && answer_unjudged(ctx, def)) r.finding.evidence["request_went_out_ahead"] = true;
    r.duration_ms = elapsed_ms(check_start);
    const bool blocks = r.finding.status == Status::fail || prerequisite_failed;
    // A shared check's outcome holds for every model; a model's own, for that model only.
    for (std::size_t k = 0; k < contexts.size(); ++k) {
      if (!shares_result(def, m, k, n_models)) continue;
      if (def.scope == Scope::api) contexts[k]->key_style = ctx.key_style;  // the way api_key found
      contexts[k]->results[std::string(def.id)] = r.finding.status;
      // The run's own check skipped for one API's failure (balance after chat's api_key)
      // blocks only the APIs that failed the same way.
      const bool theirs = !prerequisite_failed || def.scope != Scope::run || failed_prerequisite(def, blocked[k]);
      if (blocks && theirs) blocked[k].push_back(def.id);
      if (main.opts.concurrent) start_when_ready(*contexts[k], only, waited[k]);
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
  report.timeline = main.http.timeline();
  report.timeline_dropped = main.http.timeline_dropped();
  report.diagnosis = diagnose(report.checks);
  report.duration_ms = elapsed_ms(start);
  const bool failed = report.diagnosis.status == Status::fail;
  const bool warned = report.diagnosis.status == Status::warn;
  report.exit_code = to_int(failed || (strict && warned) ? ExitStatus::target_failed : ExitStatus::ok);
  return report;
}

}  // namespace anlink
