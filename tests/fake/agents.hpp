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

// A tool definition's name and JSON schema, in each API's layout: Chat nests both in
// "function" (its schema "parameters"), Messages names the schema "input_schema", Responses
// "parameters". Empty when it has none.
std::string tool_name(const nlohmann::json& tool);
nlohmann::json tool_schema(const nlohmann::json& tool);

// The tool a request forces (by name, or "any"/"required": its first), when the mode calls
// tools; empty when it does not or nothing is forced.
std::string forced_tool(const std::string& mode, const nlohmann::json& body);

// A value that fits `schema`: an object gets each required property (to 8 levels), an enum
// its first value, a string "ok", a number 1, a boolean true, an array []. Another `variant`
// gives other values where the schema allows them ("ok 2", 2, false, the enum's next).
nlohmann::ordered_json schema_instance(const nlohmann::json& schema, int variant = 0, int depth = 0);

// Arguments that fit the tool's schema (schema_instance of it); {} when it has none.
nlohmann::ordered_json tool_arguments(const nlohmann::json& body, const std::string& tool, int variant = 0);

}  // namespace fake
