#include "cli/config_file.hpp"

#include "core/header.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/errors.hpp"
#include "util/input_file.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

using nlohmann::json;


}  // namespace

std::string default_config_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/anlink-doctor/config.json";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/anlink-doctor/config.json";
  return "";
}

std::optional<ConfigFile> load_config(const std::string& explicit_path) {
  const std::string path = explicit_path.empty() ? default_config_path() : explicit_path;
  if (path.empty()) return std::nullopt;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (explicit_path.empty() && errno == ENOENT) return std::nullopt;  // no config: fine
    throw UsageError(fmt::format("config \"{}\": cannot read it: {}", path, std::strerror(errno)));
  }
  std::string text;
  try {
    text = read_input_file(path, 1u << 20);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("config \"{}\": {}", path, e.what()));
  }
  auto bad = [&](const std::string& field, const std::string& why) {
    return UsageError(fmt::format("config \"{}\": field \"{}\": {}", path, field, why));
  };
  bool too_deep = false;
  json doc = parse_untrusted_json(text, &too_deep);
  if (too_deep) throw UsageError(fmt::format("config \"{}\": nested deeper than {} levels", path, kMaxJsonDepth));
  if (doc.is_discarded() || !doc.is_object())
    throw UsageError(fmt::format("config \"{}\": not a JSON object", path));

  ConfigFile cfg;
  cfg.path = path;
  cfg.readable_by_others = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "default_target" && it.key() != "targets") throw bad(it.key(), "unknown field");
  if (doc.contains("default_target")) {
    if (!doc["default_target"].is_string()) throw bad("default_target", "must be a string");
    cfg.default_target = doc["default_target"].get<std::string>();
  }
  if (doc.contains("targets")) {
    if (!doc["targets"].is_object()) throw bad("targets", "must be an object of named targets");
    for (auto t = doc["targets"].begin(); t != doc["targets"].end(); ++t) {
      const std::string where = "targets." + t.key();
      if (!t->is_object()) throw bad(where, "must be an object");
      ConfigTarget target;
      target.name = t.key();
      std::map<std::string, std::string*> fields = {
          {"base_url", &target.base_url}, {"profile", &target.profile},
          {"profile_file", &target.profile_file}, {"model", &target.model},
          {"cacert", &target.cacert}, {"key_env", &target.key_env},
          {"key_file", &target.key_file}, {"key", &target.key}};
      for (auto f = t->begin(); f != t->end(); ++f) {
        if (f.key() == "headers") {
          if (!f->is_object()) throw bad(where + ".headers", "must be an object of header names and values");
          for (auto h = f->begin(); h != f->end(); ++h) {
            if (!h->is_string()) throw bad(where + ".headers." + h.key(), "must be a string");
            if (auto why = header_problem(h.key(), h->get<std::string>()))
              throw bad(where + ".headers", *why);
            target.headers.emplace_back(h.key(), h->get<std::string>());
          }
          continue;
        }
        auto slot = fields.find(f.key());
        if (slot == fields.end()) throw bad(where + "." + f.key(), "unknown field");
        if (!f->is_string()) throw bad(where + "." + f.key(), "must be a string");
        *slot->second = f->get<std::string>();
      }
      int key_sources = !target.key_env.empty() + !target.key_file.empty() + !target.key.empty();
      if (key_sources > 1) throw bad(where, "give the key one way: key_env, key_file or key");
      cfg.targets[t.key()] = target;
    }
  }
  if (!cfg.default_target.empty() && !cfg.targets.count(cfg.default_target))
    throw bad("default_target", "no target is called \"" + cfg.default_target + "\"");
  return cfg;
}

}  // namespace anlink
