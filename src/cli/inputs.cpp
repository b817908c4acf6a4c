#include "cli/inputs.hpp"

#include "core/credential.hpp"
#include "core/header.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "checks/check.hpp"
#include "cli/config_file.hpp"
#include "cli/env_source.hpp"
#include "cli/sources.hpp"
#include "http/url.hpp"
#include "cli/errors.hpp"
#include "util/input_file.hpp"
#include "core/profile.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kMaxKeyBytes = 64 * 1024;
constexpr std::size_t kMaxRequestBodyBytes = 8u << 20;
constexpr std::size_t kMaxCaBundleBytes = 16u << 20;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A file or stdin ends its last line with a newline: that one is not part of the key.
std::string drop_final_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

std::string read_capped(std::istream& in, const std::string& what) {
  std::string data;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > kMaxKeyBytes)
      throw UsageError(fmt::format("{}: larger than {} KiB, which no API key is", what,
                                   kMaxKeyBytes / 1024));
  }
  return data;
}

// A key file as an editor may leave it: a byte-order mark or a Windows line ending is named
// (a program that reads the file as it is sends those bytes too), then left out.
std::string read_key_file(const std::string& path, const std::string& flag, CheckOptions& o) {
  std::string key;
  try {
    key = read_input_file(path, kMaxKeyBytes);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("{} \"{}\": {}", flag, path, e.what()));
  }
  if (key.rfind("\xEF\xBB\xBF", 0) == 0) {
    key.erase(0, 3);
    o.input_warnings.emplace_back(
        fmt::format("the key file {} starts with a byte-order mark (EF BB BF)", path),
        "Save it as plain UTF-8 without a BOM: a program that reads the file as it is sends those bytes in the key");
  }
  if (key.size() >= 2 && key.compare(key.size() - 2, 2, "\r\n") == 0) {
    o.input_warnings.emplace_back(
        fmt::format("the key file {} ends its line with CRLF (a Windows line ending)", path),
        "Save it with a Unix line ending (dos2unix): a program that trims only \\n sends a \\r in the key");
  }
  return drop_final_newline(key);
}

// `--api-key -` typed at a terminal: a prompt on stderr, and the key read without echo.
std::string read_key_from_terminal() {
  std::cerr << "API key (input hidden): " << std::flush;
  termios before {};
  const bool quiet = ::tcgetattr(STDIN_FILENO, &before) == 0;
  if (quiet) {
    termios hidden = before;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
  }
  std::string key;
  char c = 0;
  while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
    key += c;
    if (key.size() > kMaxKeyBytes) break;
  }
  if (quiet) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
  std::cerr << "\n";
  if (key.size() > kMaxKeyBytes)
    throw UsageError(fmt::format("--api-key - (terminal): longer than {} KiB, which no API key is", kMaxKeyBytes / 1024));
  return drop_final_newline(key);
}

// The first candidate that has a value: flag, environment, config target, default.
Sourced first_of(std::initializer_list<Sourced> candidates) {
  for (const auto& c : candidates)
    if (!c.value.empty()) return c;
  return {"", ""};
}

Sourced from_env(const char* name) { return {env(name), name}; }

// --api values, each "A,B" or "all": the table's rows in the order given, each once.
std::vector<const ApiDef*> parse_apis(const std::vector<std::string>& given) {
  std::vector<const ApiDef*> out;
  auto add = [&](const ApiDef* api) {
    if (std::find(out.begin(), out.end(), api) == out.end()) out.push_back(api);
  };
  for (const auto& value : given)
    for (const auto& part : text::split(value, ',')) {
      const std::string id = text::lower(text::trim(part));
      if (id == "all") {
        for (const auto& api : api_table()) add(&api);
      } else if (const ApiDef* api = find_api(id)) {
        add(api);
      } else {
        throw UsageError(fmt::format("--api \"{}\": not an API (choose from {}, or all)",
                                     text::shorten(part, 40), api_ids()));
      }
    }
  if (out.empty()) out.push_back(&chat_api());
  return out;
}

// --capabilities values, each "A,B" or "all": the capability table's ids, in its order.
std::vector<std::string> parse_capabilities(const std::vector<std::string>& given) {
  std::vector<bool> on(capability_table().size(), false);
  for (const auto& value : given)
    for (const auto& part : text::split(value, ',')) {
      const std::string id = text::lower(text::trim(part));
      if (id.empty()) continue;
      if (id == "all") {
        std::fill(on.begin(), on.end(), true);
      } else if (const CapabilityDef* cap = find_capability(id)) {
        on[static_cast<std::size_t>(cap - capability_table().data())] = true;
      } else {
        std::vector<std::string> known;
        for (const auto& c : capability_table()) known.emplace_back(c.id);
        auto close = text::closest(id, known, 1);
        throw UsageError(fmt::format("--capabilities \"{}\": not a capability{} (choose from {}, or all)",
                                     text::shorten(part, 40),
                                     close.empty() ? "" : fmt::format(", did you mean \"{}\"?", close[0]),
                                     capability_ids()));
      }
    }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < on.size(); ++i)
    if (on[i]) out.emplace_back(capability_table()[i].id);
  return out;
}

// "A,B" (or one code): the models to check, in order, each once. A single code is kept as
// given, spaces included, for the config check to judge.
constexpr std::size_t kMaxModels = 32;
std::vector<std::string> split_models(const Sourced& given) {
  if (given.value.find(',') == std::string::npos) return {given.value};
  std::vector<std::string> out;
  for (auto& m : text::split(given.value, ',')) {
    m = text::trim(m);
    if (m.empty() || std::find(out.begin(), out.end(), m) != out.end()) continue;
    out.push_back(m);
    if (out.size() > kMaxModels)
      throw UsageError(fmt::format("{}: more than {} models in one run", given.source, kMaxModels));
  }
  if (out.empty()) throw UsageError(fmt::format("{} \"{}\": no model code in it", given.source, given.value));
  return out;
}

// The profile a base URL's host belongs to, else generic: what --from-env follows.
Sourced profile_of_host(const std::string& base_url) {
  auto url = parse_url(text::trim(base_url));
  if (!url) return {"generic", "default for --from-env"};
  if (const Profile* p = profile_for_host(url->host))
    return {p->name, "the base URL's host " + url->host};
  return {"generic", "the base URL's host " + url->host + " (no built-in profile)"};
}

// A path from the config file: "~/" is the home directory, a relative path is relative to
// the config file's folder.
std::string config_relative(const std::string& path, const std::string& config_path) {
  if (path.rfind("~/", 0) == 0) return env("HOME") + path.substr(1);
  if (path.empty() || path.front() == '/') return path;
  auto slash = config_path.rfind('/');
  return slash == std::string::npos ? path : config_path.substr(0, slash + 1) + path;
}

void warn_if_readable_by_others(const std::string& file, CheckOptions& o) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !(st.st_mode & (S_IRGRP | S_IROTH))) return;
  o.input_warnings.emplace_back(
      fmt::format("the key file {} is readable by other users (mode {:o})", file, st.st_mode & 0777),
      fmt::format("Make it private: chmod 600 {}", file));
}

const ConfigTarget* pick_target(const std::optional<ConfigFile>& cfg, const std::string& wanted) {
  if (!cfg) {
    if (!wanted.empty())
      throw UsageError(fmt::format("--target \"{}\": no config file ({})", wanted,
                                   default_config_path().empty() ? "pass --config PATH" : default_config_path()));
    return nullptr;
  }
  const std::string name = wanted.empty() ? cfg->default_target : wanted;
  if (name.empty()) return nullptr;
  auto it = cfg->targets.find(name);
  if (it != cfg->targets.end()) return &it->second;
  std::vector<std::string> names;
  for (const auto& [n, t] : cfg->targets) names.push_back(n);
  auto close = text::closest(name, names, 1);
  throw UsageError(fmt::format("--target \"{}\": config \"{}\" has no such target{} (targets: {})", name,
                               cfg->path, close.empty() ? "" : fmt::format(", did you mean \"{}\"?", close[0]),
                               names.empty() ? "none" : text::join(names, ", ")));
}

// The flags that check this run's target again: what was given on the command line or in
// the environment (a fresh shell may not have the variable, and without it the key would go
// to the default host), never the key itself. A CA bundle or key from the environment is
// left to the environment: without it the command fails safe, it sends nothing elsewhere.
std::vector<std::pair<std::string, std::string>> target_flags(const CheckArgs& a, const CheckOptions& o) {
  std::vector<std::pair<std::string, std::string>> f;
  auto from_user = [](const std::string& source) {
    return source.rfind("--", 0) == 0 || source.rfind("ANLINKAI_", 0) == 0 ||
           source.rfind("OPENAI_", 0) == 0 || source.rfind("ANTHROPIC_", 0) == 0;
  };
  if (!a.client.empty()) f.emplace_back("--client", a.client);
  if (!a.codex_profile.empty()) f.emplace_back("--codex-profile", a.codex_profile);
  if (!a.from_env.empty()) f.emplace_back("--from-env", a.from_env);
  if (!a.env_file.empty()) f.emplace_back("--env-file", a.env_file);
  if (!a.config.empty()) f.emplace_back("--config", a.config);
  if (!a.target.empty()) f.emplace_back("--target", a.target);
  if (!a.profile_file.empty()) f.emplace_back("--profile-file", a.profile_file);
  else if (from_user(o.profile_source)) f.emplace_back("--profile", o.profile.name);
  if (from_user(o.base_url.source)) f.emplace_back("--base-url", o.base_url.value);
  if (from_user(o.model.source)) f.emplace_back("--model", text::join(o.models, ","));
  if (!a.apis.empty()) {
    std::vector<std::string> ids;
    for (const ApiDef* api : o.apis) ids.emplace_back(api->id);
    f.emplace_back("--api", text::join(ids, ","));
  }
  if (!o.capabilities.empty()) f.emplace_back("--capabilities", text::join(o.capabilities, ","));
  if (a.api_key_given && a.api_key == "-") f.emplace_back("--api-key", "-");
  else if (!a.api_key_file.empty()) f.emplace_back("--api-key-file", a.api_key_file);
  if (from_user(o.ca_source)) f.emplace_back("--cacert", o.ca_file);
  if (!a.api_version.empty()) f.emplace_back("--api-version", a.api_version);
  if (o.allow_insecure_http) f.emplace_back("--allow-insecure-http", "");
  if (o.ip_version) f.emplace_back(o.ip_version == 4 ? "-4" : "-6", "");
  if (!o.probe) f.emplace_back("--no-probe", "");
  if (!o.stream) f.emplace_back("--no-stream", "");
  return f;
}

// The --header flags a suggested command repeats (core/header.hpp: a secret one through its
// variable), and the names of those only the user can add.
void header_flags(const CheckArgs& a, CheckOptions& o) {
  for (const auto& arg : a.headers) {
    const auto [name, given] = parse_header_arg(arg);  // each was read once already
    if (auto value = repeatable_header_value(name, given, expand_env_refs(given)))
      o.target_flags.emplace_back("--header", name + ": " + *value);
    else if (std::find(o.headers_left_out.begin(), o.headers_left_out.end(), name) == o.headers_left_out.end())
      o.headers_left_out.push_back(name);
  }
}

}  // namespace

bool CheckOptions::header_is_secret(const std::string& name, const std::string& value) const {
  return is_secret_header(name, value) ||
         std::find(secret_headers.begin(), secret_headers.end(), text::lower(name)) != secret_headers.end();
}

std::vector<std::string> parse_check_ids(const std::string& flag, const std::string& list) {
  std::vector<std::string> ids;
  if (list.empty()) return ids;
  std::vector<std::string> known;
  for (const auto& c : check_table()) known.emplace_back(c.id);
  for (auto id : text::split(list, ',')) {
    id = text::trim(id);
    if (id.empty()) continue;
    if (!find_check(id)) {
      auto close = text::closest(id, known, 1);
      throw UsageError(fmt::format("{} \"{}\": unknown check{} (checks: {})", flag, id,
                                   close.empty() ? "" : fmt::format(", did you mean \"{}\"?", close[0]),
                                   text::join(known, ", ")));
    }
    ids.push_back(id);
  }
  return ids;
}

Profile resolve_profile(const CheckArgs& a, const ConfigTarget* t, const std::string& config_path,
                        std::string& source, const Sourced& env_profile, const Sourced& fallback) {
  if (!a.profile.empty() && !a.profile_file.empty())
    throw UsageError("--profile and --profile-file: choose one");
  std::string file = a.profile_file;
  std::string flag = "--profile-file";
  if (file.empty() && a.profile.empty() && env_profile.value.empty() && t &&
      !t->profile_file.empty()) {
    file = config_relative(t->profile_file, config_path);
    flag = "config target " + t->name + ": profile_file";
  }
  if (!file.empty()) {
    source = flag + " " + file;
    try {
      return load_profile_file(file);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("{} \"{}\": {}", flag, file, e.what()));
    }
  }
  Sourced name = first_of({{a.profile, "--profile"}, env_profile,
                           {t ? t->profile : "", t ? "config target " + t->name : ""}, fallback});
  source = name.source;
  if (const Profile* p = find_profile(name.value)) return *p;
  std::vector<std::string> names;
  for (const auto& p : builtin_profiles()) names.push_back(p.name);
  auto close = text::closest(name.value, names, 1);
  throw UsageError(fmt::format("{} \"{}\": unknown profile{} (profiles: {})", name.source,
                               name.value,
                               close.empty() ? "" : fmt::format(", did you mean \"{}\"?", close[0]),
                               text::join(names, ", ")));
}

// The profile's headers, then the config target's, then --header's; a later one of the
// same name (in any case) takes the earlier one's place. ${VAR} is filled in here.
std::vector<std::pair<std::string, std::string>> resolve_headers(
    const CheckArgs& a, const Profile& profile, const ConfigTarget* t,
    std::vector<std::pair<std::string, std::string>> out) {
  auto put = [&out](std::string name, std::string value) {
    std::erase_if(out, [&](const auto& h) { return text::lower(h.first) == text::lower(name); });
    if (value.empty()) return;  // "${VAR:-}" with VAR unset: not sent
    out.emplace_back(std::move(name), std::move(value));
    if (out.size() > kMaxUserHeaders)
      throw UsageError(fmt::format("more than {} headers to send", kMaxUserHeaders));
  };
  // `where`: "profile NAME header" or "--header", then the header's name.
  auto expanded = [](const std::string& where, const std::string& name, const std::string& value) {
    try {
      return expand_env_refs(value);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("{} {}: {}", where, name, e.what()));
    }
  };
  for (const auto& [name, value] : profile.headers)
    put(name, expanded("profile " + profile.name + " header", name, value));
  if (t)
    for (const auto& [name, value] : t->headers)
      put(name, expanded("config target " + t->name + " header", name, value));
  if (a.headers.size() > kMaxUserHeaders)
    throw UsageError(fmt::format("--header: at most {} headers", kMaxUserHeaders));
  for (const auto& arg : a.headers) {
    std::pair<std::string, std::string> header;
    try {
      header = parse_header_arg(arg);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--header: {}", e.what()));
    }
    put(header.first, expanded("--header", header.first, header.second));
  }
  return out;
}

std::string read_request_body(const std::string& path) {
  try {
    return read_input_file(path, kMaxRequestBodyBytes);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--request-body \"{}\": {}", path, e.what()));
  }
}

// The api-version a base URL carries in its query (Azure's portal shows the Target URI so),
// with its source; empty when it has none.
Sourced api_version_in(const std::string& base) {
  const auto q = base.find('?');
  if (q == std::string::npos) return {"", ""};
  for (const auto& pair : text::split(base.substr(q + 1), '&'))
    if (pair.starts_with("api-version=")) return {pair.substr(12), "the base URL's ?api-version="};
  return {"", ""};
}

// The one source of the middle layer (cli/sources.hpp): --client's, --from-env's, the one
// an --env-file speaks, else ANLINKAI_*.
Found family_source(const CheckArgs& a, const EnvSource& vars, const ClientDef*& client) {
  if (!a.from_env.empty() && a.from_env != "openai" && a.from_env != "anthropic")
    throw UsageError(fmt::format("--from-env \"{}\": the families known are openai and anthropic", a.from_env));
  client = nullptr;
  if (!a.client.empty()) {
    client = find_client(text::lower(a.client));
    if (!client)
      throw UsageError(fmt::format("--client \"{}\": not a client the doctor knows (choose from {})",
                                   text::shorten(a.client, 40), client_ids()));
    const std::string family = client->id == "openai-sdk" ? "openai" : client->id == "claude-code" ? "anthropic" : "";
    if (!a.from_env.empty() && a.from_env != family)
      throw UsageError(fmt::format("--client {} and --from-env {}: the client reads its own configuration; give one",
                                   client->id, a.from_env));
  }
  if (!a.codex_profile.empty() && (!client || client->id != "codex"))
    throw UsageError("--codex-profile selects a Codex profile: give it with --client codex");
  if (client && client->id == "claude-code") return anthropic_source(vars, true);
  if (client && client->id == "codex") return codex_source(vars, a.codex_profile);
  if (a.from_env == "anthropic" || (a.from_env.empty() && !client && vars.file_speaks_anthropic()))
    return anthropic_source(vars, false);
  if ((client && client->id == "openai-sdk") || a.from_env == "openai" || (a.from_env.empty() && vars.file_speaks_openai()))
    return openai_source(vars);
  return anlinkai_source(vars);
}

CheckOptions resolve_inputs(const CheckArgs& a, std::string& notice) {
  CheckOptions o;
  const auto cfg = load_config(a.config);
  const ConfigTarget* t = pick_target(cfg, a.target);
  const std::string in_target = t ? "config target " + t->name : "";
  if (cfg) o.config_path = cfg->path;
  if (t) o.target = t->name;
  const EnvSource vars(a.env_file);
  const Found fam = family_source(a, vars, o.client);

  // Before the profile, which may follow the base URL's host.
  const Sourced base = first_of({{a.base_url, "--base-url"}, fam.base_url, {t ? t->base_url : "", in_target},
                                 fam.base_default});
  o.profile = resolve_profile(a, t, o.config_path, o.profile_source, fam.profile,
                              fam.profile_default == "host" ? profile_of_host(base.value)
                                                            : Sourced{fam.profile_default, "default"});
  o.base_url = base.value.empty() ? Sourced{o.profile.base_url, "profile " + o.profile.name} : base;
  if (o.base_url.value.empty())
    throw UsageError(fmt::format("no base URL: pass --base-url, or set \"base_url\" in the "
                                 "profile \"{}\"",
                                 o.profile.name));
  const bool family_names_default = fam.profile_default == "host";  // an SDK's variables name no model
  o.model = first_of({{text::join(a.models, ","), "--model"}, fam.model, {t ? t->model : "", in_target},
                      {family_names_default ? o.profile.default_model : "", "profile " + o.profile.name + " default"},
                      {"qwen-flash", "default"}});
  const bool client_models = !fam.models.empty() && o.model.source == fam.model.source;
  o.models = client_models ? fam.models : split_models(o.model);
  o.model.value = o.models.front();
  if (client_models) o.model_sources = fam.model_sources;
  o.key_variable = fam.key_variable;
  o.input_warnings = fam.warnings;
  o.input_failures = fam.failures;
  o.client_files = fam.files;
  o.client_settings = fam.settings;
  for (const auto& param : fam.query) {
    auto& query = o.profile.auth.query;
    std::erase_if(query, [&](const auto& q) { return q.first == param.first; });
    query.push_back(param);
    o.query_sources[param.first] = fam.query_source;
  }
  // Azure's api-version: the flag, else (for a profile that sends one) the variable the
  // AzureOpenAI SDKs read, else the profile's default.
  const bool sends_version = std::any_of(o.profile.auth.query.begin(), o.profile.auth.query.end(),
                                         [](const auto& q) { return q.first == "api-version"; });
  const Sourced version = first_of({{a.api_version, "--api-version"},
                                    sends_version ? vars.value("OPENAI_API_VERSION", &o.input_warnings)
                                                  : Sourced{"", ""},
                                    sends_version ? api_version_in(o.base_url.value) : Sourced{"", ""}});
  if (!version.value.empty()) {
    if (version.value.size() > 64 || version.value.find_first_of(" \t\r\n&#?") != std::string::npos)
      throw UsageError(fmt::format("{} \"{}\": not an api-version (such as {})", version.source,
                                   text::one_line(version.value), kAzureApiVersion));
    auto& query = o.profile.auth.query;
    std::erase_if(query, [](const auto& q) { return q.first == "api-version"; });
    query.emplace_back("api-version", version.value);
    o.api_version_source = version.source;
  }

  if (a.api_key_given && !a.api_key_file.empty())
    throw UsageError("--api-key and --api-key-file: give the key one way, not both");
  if (a.api_key_given && a.api_key == "-") {
    o.api_key = {::isatty(STDIN_FILENO) ? read_key_from_terminal()
                                        : drop_final_newline(read_capped(std::cin, "--api-key - (stdin)")),
                 "stdin"};
  } else if (a.api_key_given) {
    o.api_key = {a.api_key, "--api-key"};
    notice = "a key given with --api-key is visible to other local users in the process list; "
             "prefer ANLINKAI_API_KEY, --api-key-file PATH or --api-key - (stdin)";
  } else if (!a.api_key_file.empty()) {
    o.api_key = {read_key_file(a.api_key_file, "--api-key-file", o), "--api-key-file " + a.api_key_file};
    warn_if_readable_by_others(a.api_key_file, o);
  } else if (!fam.api_key.source.empty()) {
    o.api_key = fam.api_key;
    o.client_key_styles = fam.key_styles;
    o.second_key = fam.second_key;
  } else if (t && !t->key_env.empty()) {
    const char* named = std::getenv(t->key_env.c_str());
    o.api_key = {named ? named : "", fmt::format("environment variable {} named by {}{}", t->key_env,
                                                 in_target, named ? "" : ", which is not set")};
  } else if (t && !t->key_file.empty()) {
    const std::string file = config_relative(t->key_file, o.config_path);
    o.api_key = {read_key_file(file, in_target + ": key_file", o), in_target + ": key_file " + file};
    warn_if_readable_by_others(file, o);
  } else if (t && !t->key.empty()) {
    o.api_key = {t->key, in_target + ": key written inline"};
    o.input_warnings.emplace_back(
        fmt::format("the key is written inline in the config {} (target {}){}", o.config_path, t->name,
                    cfg->readable_by_others ? ", which other users can read" : ""),
        "Name an environment variable (key_env) or a private file (key_file) instead");
  }

  Sourced ca = first_of({{a.cacert, "--cacert"}, from_env("SSL_CERT_FILE"), from_env("CURL_CA_BUNDLE"),
                         {t ? config_relative(t->cacert, o.config_path) : "", in_target}});
  o.ca_file = ca.value;
  o.ca_source = ca.source;
  if (!o.ca_file.empty()) {
    try {
      check_input_file(o.ca_file, kMaxCaBundleBytes);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("CA bundle \"{}\" (from {}): {}", o.ca_file, o.ca_source, e.what()));
    }
  }

  // Written so that NaN fails too; below 0.1 s no request could ever finish.
  if (!(a.timeout_seconds >= 0.1 && a.timeout_seconds <= 3600))
    throw UsageError(fmt::format("--timeout {}: give seconds between 0.1 and 3600", a.timeout_seconds));
  o.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout_seconds * 1000));
  if (a.max_time_seconds != 0 && !(a.max_time_seconds >= 0.1 && a.max_time_seconds <= 86400))
    throw UsageError(fmt::format("--max-time {}: give seconds between 0.1 and 86400 (0: three times "
                                 "--timeout)", a.max_time_seconds));
  if (a.hold_seconds != 0 && !(a.hold_seconds >= 1 && a.hold_seconds <= 3600))
    throw UsageError(fmt::format("--hold {}: give seconds between 1 and 3600", a.hold_seconds));
  o.hold = std::chrono::milliseconds(static_cast<long>(a.hold_seconds * 1000));
  o.max_time = a.max_time_seconds > 0
                   ? std::chrono::milliseconds(static_cast<long>(a.max_time_seconds * 1000))
                   : 3 * o.timeout + o.hold;
  o.concurrent = !a.sequential;
  for (const auto& id : a.request_ids) {
    if (text::trim(id).empty() || id.find_first_of(" \t\r\n") != std::string::npos)
      throw UsageError(fmt::format("--request-id \"{}\": not a request id", id));
    o.request_ids.push_back(id);
  }
  o.header_sources = fam.header_sources;  // the client's own headers, as it sends them
  o.secret_headers = fam.secret_headers;
  o.headers = resolve_headers(a, o.profile, t, fam.headers);
  o.probe = !a.no_probe;
  o.stream = !a.no_stream;
  o.allow_insecure_http = a.allow_insecure_http;
  if (a.ipv4 && a.ipv6) throw UsageError("-4 and -6: choose one");
  o.ip_version = a.ipv4 ? 4 : a.ipv6 ? 6 : 0;
  o.apis = a.apis.empty() && !fam.apis.empty() ? fam.apis : parse_apis(a.apis);
  if (!a.request_body.empty()) {
    if (o.apis.size() > 1)
      throw UsageError("--request-body replays one request of one API: give one --api");
    if (o.models.size() > 1)
      throw UsageError("--request-body replays one request, with its own model: give one --model");
    o.request_body_path = a.request_body;
    o.request_body = read_request_body(a.request_body);
  }
  o.capabilities = parse_capabilities(a.capabilities);
  o.nonce = fresh_nonce();
  o.only = parse_check_ids("--only", a.only);
  o.skip = parse_check_ids("--skip", a.skip);
  if (a.program.find('/') != std::string::npos) o.program = a.program;
  o.target_flags = target_flags(a, o);
  header_flags(a, o);
  return o;
}

}  // namespace anlink
