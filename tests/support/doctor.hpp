#pragma once
// Shorthands for integration tests: run the doctor against a fake server and find checks
// in its JSON report.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fake/fake_server.hpp"
#include "support/run_doctor.hpp"
#include "support/temp_dir.hpp"

namespace support {

inline std::map<std::string, std::string> key_env(const std::string& key = fake::kGoodKey) {
  return {{"ANLINKAI_API_KEY", key}};
}

// `check --format json --base-url BASE` plus `extra`, with the key in the environment.
inline Run check_json(const std::string& base, std::vector<std::string> extra = {},
                      const std::map<std::string, std::string>& env = key_env()) {
  std::vector<std::string> args = {"check", "--format", "json", "--base-url", base};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_doctor(args, env);
}

// A whole file as text ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::stringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

// A file only its owner can read, as a key or config file should be.
inline std::string private_file(const TempDir& dir, const std::string& name, const std::string& content) {
  std::string path = dir.write(name, content);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return path;
}

inline nlohmann::json check_of(const nlohmann::json& report, const std::string& id) {
  for (const auto& c : report["checks"])
    if (c["id"] == id) return c;
  return nullptr;
}

// The check `id` that spoke `api` (a check without "api" spoke chat).
inline nlohmann::json check_for(const nlohmann::json& report, const std::string& id, const std::string& api) {
  for (const auto& c : report["checks"])
    if (c["id"] == id && c.value("api", "chat") == api) return c;
  return nullptr;
}

inline bool any_contains(const nlohmann::json& list, const std::string& needle) {
  for (const auto& s : list)
    if (s.is_string() && s.get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

// A profile file for the fake gateway with its balance and usage-log routes.
inline std::string fake_profile(const TempDir& dir, const fake::Server& server) {
  nlohmann::json p = {
      {"name", "fake-gateway"},
      {"base_url", server.base_url()},
      {"catalog", {{"path", "/models"}, {"list", "/items"}, {"id", "/code"}, {"status", "/status"}}},
      {"balance", {{"path", "/account/balance"}, {"amount", "/data/available"},
                   {"currency", "/data/currency"}, {"minimum", 0.01}}},
      {"usage_log", {{"path", "/usage/logs?request_id={request_id}"}, {"entry", "/data/0"},
                     {"status", "/status"}, {"error_code", "/error_code"}, {"cost", "/cost"}}}};
  return dir.write("profile.json", p.dump(2));
}

}  // namespace support
