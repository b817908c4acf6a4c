#pragma once
// What agent clients (Claude Code, Codex) send that gateways refuse or ignore: the fake
// gateway's Config::agent modes (fake_agents.cpp), asked by the Messages and Responses routes.
#include <nlohmann/json.hpp>
#include <string>

namespace httplib {
struct Request;
struct Response;
}

namespace fake {

// Answers the refusal the mode makes of what this Messages request carries (a beta header,
// a field, its max_tokens); false when the request goes ahead.
bool refuse_agent_message(const std::string& mode, const httplib::Request& req, const nlohmann::json& body,
                          httplib::Response& res);
// The same for a Responses request (store, include, reasoning.summary).
bool refuse_agent_response(const std::string& mode, const nlohmann::json& body, httplib::Response& res);

// The tool a request forces (by name, or "any"/"required": its first), when the mode calls
// tools; empty when it does not or nothing is forced.
std::string forced_tool(const std::string& mode, const nlohmann::json& body);

// Arguments that fit the forced tool's schema: each required property a value of its type.
nlohmann::ordered_json tool_arguments(const nlohmann::json& body, const std::string& tool);

}  // namespace fake
