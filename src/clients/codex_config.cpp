#include "clients/codex_config.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <toml++/toml.h>

#include "cli/errors.hpp"
#include "util/input_file.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kMaxConfigBytes = 1u << 20;
constexpr std::size_t kMaxTableEntries = 64;

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The most dotted parts one line's keys may have: toml++ recurses once per part of a dotted
// key (`a.a.a...`), which its own nesting limit does not count. A key is on one line, so a
// linear scan of each line, outside strings and comments, bounds them all.
constexpr int kMaxKeyParts = 64;

bool keys_too_deep(const std::string& text) {
  enum { plain, basic, literal, multi_basic, multi_literal, comment } state = plain;
  int dots = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool triple = i + 2 < text.size() && text[i + 1] == c && text[i + 2] == c;
    switch (state) {
      case plain:
        if (c == '.' && ++dots > kMaxKeyParts) return true;
        if (c == '\n') dots = 0;
        else if (c == '#') state = comment;
        else if (c == '"') state = triple ? (i += 2, multi_basic) : basic;
        else if (c == '\'') state = triple ? (i += 2, multi_literal) : literal;
        break;
      case comment:
        if (c == '\n') state = plain, dots = 0;
        break;
      case basic:
        if (c == '\\') ++i;
        else if (c == '"' || c == '\n') state = plain;
        break;
      case literal:
        if (c == '\'' || c == '\n') state = plain;
        break;
      case multi_basic:
        if (c == '\\') ++i;
        else if (c == '"' && triple) state = plain, i += 2;
        break;
      case multi_literal:
        if (c == '\'' && triple) state = plain, i += 2;
        break;
    }
  }
  return false;
}

toml::table parse_file(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, kMaxConfigBytes);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("Codex config \"{}\": {}", path, e.what()));
  }
  if (keys_too_deep(text))
    throw UsageError(fmt::format("Codex config \"{}\": a key with more than {} dotted parts, which no config has",
                                 path, kMaxKeyParts));
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    throw UsageError(fmt::format("Codex config {}:{}:{}: {}", path, at.line, at.column,
                                 text::one_line(text::shorten(e.description(), 160))));
  }
}

// Later layers win, key by key, as Codex layers its files: top-level keys, and each
// provider's keys under model_providers.ID (the levels read here; no deeper, no recursion).
// `origin`: the file each key was last set by ("model", "model_providers.ID.base_url").
using Origins = std::map<std::string, std::string>;
void merge_into(toml::table& base, const toml::table& over, const std::string& file, Origins& origin) {
  for (const auto& [key, node] : over) {
    auto* existing = base.get(key);
    if (key.str() == "model_providers" && node.is_table())
      for (const auto& [id, provider] : *node.as_table())
        if (provider.is_table())
          for (const auto& [k, v] : *provider.as_table())
            origin[fmt::format("model_providers.{}.{}", id.str(), k.str())] = file;
    origin[std::string(key.str())] = file;
    if (!(existing && existing->is_table() && node.is_table() && key.str() == "model_providers")) {
      base.insert_or_assign(key, node);
      continue;
    }
    auto& providers = *existing->as_table();
    for (const auto& [id, provider] : *node.as_table()) {
      auto* had = providers.get(id);
      if (!(had && had->is_table() && provider.is_table())) {
        providers.insert_or_assign(id, provider);
        continue;
      }
      for (const auto& [k, v] : *provider.as_table()) had->as_table()->insert_or_assign(k, v);
    }
  }
}

std::vector<std::pair<std::string, std::string>> string_map(const toml::node* node, const std::string& what,
                                                            std::vector<std::string>& notes) {
  std::vector<std::pair<std::string, std::string>> out;
  const toml::table* t = node ? node->as_table() : nullptr;
  if (!t) {
    if (node) notes.push_back(what + " is not a table: Codex refuses such a file");
    return out;
  }
  for (const auto& [k, v] : *t) {
    if (out.size() >= kMaxTableEntries) break;
    if (auto s = v.value<std::string>()) out.emplace_back(std::string(k.str()), *s);
    else notes.push_back(fmt::format("{}.{} is not a string", what, text::shorten(k.str(), 60)));
  }
  return out;
}

}  // namespace

std::string codex_home() {
  if (const char* h = std::getenv("CODEX_HOME"); h && *h) return h;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.codex";
}

CodexConfig read_codex_config(const std::string& codex_profile) {
  CodexConfig c;
  c.profile = codex_profile;
  toml::table merged;
  std::vector<std::string> layers = {"/etc/codex/config.toml", codex_home() + "/config.toml"};
  if (!codex_profile.empty()) {
    if (codex_profile.size() > 64 || codex_profile.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
      throw UsageError(fmt::format("--codex-profile \"{}\": a profile name has letters, digits, - and _ only",
                                   text::one_line(text::shorten(codex_profile, 40))));
    const std::string file = codex_home() + "/" + codex_profile + ".config.toml";
    if (!exists(file))
      throw UsageError(fmt::format("--codex-profile {}: no file {} (Codex reads a profile from there)",
                                   codex_profile, file));
    layers.push_back(file);
  }
  Origins origin;
  for (const auto& path : layers) {
    if (!exists(path)) continue;
    merge_into(merged, parse_file(path), path, origin);
    c.files.push_back(path);
  }
  auto from = [&](const std::string& key) {
    auto it = origin.find(key);
    return it == origin.end() ? std::string("Codex's default") : it->second;
  };
  if (c.files.empty()) c.notes.push_back("no " + codex_home() + "/config.toml: Codex's defaults apply");
  if (auto m = merged["model"].value<std::string>()) c.model = {*m, from("model") + ": model"};
  for (const char* key : {"model_reasoning_summary", "model_reasoning_effort"})
    if (auto v = merged[key].value<std::string>()) c.settings[key] = *v;
  // What Codex refuses at start, in its words: it then sends nothing.
  auto refuse = [&](std::string what, std::string fix) { c.refusals.emplace_back(std::move(what), std::move(fix)); };
  auto string_at = [&](const toml::node_view<toml::node> n, const std::string& key, const std::string& where)
      -> std::optional<std::string> {
    if (!n) return std::nullopt;
    if (auto v = n.value<std::string>()) return v;
    refuse(fmt::format("Codex refuses {} ({}): \"invalid type: expected a string\"", key, where),
           fmt::format("Write {} as a quoted string", key));
    return std::nullopt;
  };
  if (merged.contains("profile"))
    refuse(fmt::format("Codex refuses the top-level profile = ({}): \"legacy `profile = ...` config is no longer "
                       "supported\"", from("profile")),
           "Move that profile's settings to $CODEX_HOME/NAME.config.toml and run codex -p NAME (the doctor: "
           "--codex-profile NAME); remove profile = from config.toml");
  if (merged.contains("profiles"))
    c.notes.push_back("a [profiles] table is the legacy form, which current Codex ignores: it reads a profile from "
                      "$CODEX_HOME/NAME.config.toml (codex -p NAME)");
  if (auto p = string_at(merged["model_provider"], "model_provider", from("model_provider"))) {
    c.provider_id = *p;
    c.provider_source = from("model_provider") + ": model_provider";
  }
  if (auto b = string_at(merged["openai_base_url"], "openai_base_url", from("openai_base_url")))
    c.openai_base_url = {*b, from("openai_base_url") + ": openai_base_url"};
  const toml::table* provider = merged["model_providers"][c.provider_id].as_table();
  c.wire_api = {"responses", "Codex's default wire_api"};
  if (provider) {
    c.builtin_provider = false;
    // "FILE: [model_providers.ID] KEY", naming the file that set it.
    auto at = [&](const char* key) {
      return fmt::format("{}: [model_providers.{}] {}", from(fmt::format("model_providers.{}.{}", c.provider_id, key)),
                         c.provider_id, key);
    };
    auto field = [&](const char* key) { return string_at(merged["model_providers"][c.provider_id][key], key, at(key)); };
    const auto name = field("name");
    if (!name || text::trim(*name).empty())
      refuse(fmt::format("Codex refuses [model_providers.{}] ({}): \"provider name must not be empty\"", c.provider_id,
                         at("name")),
             fmt::format("Add name = \"...\" to [model_providers.{}]", c.provider_id));
    if (auto v = field("base_url")) c.base_url = {*v, at("base_url")};
    if (auto v = field("env_key")) {
      c.env_key = *v;
      c.env_key_source = at("env_key");
    }
    if (auto v = field("wire_api")) c.wire_api = {*v, at("wire_api")};
    c.headers_source = at("http_headers");
    c.env_headers_source = at("env_http_headers");
    c.query_source = at("query_params");
    c.http_headers = string_map(provider->get("http_headers"), at("http_headers"), c.notes);
    c.env_http_headers = string_map(provider->get("env_http_headers"), at("env_http_headers"), c.notes);
    c.query_params = string_map(provider->get("query_params"), at("query_params"), c.notes);
  } else if (c.provider_id == "openai") {
    // Measured with 0.169.0: the built-in provider sends CODEX_API_KEY (OPENAI_API_KEY is not
    // read), to openai_base_url (OPENAI_BASE_URL is not read either).
    c.env_key = "CODEX_API_KEY";
    c.env_key_source = "Codex's built-in openai provider";
  } else {
    throw UsageError(fmt::format("Codex config {}: model_provider \"{}\" has no [model_providers.{}] table",
                                 from("model_provider"), text::one_line(text::shorten(c.provider_id, 40)),
                                 text::one_line(text::shorten(c.provider_id, 40))));
  }
  return c;
}

std::optional<std::string> codex_base_url_key(const std::vector<std::string>& command) {
  std::string profile;
  for (std::size_t i = 1; i < command.size() && i < 64; ++i) {
    const std::string& a = command[i];
    if ((a == "-p" || a == "--profile") && i + 1 < command.size()) profile = command[i + 1];
    else if (a.starts_with("--profile=")) profile = a.substr(10);
  }
  CodexConfig c;
  try {
    c = read_codex_config(profile);
  } catch (const UsageError&) {
    return std::nullopt;  // Codex's own to refuse
  }
  if (c.builtin_provider) return "openai_base_url";
  // An id that cannot be part of a -c key (Codex reads "a.b" as two keys): none.
  if (c.provider_id.empty() || c.provider_id.size() > 64 ||
      c.provider_id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
          std::string::npos)
    return std::nullopt;
  return "model_providers." + c.provider_id + ".base_url";
}

}  // namespace anlink
