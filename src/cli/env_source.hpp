#pragma once
// Where `check` reads variables: the process environment, then the --env-file (dotenv
// loaders keep what is already set), and which family of names (ANLINKAI_*, or the OpenAI
// SDKs' OPENAI_* with --from-env openai).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/dotenv.hpp"
#include "core/options.hpp"

namespace anlink {

using Notes = std::vector<std::pair<std::string, std::string>>;  // (summary, fix)

class EnvSource {
 public:
  // Reads the dotenv file, if one is named. Throws UsageError naming the file and line.
  explicit EnvSource(const std::string& env_file);

  // The value and where it came from ("OPENAI_API_KEY", ".env:3 OPENAI_API_KEY"); nullopt
  // when neither the environment nor the file sets it. A value set in both with different
  // contents is noted (never shown): the environment's is the one used.
  std::optional<Sourced> get(const std::string& name, Notes* notes = nullptr) const;
  // As get, with "" for an unset variable.
  Sourced value(const std::string& name, Notes* notes = nullptr) const;

  // What a loader other than a dotenv library would do differently with the file's value of
  // `name` (the key): quotes docker keeps, a trailing space, Windows line endings.
  void note_loader_differences(const std::string& name, Notes& notes) const;

  // True when the file sets the OpenAI SDK's variables and none of ANLINKAI_*.
  bool file_speaks_openai() const;
  // True when it sets ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN and none of
  // ANLINKAI_* or OPENAI_*.
  bool file_speaks_anthropic() const;
  const std::optional<Dotenv>& file() const { return file_; }

 private:
  std::optional<Dotenv> file_;
};

// The inputs the OpenAI SDKs read, as an app configured by them gets them.
struct OpenAiEnv {
  Sourced base_url;  // OPENAI_BASE_URL, else the legacy OPENAI_API_BASE (noted), else empty
  Sourced api_key, model, organization, project;
};
OpenAiEnv read_openai_env(const EnvSource& vars, Notes& notes);

inline constexpr const char* kOpenAiDefaultBase = "https://api.openai.com/v1";

}  // namespace anlink
