#include "cli/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "clients/claude_settings.hpp"
#include "clients/client.hpp"
#include "clients/codex_config.hpp"
#include "cli/errors.hpp"
#include "core/header.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

void add_header(Found& f, const std::string& name, const std::string& value, const std::string& source) {
  if (f.headers.size() >= kMaxUserHeaders) return;
  f.headers.emplace_back(name, value);
  f.header_sources[text::lower(name)] = source;
}

// A base URL as the clients given the root append /v1 to it: the doctor's base is the root
// plus /v1 (its Messages route is then {root}/v1/messages, as theirs).
Sourced root_as_base(const Sourced& root, const std::string& how) {
  std::string v = text::trim(root.value);
  while (!v.empty() && v.back() == '/') v.pop_back();
  return {v + "/v1", root.source + how};
}

}  // namespace

Found anlinkai_source(const EnvSource& vars) {
  Found f;
  f.name = "the ANLINKAI_* variables";
  f.base_url = vars.value("ANLINKAI_BASE_URL", &f.warnings);
  f.model = vars.value("ANLINKAI_MODEL", &f.warnings);
  f.profile = vars.value("ANLINKAI_PROFILE", &f.warnings);
  if (auto k = vars.get("ANLINKAI_API_KEY", &f.warnings)) {
    f.api_key = *k;
    vars.note_loader_differences("ANLINKAI_API_KEY", f.warnings);
  }
  f.profile_default = "anlinkai";
  f.key_variable = "ANLINKAI_API_KEY";
  return f;
}

Found openai_source(const EnvSource& vars) {
  Found f;
  f.name = "the OpenAI SDKs' variables";
  OpenAiEnv oa = read_openai_env(vars, f.warnings);
  f.base_url = oa.base_url;
  f.api_key = oa.api_key;
  f.model = oa.model;
  f.base_default = {kOpenAiDefaultBase, "the OpenAI SDK's default (OPENAI_BASE_URL is not set)"};
  f.profile_default = "host";
  f.key_variable = "OPENAI_API_KEY";
  if (!oa.organization.value.empty()) add_header(f, "OpenAI-Organization", oa.organization.value, oa.organization.source);
  if (!oa.project.value.empty()) add_header(f, "OpenAI-Project", oa.project.value, oa.project.source);
  return f;
}

Found anthropic_source(const EnvSource& vars, bool claude_code) {
  Found f;
  f.name = claude_code ? "Claude Code's settings and variables" : "the ANTHROPIC_* variables";
  ClaudeSettings settings;
  if (claude_code) settings = read_claude_settings();
  f.files = settings.files;
  for (const auto& note : settings.notes) f.warnings.emplace_back(note, "Write env values as strings, as Claude Code's settings want");
  // A variable as Claude Code sees it: a settings file's env block, else the environment.
  auto find = [&](const char* name) -> std::optional<Sourced> {
    if (auto it = settings.env.find(name); it != settings.env.end()) return Sourced{it->second.value, it->second.source};
    return vars.get(name, &f.warnings);
  };
  auto var = [&](const char* name) { return find(name).value_or(Sourced{"", name}); };
  if (claude_code)
    for (std::string_view name : claude_code_client().settings)
      if (auto v = find(std::string(name).c_str())) f.settings[std::string(name)] = v->value;
  const Sourced root = var("ANTHROPIC_BASE_URL");
  if (!root.value.empty()) f.base_url = root_as_base(root, " (+ /v1, as its clients append /v1/messages)");
  f.base_default = root_as_base({kAnthropicDefaultRoot, "the Anthropic default (ANTHROPIC_BASE_URL is not set)"}, "");
  f.profile_default = "host";
  f.apis = {find_api("messages")};

  const auto api_key = find("ANTHROPIC_API_KEY"), token = find("ANTHROPIC_AUTH_TOKEN");
  if (token && !token->value.empty()) {
    f.api_key = *token;
    f.key_variable = "ANTHROPIC_AUTH_TOKEN";
    f.key_styles = {KeyStyle::bearer};
    if (api_key && !api_key->value.empty()) {
      // Both go out (Claude Code 2.1.328 sends both headers): the gateway picks one.
      f.key_styles = {KeyStyle::both};
      f.second_key = *api_key;
      f.warnings.emplace_back(
          fmt::format("both ANTHROPIC_API_KEY{} and ANTHROPIC_AUTH_TOKEN{} are set{}: Claude Code sends "
                      "both, as x-api-key and as Authorization: Bearer, and the gateway picks one, so a wrong "
                      "one can be used whatever the other holds",
                      api_key->source == "ANTHROPIC_API_KEY" ? "" : " (" + api_key->source + ")",
                      token->source == "ANTHROPIC_AUTH_TOKEN" ? "" : " (" + token->source + ")",
                      api_key->value == token->value ? " (to the same key)" : ", to different values"),
          "Keep one: ANTHROPIC_AUTH_TOKEN for a gateway that takes Bearer, ANTHROPIC_API_KEY for one that takes "
          "x-api-key (unset the other, in the environment and in the settings files' env blocks)");
    }
  } else if (api_key) {
    f.api_key = *api_key;
    f.key_variable = "ANTHROPIC_API_KEY";
    f.key_styles = {KeyStyle::x_api_key};
  }
  if (f.key_variable.empty()) f.key_variable = "ANTHROPIC_AUTH_TOKEN";
  if (settings.api_key_helper_file && f.api_key.value.empty())
    f.warnings.emplace_back(fmt::format("{} sets apiKeyHelper: Claude Code runs it for its key, the doctor does not",
                                        *settings.api_key_helper_file),
                            "Give the doctor the key: ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY in its environment");

  // The models it would use, each once: the main one (ANTHROPIC_MODEL, else the settings'
  // "model", else its default, the opus alias), then those its model variables name. An alias
  // (opus, sonnet, haiku, with "[1m]" for the long context) is the model its variable names,
  // else Claude Code's own (measured with 2.1.328).
  auto add_model = [&](const Sourced& m) {
    const std::string v = text::trim(m.value);
    if (v.empty() || std::find(f.models.begin(), f.models.end(), v) != f.models.end() || f.models.size() >= 8) return;
    f.models.push_back(v);
    f.model_sources[v] = m.source;
  };
  const Sourced opus = var("ANTHROPIC_DEFAULT_OPUS_MODEL"), sonnet = var("ANTHROPIC_DEFAULT_SONNET_MODEL");
  Sourced haiku = var("ANTHROPIC_DEFAULT_HAIKU_MODEL");
  if (text::trim(haiku.value).empty()) haiku = var("ANTHROPIC_SMALL_FAST_MODEL");
  struct Alias {
    const char* name;
    const Sourced& variable;
    const char* builtin;
  };
  const Alias aliases[] = {{"opus", opus, kClaudeCodeDefaultModel},
                           {"sonnet", sonnet, kClaudeCodeSonnetModel},
                           {"haiku", haiku, kClaudeCodeHaikuModel}};
  auto resolve = [&](Sourced m) {
    std::string name = text::lower(text::trim(m.value));
    if (name.ends_with("[1m]")) name.resize(name.size() - 4);
    for (const auto& a : aliases)
      if (name == a.name)
        return text::trim(a.variable.value).empty()
                   ? Sourced{a.builtin, fmt::format("Claude Code's {} (\"{}\" in {})", a.name, a.name, m.source)}
                   : Sourced{text::trim(a.variable.value), fmt::format("{} (\"{}\" in {})", a.variable.source, a.name, m.source)};
    return Sourced{text::trim(m.value), m.source};
  };
  Sourced main = var("ANTHROPIC_MODEL");
  if (text::trim(main.value).empty() && settings.model) main = {settings.model->value, settings.model->source};
  if (text::trim(main.value).empty() && claude_code) main = {"opus", "its default, ANTHROPIC_MODEL not set"};
  add_model(resolve(main));
  if (claude_code) {
    add_model(sonnet);
    add_model(opus);
    add_model(haiku);
  }
  if (!f.models.empty()) f.model = {f.models.front(), f.models.size() == 1 ? f.model_sources[f.models[0]] : "Claude Code's models"};
  if (f.models.size() < 2 && !claude_code) f.model_sources.clear();

  // ANTHROPIC_CUSTOM_HEADERS: "Name: value" lines.
  const Sourced custom = var("ANTHROPIC_CUSTOM_HEADERS");
  std::size_t lines = 0;
  for (const auto& line : text::split(custom.value, '\n')) {
    if (++lines > kMaxUserHeaders) break;
    if (text::trim(line).empty()) continue;
    try {
      const auto [name, value] = parse_header_arg(text::trim(line));
      add_header(f, name, value, custom.source);
    } catch (const std::invalid_argument& e) {
      // Claude Code leaves such a line out and sends the rest: the doctor does the same.
      f.warnings.emplace_back(fmt::format("{}: a line is not a header ({}): Claude Code leaves it out", custom.source,
                                          e.what()),
                              "Write each header as Name: value, one per line");
    }
  }
  return f;
}

Found codex_source(const EnvSource& vars, const std::string& codex_profile) {
  Found f;
  f.name = "Codex's config.toml";
  const CodexConfig c = read_codex_config(codex_profile);
  f.files = c.files;
  f.settings = c.settings;
  const std::string file = c.files.empty() ? codex_home() + "/config.toml" : c.files.back();
  for (const auto& note : c.notes) f.warnings.emplace_back(note, "See docs/configure/codex.md");
  f.apis = {find_api("responses")};
  f.profile_default = "host";
  for (const auto& [summary, fix] : c.refusals) f.failures.emplace_back(summary, fix);
  if (c.builtin_provider) {
    f.base_url = c.openai_base_url;
    f.base_default = {kOpenAiDefaultBase, "Codex's built-in openai provider (no openai_base_url)"};
  } else if (c.base_url.value.empty()) {
    throw UsageError(fmt::format("Codex config {}: [model_providers.{}] has no base_url, so Codex has nowhere to send "
                                 "its requests (add base_url = \"https://<gateway>/v1\")",
                                 file, text::one_line(text::shorten(c.provider_id, 40))));
  } else {
    f.base_url = c.base_url;
  }
  f.model = c.model.value.empty() ? Sourced{kCodexDefaultModel, "Codex's default model (no model in config.toml)"} : c.model;
  if (c.wire_api.value != "responses")
    f.failures.emplace_back(
        fmt::format("Codex refuses wire_api = \"{}\" ({}): it no longer speaks Chat Completions, and stops before "
                    "sending anything", text::one_line(text::shorten(c.wire_api.value, 40)), c.wire_api.source),
        fmt::format("Set wire_api = \"responses\" in [model_providers.{}] ({}): the gateway must then serve "
                    "{{base}}/responses, which this run checks", c.provider_id, c.wire_api.source));
  f.key_variable = c.env_key;
  if (!c.env_key.empty()) {
    if (auto k = vars.get(c.env_key, &f.warnings)) {
      f.api_key = {k->value, k->source + " (env_key of " + c.env_key_source + ")"};
    } else {
      f.failures.emplace_back(
          fmt::format("Codex stops with \"Missing environment variable: `{}`\": {} names it, and it is not set",
                      c.env_key, c.env_key_source),
          fmt::format("Export it where Codex runs: export {}=<your key> (or name another variable in env_key)", c.env_key));
    }
  }
  for (const auto& [name, value] : c.http_headers) add_header(f, name, value, c.headers_source);
  for (const auto& [name, variable] : c.env_http_headers) {
    if (auto v = vars.get(variable)) {
      add_header(f, name, v->value, v->source + " (" + c.env_headers_source + ")");
      f.secret_headers.push_back(text::lower(name));  // kept in a variable: treated as a secret
    }
    else f.warnings.emplace_back(fmt::format("env_http_headers {} names {}, which is not set: Codex sends no {} header",
                                             name, variable, name), fmt::format("Export {} if the gateway needs it", variable));
  }
  f.query = c.query_params;
  f.query_source = c.query_source;
  return f;
}

}  // namespace anlink
