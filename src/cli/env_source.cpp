#include "cli/env_source.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>

#include "cli/errors.hpp"

namespace anlink {

EnvSource::EnvSource(const std::string& env_file) {
  if (env_file.empty()) return;
  try {
    file_ = load_dotenv(env_file);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--env-file \"{}\": {}", env_file, e.what()));
  }
}

std::optional<Sourced> EnvSource::get(const std::string& name, Notes* notes) const {
  const char* set = std::getenv(name.c_str());
  const DotenvValue* in_file = nullptr;
  if (file_)
    if (auto it = file_->vars.find(name); it != file_->vars.end()) in_file = &it->second;
  if (set && in_file && notes && in_file->value != set)
    notes->emplace_back(
        fmt::format("{} is set both in the environment and in {} (line {}), to different values: "
                    "the environment's is used, as dotenv loaders keep what is already set",
                    name, file_->path, in_file->line),
        fmt::format("Unset it in the shell (unset {}) or make the two agree", name));
  if (set) return Sourced{set, name};
  if (in_file) return Sourced{in_file->value, fmt::format("{}:{} {}", file_->path, in_file->line, name)};
  return std::nullopt;
}

Sourced EnvSource::value(const std::string& name, Notes* notes) const {
  auto v = get(name, notes);
  return v ? *v : Sourced{"", name};
}

void EnvSource::note_loader_differences(const std::string& name, Notes& notes) const {
  if (!file_ || std::getenv(name.c_str())) return;
  auto it = file_->vars.find(name);
  if (it == file_->vars.end()) return;
  const DotenvValue& v = it->second;
  const std::string where = fmt::format("{} (line {})", file_->path, v.line);
  if (v.quote)
    notes.emplace_back(
        fmt::format("{} is quoted in {}: dotenv libraries and Compose drop the quotes, but "
                    "`docker run --env-file` and systemd's EnvironmentFile keep them in the key",
                    name, where),
        fmt::format("Write it unquoted ({}=VALUE) if anything but a dotenv library reads the file", name));
  if (v.trailing_space)
    notes.emplace_back(
        fmt::format("{} has spaces after it in {}: dotenv libraries trim them, `docker run "
                    "--env-file` sends them as part of the key", name, where),
        "Delete the spaces at the end of the line");
  if (file_->crlf)
    notes.emplace_back(
        fmt::format("{} has Windows line endings (CRLF): dotenv libraries drop the \\r, a shell "
                    "that sources the file keeps it at the end of the key", file_->path),
        fmt::format("Convert it to Unix line endings: dos2unix {}", file_->path));
}

bool EnvSource::file_speaks_openai() const {
  if (!file_) return false;
  for (const auto& [name, v] : file_->vars)
    if (name.rfind("ANLINKAI_", 0) == 0) return false;
  for (const char* n : {"OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_API_KEY"})
    if (file_->vars.count(n)) return true;
  return false;
}

bool EnvSource::file_speaks_anthropic() const {
  if (!file_) return false;
  for (const auto& [name, v] : file_->vars)
    if (name.rfind("ANLINKAI_", 0) == 0 || name.rfind("OPENAI_", 0) == 0) return false;
  for (const char* n : {"ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"})
    if (file_->vars.count(n)) return true;
  return false;
}

OpenAiEnv read_openai_env(const EnvSource& vars, Notes& notes) {
  OpenAiEnv e;
  auto base = vars.get("OPENAI_BASE_URL", &notes);
  auto legacy = vars.get("OPENAI_API_BASE", &notes);
  if (base) {
    e.base_url = *base;
    if (legacy && legacy->value != base->value)
      notes.emplace_back(
          fmt::format("OPENAI_API_BASE ({}) differs from OPENAI_BASE_URL: current OpenAI SDKs use "
                      "OPENAI_BASE_URL, older ones and some frameworks OPENAI_API_BASE",
                      legacy->source),
          "Give both the same value, or remove OPENAI_API_BASE");
  } else if (legacy) {
    e.base_url = {legacy->value, legacy->source + " (legacy)"};
    notes.emplace_back(
        fmt::format("only the legacy OPENAI_API_BASE is set ({}): current OpenAI SDKs (Python 1.x, "
                    "Node 4.x and later) ignore it, so the app most likely calls {} with this key; "
                    "the doctor checks the URL you meant",
                    legacy->source, kOpenAiDefaultBase),
        "Rename it to OPENAI_BASE_URL (same value)");
  }
  e.api_key = vars.get("OPENAI_API_KEY", &notes).value_or(Sourced{"", ""});  // "": not given
  e.model = vars.value("OPENAI_MODEL", &notes);
  e.organization = vars.value("OPENAI_ORG_ID", &notes);
  e.project = vars.value("OPENAI_PROJECT_ID", &notes);
  vars.note_loader_differences("OPENAI_API_KEY", notes);
  return e;
}

}  // namespace anlink
