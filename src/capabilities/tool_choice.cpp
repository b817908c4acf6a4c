// tool_choice: "required" (Messages: "any") on a prompt that needs no tool: only a gateway
// that passes the choice on gets a call back.
#include <fmt/format.h>

#include "capabilities/capability.hpp"

namespace anlink {

namespace {

std::vector<std::string> choice_bodies(const ProbeArgs& a) {
  nlohmann::json b = base_body(a, "Say hello.", 128);
  ToolSpec tool = probe_tool(a);
  tool.description = "Looks up the stock of a part number in a warehouse.";
  tool.parameters = {{"type", "object"},
                     {"properties", {{"part", {{"type", "string"}, {"description", "the part number"}}}}},
                     {"required", {"part"}}};
  a.api.features.add_tools(b, {tool}, "required", false);
  return {b.dump()};
}

nlohmann::ordered_json choice_sent(const ProbeArgs& a, const nlohmann::json& b) {
  return {{std::string(a.api.features.choice_param), b.value("tool_choice", nlohmann::json())},
          {"tools", fmt::format("one tool ({})", a.tool())}};
}

Judged choice_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& ans = answers.front();
  if (auto g = reading::garbled(ans, a.tool())) return *g;
  for (const auto& c : ans.calls)
    if (c.name == a.tool())
      return {Verdict::works,
              fmt::format("a required tool call works: on a prompt that needs no tool, tool_choice made the model "
                          "call {}", c.name),
              fmt::format("{}({})", c.name, reading::quote(c.arguments))};
  if (!ans.calls.empty())
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the answer calls {}, a tool that was not offered", reading::quote(ans.calls.front().name)),
            reading::quote(ans.calls.front().name)};
  return reading::no_call(ans, a.tool(), "required tool calls",
                          fmt::format("tool_choice is ignored: the request required a tool call, and the answer is text "
                                      "(HTTP 200, finish reason \"{}\")",
                                      ans.finish));
}

}  // namespace

CapabilityDef tool_choice_capability() {
  return {"tool_choice",
          "tool_choice \"required\" (Messages: \"any\") makes the model call a tool on a prompt that needs none",
          "required tool calls",
          "agents and apps that force a tool call (tool_choice \"required\")",
          Part::choice,
          128,
          choice_bodies,
          choice_sent,
          {{"tool_choice", Part::choice}},
          {{"tools", Part::tools}, {"function", Part::tools}},
          choice_judge,
          "Leave tool_choice at \"auto\" for {model} on {gateway}, and check in the app that a tool was called",
          "Do not rely on tool_choice \"required\" with {model} on {gateway}: check that the answer holds a call, "
          "and ask again"};
}

}  // namespace anlink
