#include "cli/inputs.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "checks/check.hpp"
#include "cli/errors.hpp"
#include "core/profile.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kMaxKeyBytes = 64 * 1024;
constexpr std::size_t kMaxRequestBodyBytes = 8u << 20;

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

std::string read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("--api-key-file \"{}\": cannot read it: {}", path,
                                        std::strerror(errno)));
  return drop_final_newline(read_capped(in, fmt::format("--api-key-file \"{}\"", path)));
}

Sourced first_of(const std::string& flag_value, const char* flag, const char* env_name,
                 const std::string& fallback, const char* fallback_source) {
  if (!flag_value.empty()) return {flag_value, flag};
  if (env_name && !env(env_name).empty()) return {env(env_name), env_name};
  return {fallback, fallback_source};
}

}  // namespace

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

Profile resolve_profile(const CheckArgs& a, std::string& source) {
  if (!a.profile.empty() && !a.profile_file.empty())
    throw UsageError("--profile and --profile-file: choose one");
  if (!a.profile_file.empty()) {
    source = "--profile-file " + a.profile_file;
    try {
      return load_profile_file(a.profile_file);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--profile-file \"{}\": {}", a.profile_file, e.what()));
    }
  }
  Sourced name = first_of(a.profile, "--profile", "ANLINKAI_PROFILE", "anlinkai", "default");
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

std::string read_request_body(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("--request-body \"{}\": cannot read it: {}", path,
                                        std::strerror(errno)));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (body.size() > kMaxRequestBodyBytes)
    throw UsageError(fmt::format("--request-body \"{}\": larger than {} MiB", path,
                                 kMaxRequestBodyBytes >> 20));
  return body;
}

CheckOptions resolve_inputs(const CheckArgs& a, std::string& notice) {
  CheckOptions o;
  o.profile = resolve_profile(a, o.profile_source);
  o.base_url = first_of(a.base_url, "--base-url", "ANLINKAI_BASE_URL", o.profile.base_url,
                        "profile default");
  if (o.base_url.value.empty())
    throw UsageError(fmt::format("no base URL: pass --base-url, or set \"base_url\" in the "
                                 "profile \"{}\"",
                                 o.profile.name));
  o.model = first_of(a.model, "--model", "ANLINKAI_MODEL", "qwen-flash", "default");

  if (a.api_key_given && !a.api_key_file.empty())
    throw UsageError("--api-key and --api-key-file: give the key one way, not both");
  if (a.api_key_given && a.api_key == "-") {
    o.api_key = {drop_final_newline(read_capped(std::cin, "--api-key - (stdin)")), "stdin"};
  } else if (a.api_key_given) {
    o.api_key = {a.api_key, "--api-key"};
    notice = "a key given with --api-key is visible to other local users in the process list; "
             "prefer ANLINKAI_API_KEY, --api-key-file PATH or --api-key - (stdin)";
  } else if (!a.api_key_file.empty()) {
    o.api_key = {read_key_file(a.api_key_file), "--api-key-file " + a.api_key_file};
  } else if (const char* k = std::getenv("ANLINKAI_API_KEY")) {
    o.api_key = {k, "ANLINKAI_API_KEY"};
  }

  o.ca_file = first_of(a.cacert, "--cacert", "SSL_CERT_FILE", "", "").value;
  if (o.ca_file.empty()) o.ca_file = env("CURL_CA_BUNDLE");
  if (!o.ca_file.empty() && !std::ifstream(o.ca_file))
    throw UsageError(fmt::format("CA bundle \"{}\": cannot read it: {}", o.ca_file,
                                 std::strerror(errno)));

  if (!(a.timeout_seconds > 0) || a.timeout_seconds > 3600)
    throw UsageError(fmt::format("--timeout {}: give seconds between 0 and 3600", a.timeout_seconds));
  o.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout_seconds * 1000));
  for (const auto& id : a.request_ids) {
    if (text::trim(id).empty() || id.find_first_of(" \t\r\n") != std::string::npos)
      throw UsageError(fmt::format("--request-id \"{}\": not a request id", id));
    o.request_ids.push_back(id);
  }
  o.probe = !a.no_probe;
  o.stream = !a.no_stream;
  if (!a.request_body.empty()) {
    o.request_body_path = a.request_body;
    o.request_body = read_request_body(a.request_body);
  }
  o.only = parse_check_ids("--only", a.only);
  o.skip = parse_check_ids("--skip", a.skip);
  return o;
}

}  // namespace anlink
