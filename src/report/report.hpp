#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "http/client.hpp"

namespace anlink {

struct CheckResult {
  std::string id;
  Finding finding;
  long duration_ms = 0;
  std::string model;        // the model it checked, when a run checks several
  std::optional<std::string> api;  // the API it spoke, when a run checks an API other than chat
  bool opens_group = false;  // the first of a model's or an API's checks (or the first after them)
};

struct Target {
  std::string base_url, model, profile, api_key_masked;
  std::vector<std::string> models;  // every model checked, when there are several
  std::vector<std::string> apis;    // the APIs checked, when not chat alone
  std::string client;               // --client: the agent client whose configuration was checked
};

// The root cause: the first failing check; else the first warning; else a pass.
struct Diagnosis {
  Status status = Status::pass;
  std::optional<std::string> check;
  std::optional<std::string> model;  // the model of that check, when a run checks several
  std::optional<std::string> api;    // its API, when the run names APIs
  std::optional<Category> category;
  std::string summary;
  std::vector<std::string> fixes;
  std::vector<std::string> commands;
};

// What got worse since a baseline (--baseline): a check that passed there and no longer
// does, a stream's first token or the whole run more than 2x (and 500 ms) slower.
struct Regression {
  std::string kind;   // "status", "first_token", "duration"
  std::string check;  // empty for the run's duration
  std::optional<std::string> api;
  std::string model;
  std::string was, now;  // "pass" / "fail"; "310 ms" / "2400 ms"
  std::string summary;   // one line saying it
};

struct BaselineComparison {
  std::string file;  // as given to --baseline
  std::vector<Regression> regressions;
  std::size_t compared = 0;  // checks found in both runs and judged (not skipped) in both
};

// How many checks a comparison rests on, for the line that says nothing regressed:
// "9 checks compared", or that there was nothing to compare.
std::string compared_words(const BaselineComparison& b);

// A finished run: what renderers turn into text, JSON and the rest.
struct Report {
  Target target;
  std::vector<CheckResult> checks;
  Diagnosis diagnosis;
  long duration_ms = 0;
  int exit_code = 0;
  std::string started_utc;  // "2026-11-24 21:50:12 UTC"
  std::vector<TimedRequest> timeline;  // every answer a check read, when asked (the HTML draws it)
  std::size_t timeline_dropped = 0;    // more than HttpClient::kMaxTimeline: not kept
  std::optional<BaselineComparison> baseline;   // set when the run was compared (--baseline)
};

Diagnosis diagnose(const std::vector<CheckResult>& checks);

// What a check ran for, when a run checks several APIs or models: "messages qwen-flash",
// "qwen-flash", "messages"; empty otherwise.
std::string scope_label(const CheckResult& r);

}  // namespace anlink
