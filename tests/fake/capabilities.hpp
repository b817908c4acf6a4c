#pragma once
// The capability probes (tools, tool_choice, parallel_tools, json_schema, vision, reasoning)
// as a model behind a gateway answers them: the fake gateway's Config::capability modes
// (fake_capabilities.cpp), asked by each route's non-streamed answer.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Response;
}

namespace fake {

struct Config;

enum class Api { chat, messages, responses };

// Answers a request that exercises a capability as Config::capability says. Which one its
// features decide, first found: an image part in the last user message (vision), a JSON
// schema format (json_schema), a reasoning effort or Messages' thinking enabled (reasoning),
// tools with parallel calls allowed (parallel_tools), tools with a call required
// (tool_choice), a tool forced by name (tools). False when it is none of them: the route
// answers it as before.
bool answer_capability(const Config& config, Api api, const nlohmann::json& body, httplib::Response& res);

// Every mode "capability:way" there is, a scenario "cap-capability-way" each.
std::vector<std::string> capability_modes();

// The digits in a PNG as anlink::digit_png draws them; nothing when it is not such a PNG
// (malformed, over 4 MB or 4096x4096 pixels, other marks or glyphs than the font's digits).
std::optional<std::string> read_digits(std::string_view png);

}  // namespace fake
