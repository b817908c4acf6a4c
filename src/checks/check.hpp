#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <chrono>
#include <map>
#include <memory>

#include "catalog/catalog.hpp"
#include "api/api.hpp"
#include "checks/call.hpp"
#include "core/finding.hpp"
#include "core/options.hpp"
#include "core/profile.hpp"
#include "http/client.hpp"

namespace anlink {

// What a check can use: the inputs, the profile, the one HTTP client, and what earlier
// checks learned that later ones need.
struct Context {
  const CheckOptions& opts;
  const Profile& profile;
  HttpClient& http;
  std::string url;                 // the API's route for the model, exactly as its clients build it
  std::optional<Catalog> catalog;  // set by the model check when the catalog was read
  // The catalog's answer, read once per run and shared by every model's context.
  std::shared_ptr<const HttpResponse> catalog_answer;
  std::optional<ProbeResult> probe;  // the one completion: see ensure_probe
  std::vector<std::string> own_request_ids;  // of the probes, for usage_log
  std::map<std::string, Status, std::less<>> results;  // statuses so far, set by the runner
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
  const ApiDef* api = &chat_api();  // the API this context's checks speak
  // How the key goes: the API's usual way, until api_key learns which way the gateway takes.
  KeyStyle key_style = KeyStyle::profile;

  bool failed(std::string_view id) const {
    auto it = results.find(id);
    return it != results.end() && it->second == Status::fail;
  }
  CallTarget call_target() const {
    return {http, url, opts.api_key.value, profile, *api, key_style, opts.second_key.value};
  }
};

// Sends the probe's completion once (unless --no-probe, a failed prerequisite, or a
// --request-body that does not lint) and keeps the result in ctx.probe.
const ProbeResult& ensure_probe(Context& ctx);
// The probe's request as ensure_probe would send it first; nullopt when it sends none.
std::optional<HttpRequest> planned_probe(const Context& ctx);
// True when --request-body is a sendable streaming request: then the probe is the stream.
bool replays_a_stream(const Context& ctx);

using CheckFn = Finding (*)(Context&);
// The requests a check starts with, known before it runs (built by the same code the check
// sends them with), so that the runner can send them all at once; empty when it sends none.
using PlanFn = std::vector<HttpRequest> (*)(const Context&);

// What a check's result holds for: the whole run, one API (its route, its key), or one
// API and one model.
enum class Scope { run, api, model };

struct CheckDef {
  std::string_view id;
  std::string_view description;
  std::vector<std::string_view> prerequisites;  // ids; a failed one makes this check skip
  CheckFn run;
  PlanFn plan = nullptr;  // none: the check's requests depend on what came before
  Scope scope = Scope::run;
  std::vector<std::string_view> apis = {};  // the APIs it applies to; empty: every API
  // An opt-in check: in the run only when this says so (or --only names it); nullptr: always.
  bool (*selected)(const CheckOptions&) = nullptr;
  // Its planned requests wait until its prerequisites passed (billable ones that must not go
  // out for a probe that failed): then they start together, beside the checks still running.
  bool plan_after_prerequisites = false;
  // It sends billable requests (a completion, a stream): `watch --paid-every K` runs it on
  // every K-th run only, and carries its last result through the runs between.
  bool billable = false;
  bool applies_to(std::string_view api) const {
    return apis.empty() || std::find(apis.begin(), apis.end(), api) != apis.end();
  }
};

// The one ordered table: run order, `anlink-doctor checks`, and --only/--skip validation.
const std::vector<CheckDef>& check_table();
const CheckDef* find_check(std::string_view id);

// False when the config check would fail the key, or the base URL would carry it over plain
// http:// to another machine: such a key is never sent.
bool key_is_sendable(const CheckOptions& opts, const Profile& profile);

// True when the base URL is plain http:// to a host that is not this machine, and
// --allow-insecure-http was not given: then nothing is sent at all.
bool insecure_without_consent(const CheckOptions& opts);

// One function per check, each in its own file.
Finding check_config(Context& ctx);
Finding check_base_url(Context& ctx);
Finding check_api_key(Context& ctx);
Finding check_model(Context& ctx);
Finding check_balance(Context& ctx);
Finding check_probe(Context& ctx);
Finding check_stream(Context& ctx);
Finding check_count_tokens(Context& ctx);
Finding check_client_request(Context& ctx);
Finding check_usage_log(Context& ctx);

// The capability checks: one generic check, run for each row of capabilities/table.cpp.
struct CapabilityDef;
Finding check_capability(Context& ctx, const CapabilityDef& cap);
std::vector<HttpRequest> plan_capability(const Context& ctx, const CapabilityDef& cap);

std::vector<HttpRequest> plan_base_url(const Context& ctx);
std::vector<HttpRequest> plan_api_key(const Context& ctx);
std::vector<HttpRequest> plan_model(const Context& ctx);
std::vector<HttpRequest> plan_balance(const Context& ctx);
std::vector<HttpRequest> plan_probe(const Context& ctx);
std::vector<HttpRequest> plan_stream(const Context& ctx);
std::vector<HttpRequest> plan_count_tokens(const Context& ctx);
std::vector<HttpRequest> plan_usage_log(const Context& ctx);

}  // namespace anlink
