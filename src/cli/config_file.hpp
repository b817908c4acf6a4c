#pragma once
// The config file: named targets, so a team can say `--target prod` instead of four flags.
//   {"default_target": "prod",
//    "targets": {"prod": {"base_url": "...", "profile": "anlinkai", "model": "qwen-flash",
//                         "key_env": "ANLINKAI_PROD_KEY"}}}
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anlink {

struct ConfigTarget {
  std::string name;
  std::string base_url, profile, profile_file, model, cacert;
  std::string key_env, key_file, key;  // where the key comes from; an inline key warns
  std::vector<std::pair<std::string, std::string>> headers;  // "headers": {"Name": "value"}
};

struct ConfigFile {
  std::string path;
  bool readable_by_others = false;
  std::string default_target;
  std::map<std::string, ConfigTarget> targets;
};

// $XDG_CONFIG_HOME/anlink-doctor/config.json, else ~/.config/anlink-doctor/config.json;
// "" when neither variable is set.
std::string default_config_path();

// Reads `explicit_path` (which must exist), else the default path if a file is there.
// Throws UsageError naming the file and the field.
std::optional<ConfigFile> load_config(const std::string& explicit_path);

}  // namespace anlink
