// tools: one tool, forced by name. The answer is deterministic: the call, or no call.
#include <fmt/format.h>

#include "capabilities/capability.hpp"

namespace anlink {

namespace {

std::vector<std::string> tools_bodies(const ProbeArgs& a) {
  nlohmann::json b = base_body(a, "Record the word \"blue\".", 128);
  a.api.features.add_tools(b, {probe_tool(a)}, a.tool(), false);
  return {b.dump()};
}

nlohmann::ordered_json tools_sent(const ProbeArgs& a, const nlohmann::json& b) {
  return {{std::string(a.api.features.tools_param), b.value("tools", nlohmann::json())},
          {std::string(a.api.features.choice_param), b.value("tool_choice", nlohmann::json())}};
}

Judged tools_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& ans = answers.front();
  const std::string tool = a.tool();
  if (auto g = reading::garbled(ans, tool)) return *g;
  for (const auto& c : ans.calls)
    if (c.name == tool)
      return {Verdict::works, fmt::format("tool calls work: the tool forced by name ({}) was called, with arguments "
                                          "that parse as JSON", tool),
              fmt::format("{}({})", c.name, reading::quote(c.arguments))};
  if (!ans.calls.empty())
    return {Verdict::ignored,
            fmt::format("the forced tool choice is ignored: the answer calls {}, not the tool forced by name ({})",
                        reading::quote(ans.calls.front().name), tool),
            reading::quote(ans.calls.front().name)};
  return reading::no_call(ans, tool, "tool calls",
                          fmt::format("tools are ignored: a request that forces its one tool by name ({}) came back as "
                                      "text (HTTP 200, finish reason \"{}\"), without the call",
                                      tool, ans.finish));
}

}  // namespace

CapabilityDef tools_capability() {
  return {"tools",
          "a tool forced by name is called, with arguments that parse (tool_calls, tool_use, function_call)",
          "tool calls",
          "agents (Claude Code, Codex, Cline, Roo) and apps that call functions",
          Part::tools,
          128,
          tools_bodies,
          tools_sent,
          {{"tool_choice", Part::choice}, {"tool", Part::tools}, {"function", Part::tools}},
          {},
          tools_judge,
          "Use a model or channel on {gateway} that supports function calling for {model}; agents and apps that "
          "call tools cannot work without it",
          "Use a model or channel on {gateway} that passes tools through to {model} (native function calling); "
          "the SDKs find no call in a text answer, and agents can never act"};
}

}  // namespace anlink
