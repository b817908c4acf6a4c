#include "cli/check_run.hpp"

#include <algorithm>

#include "capabilities/capability.hpp"
#include "http/client.hpp"
#include "http/proxy.hpp"
#include "report/printable.hpp"

namespace anlink {

Redactor redactor_for(const CheckOptions& opts) {
  Redactor redact(opts.api_key.value);
  for (const auto& s : proxy_secrets()) redact.add(s, "***");
  std::vector<std::string> public_texts = {opts.base_url.value, opts.model.value, opts.profile.name,
                                           opts.profile.base_url, opts.profile.console_url};
  for (const auto& [name, value] : opts.headers) public_texts.push_back(name);  // names are public
  public_texts.insert(public_texts.end(), opts.models.begin(), opts.models.end());
  for (const auto& [name, value] : opts.headers)  // secrets only: core/credential.hpp
    if (opts.header_is_secret(name, value)) redact.add(value, "***", public_texts);
  if (!opts.second_key.value.empty()) redact.add(opts.second_key.value, mask_key(opts.second_key.value), public_texts);
  return redact;
}

Report run_once(const CheckOptions& resolved, bool strict, const OnResult& on_result, bool timeline) {
  // watch and serve resolve their inputs once: each run still gets a nonce of its own, so
  // that no answer to an earlier run's capability probes can pass for this one's.
  CheckOptions opts = resolved;
  opts.nonce = fresh_nonce();
  HttpLimits limits;
  limits.total = opts.timeout;
  limits.ip_version = opts.ip_version;
  for (const auto& [name, value] : opts.headers) limits.headers.push_back(name + ": " + value);
  limits.connect = std::clamp(opts.timeout / 2, std::chrono::milliseconds(250),
                              std::chrono::milliseconds(10000));
  HttpClient http(limits, opts.ca_file);
  if (timeline) http.record_timeline();
  Context ctx{opts, opts.profile, http, opts.apis.front()->url(opts.profile, opts.base_url.value, opts.model.value), {}};
  Report report = run_checks(ctx, strict, on_result);
  make_printable(report);
  return report;
}

}  // namespace anlink
