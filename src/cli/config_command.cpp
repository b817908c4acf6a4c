// `anlink-doctor config`: the effective inputs of `check`, and where each came from.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "core/credential.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"
#include "version.hpp"

namespace anlink {

CLI::App* setup_config(CLI::App& app, CheckArgs& args) {
  auto* sub = app.add_subcommand("config", "Print the inputs check would use, and where each came from");
  add_input_options(sub, args);
  return sub;
}

int run_config(const CheckArgs& args) {
  std::string notice;
  const CheckOptions o = resolve_inputs(args, notice);
  Redactor redact(o.api_key.value);
  std::vector<std::string> public_texts = {o.base_url.value, o.model.value, o.profile.name};
  for (const auto& [name, value] : o.headers) public_texts.push_back(name);  // names are public
  for (const auto& [name, value] : o.headers)  // secrets only: core/credential.hpp
    if (o.header_is_secret(name, value)) redact.add(value, "***", public_texts);
  if (!o.second_key.value.empty()) redact.add(o.second_key.value, mask_key(o.second_key.value), public_texts);
  if (!notice.empty()) std::cerr << kToolName << ": notice: " << notice << "\n";
  auto row = [](std::string_view name, const std::string& value, const std::string& source) {
    return fmt::format("{:<12} {:<40} ({})\n", name, value, source.empty() ? "default" : source);
  };
  std::string out;
  out += row("config", o.config_path.empty() ? "none" : o.config_path,
             o.target.empty() ? "no target" : "target " + o.target);
  if (o.client)
    out += row("client", std::string(o.client->id),
               o.client_files.empty() ? "no configuration file found" : "read " + text::join(o.client_files, ", "));
  out += row("profile", o.profile.name, o.profile_source);
  out += row("base_url", o.base_url.value, o.base_url.source);
  if (!o.model_sources.empty())
    for (const auto& m : o.models) out += row("model", m, o.model_sources.count(m) ? o.model_sources.at(m) : o.model.source);
  else
    out += row(o.models.size() > 1 ? "models" : "model", text::join(o.models, ","), o.model.source);
  for (const ApiDef* api : o.apis)
    if (o.apis.size() > 1 || api->id != "chat") out += row("api", std::string(api->id), o.client ? "--client " + std::string(o.client->id) : "--api");
  out += row("api_key", o.api_key.source.empty() ? "(none)" : mask_key(o.api_key.value),
             o.api_key.source.empty() ? "not given" : o.api_key.source);
  if (!o.second_key.value.empty())
    out += row("x-api-key", mask_key(o.second_key.value), o.second_key.source + ", sent beside the Bearer key");
  out += row("ca_bundle", o.ca_file.empty() ? "system store" : o.ca_file, o.ca_source);
  for (const auto& [name, value] : o.profile.auth.query)
    out += row("query", name + "=" + value, name == "api-version" && !o.api_version_source.empty()
                                                 ? o.api_version_source
                                             : o.query_sources.count(name) ? o.query_sources.at(name)
                                                                           : "profile " + o.profile.name);
  if (o.profile.auth.header != "Authorization" || o.profile.auth.scheme != "Bearer")
    out += row("key_header", o.profile.auth.header + ":" + (o.profile.auth.scheme.empty() ? "" : " " + o.profile.auth.scheme) + " <key>",
               "profile " + o.profile.name);
  for (const auto& [name, value] : o.headers) {
    auto it = o.header_sources.find(text::lower(name));
    out += row("header", name + ": " + (o.header_is_secret(name, value) ? std::string("***") : value),
               it != o.header_sources.end() ? it->second : "--header, profile or config target");
  }
  out += row("timeout", fmt::format("{} s", std::chrono::duration<double>(o.timeout).count()), "");
  for (const auto& [summary, fix] : o.input_failures) out += fmt::format("✗ {}: {}\n", summary, fix);
  for (const auto& [summary, fix] : o.input_warnings) out += fmt::format("! {}: {}\n", summary, fix);
  std::cout << redact(out);
  return 0;
}

}  // namespace anlink
