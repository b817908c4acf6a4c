#include "trace/clients.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <stdexcept>

#include "checks/route_missing.hpp"
#include "classify/error_body.hpp"
#include "trace/codex_provider.hpp"
#include "util/input_file.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

const std::vector<TraceClient>& trace_clients() {
  static const std::vector<TraceClient> table = {{"claude-code", "Claude Code", "claude"}, {"codex", "Codex", "codex"}};
  return table;
}

namespace {

std::string program_of(const std::vector<std::string>& command) {
  return command.empty() ? "" : std::filesystem::path(command.front()).filename().string();
}

}  // namespace

const TraceClient* client_of(std::string_view client_flag, const std::vector<std::string>& command) {
  const std::string program = program_of(command);
  for (const auto& c : trace_clients())
    if (client_flag.empty() ? program == c.program : client_flag == c.id) return &c;
  return nullptr;
}

std::optional<std::string> claude_managed_base_url(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, 1u << 20);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  const auto json = parse_untrusted_json(text);
  const auto* url = json.is_object() ? json_at::at(json, "/env/ANTHROPIC_BASE_URL") : nullptr;
  if (!url || !url->is_string()) return std::nullopt;
  return url->get<std::string>();
}

std::vector<std::string> with_override(const TraceClient& client, const std::vector<std::string>& command,
                                       const Forwarder& at, std::vector<std::string>& warnings) {
  std::vector<std::string> extra;
  if (program_of(command) != client.program) {  // a wrapper (npx, a script): no place for the flag
    warnings.push_back(fmt::format("the command does not start with {}: trace inserts {}'s own override of its "
                                   "configuration only there, so a base URL its configuration sets may send its "
                                   "calls past the forwarder",
                                   client.program, client.name));
    return command;
  }
  if (client.id == "claude-code") {
    extra = {"--settings", nlohmann::json{{"env", {{"ANTHROPIC_BASE_URL", at.root}}}}.dump()};
    if (claude_managed_base_url())
      warnings.push_back(fmt::format("{} sets ANTHROPIC_BASE_URL, which no flag overrides: Claude Code's calls go "
                                     "there, not through the forwarder (only its administrator can change it)",
                                     kClaudeManagedSettings));
  } else if (client.id == "codex") {
    if (auto id = codex_provider_id(command))
      extra = {"-c", fmt::format("model_providers.{}.base_url=\"{}\"", *id, at.base)};
  }
  if (extra.empty() || command.empty()) return command;
  std::vector<std::string> out = {command.front()};
  out.insert(out.end(), extra.begin(), extra.end());
  out.insert(out.end(), command.begin() + 1, command.end());
  return out;
}

namespace {

enum class Symptom { route_missing, model_missing, convert_failed, stream_broken, key_refused };

// What each client prints on each failure (measured: Claude Code 2.1.328, Codex 0.169.0), and
// what really happened. {model} and {path} are the call's.
struct ClientSays {
  std::string_view client;
  Symptom symptom;
  std::string_view says, truth;
};

const ClientSays kSays[] = {
    {"claude-code", Symptom::route_missing,
     "There's an issue with the selected model ({model}). It may not exist or you may not have access to it.",
     "that blames the model, but the gateway has no {path}: no model works until it serves the Messages API"},
    {"claude-code", Symptom::model_missing,
     "There's an issue with the selected model ({model}). It may not exist or you may not have access to it.",
     "here the route answers and the gateway does not know the model {model}"},
    {"claude-code", Symptom::convert_failed, "API Error: 500 not implemented. This is a server-side issue, usually temporary",
     "it is not temporary: the gateway's channel for {model} cannot translate Messages requests"},
    {"claude-code", Symptom::key_refused, "Not logged in · Please run /login (or: Invalid API key · Fix external API key)",
     "/login does not help: the gateway refused the key the program sent"},
    {"codex", Symptom::route_missing, "unexpected status 404 Not Found: ... {path}",
     "the gateway has no {path}: Codex speaks only the Responses API"},
    {"codex", Symptom::model_missing, "The model `{model}` does not exist or you do not have access to it.",
     "the route answers and the gateway does not know the model {model}"},
    {"codex", Symptom::convert_failed, "We're currently experiencing high demand, which may cause temporary errors.",
     "it blames load, but the gateway's channel for {model} cannot translate Responses requests: waiting does not help"},
    {"codex", Symptom::stream_broken,
     "stream disconnected before completion: stream closed before response.completed",
     "the gateway, or a proxy in front of it, broke the stream, not this machine's network"},
};

std::optional<Symptom> symptom_of(const Finding& verdict, const Call& call) {
  const HttpResponse& res = call.response;
  const PlatformError e = parse_error_body(res.content_type(), res.body);
  if (verdict.category == Category::api_unsupported || route_missing(res)) return Symptom::route_missing;
  if (res.status == 404) return Symptom::model_missing;  // Anthropic's not_found_error "model: X"
  if (e.code == "convert_request_failed") return Symptom::convert_failed;
  if (verdict.category == Category::upstream_stream_interrupted || verdict.category == Category::stream_malformed)
    return Symptom::stream_broken;
  if (verdict.category == Category::unauthorized) return Symptom::key_refused;
  return std::nullopt;
}

}  // namespace

void in_client_terms(Finding& verdict, const Call& call, const TraceClient& client) {
  if (verdict.status != Status::fail || !call.refused.empty()) return;
  const auto symptom = symptom_of(verdict, call);
  if (!symptom) return;
  std::string lead;
  if (*symptom == Symptom::route_missing)
    lead = fmt::format("{} cannot use this gateway: it has no {} ({}). ", client.name, call.path, call.response.status);
  for (const auto& s : kSays) {
    if (s.client != client.id || s.symptom != *symptom) continue;
    auto fill = [&](std::string_view t) {
      return text::replace_all(text::replace_all(t, "{model}", call.model.empty() ? "its model" : call.model),
                               "{path}", call.path);
    };
    lead += fmt::format("{} prints \"{}\": {}. ", client.name, fill(s.says), fill(s.truth));
  }
  if (!lead.empty()) verdict.summary = lead + "The call: " + verdict.summary;
}

}  // namespace anlink
