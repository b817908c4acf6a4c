#pragma once
// The model provider Codex will use, read from its config.toml, for trace's override
// (-c model_providers.ID.base_url=...), as clients/codex_config.hpp reads it.
#include <optional>
#include <string>
#include <vector>

namespace anlink {

// The configured provider's id (a top-level model_provider = "ID"), from
// $CODEX_HOME/NAME.config.toml for the command's -p NAME / --profile NAME, else
// $CODEX_HOME/config.toml (CODEX_HOME defaults to ~/.codex); nullopt when none is set or it is
// a built-in provider (openai, which honours OPENAI_BASE_URL). Never throws: a file it cannot
// read is Codex's own to refuse.
std::optional<std::string> codex_provider_id(const std::vector<std::string>& command);

}  // namespace anlink
