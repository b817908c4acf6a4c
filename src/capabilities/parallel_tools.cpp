// parallel_tools: two independent calls asked for in one turn, with parallel calls allowed.
#include <fmt/format.h>

#include <algorithm>

#include "capabilities/capability.hpp"

namespace anlink {

namespace {

std::vector<std::string> parallel_bodies(const ProbeArgs& a) {
  nlohmann::json b = base_body(a, "Record these two words, each with its own call, both in this one turn: \"red\" "
                                  "and \"green\".", 192);
  a.api.features.add_tools(b, {probe_tool(a)}, "required", true);
  return {b.dump()};
}

nlohmann::ordered_json parallel_sent(const ProbeArgs& a, const nlohmann::json& b) {
  nlohmann::ordered_json sent = {{std::string(a.api.features.choice_param), b.value("tool_choice", nlohmann::json())}};
  if (b.contains("parallel_tool_calls")) sent["parallel_tool_calls"] = b["parallel_tool_calls"];
  sent["tools"] = fmt::format("one tool ({}), two words to record", a.tool());
  return sent;
}

Judged parallel_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& ans = answers.front();
  if (auto g = reading::garbled(ans, a.tool())) return *g;
  std::vector<std::string> calls;
  for (const auto& c : ans.calls)
    if (c.name == a.tool()) calls.push_back(reading::quote(c.arguments));
  const std::string decided = fmt::format("{} call(s) of {}: {}", calls.size(), a.tool(), fmt::join(calls, " "));
  std::vector<std::string> distinct = calls;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() >= 2)
    return {Verdict::works,
            fmt::format("parallel tool calls work: one answer holds {} calls of {}", calls.size(), a.tool()), decided};
  if (!calls.empty())  // one call, or the same call repeated
    return {Verdict::partial,
            fmt::format("parallel tool calls are not made: asked for two calls in one turn, with parallel calls "
                        "allowed ({}), the answer holds one distinct call; apps and agents get there one call a turn, more slowly",
                        param_of(a.api, Part::parallel)),
            decided};
  if (!ans.calls.empty())
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the answer's calls are not of the tool offered or do not parse ({})",
                        reading::quote(ans.calls.front().name)),
            reading::quote(ans.calls.front().name)};
  return reading::no_call(ans, a.tool(), "parallel tool calls",
                          fmt::format("tools are ignored: asked for two calls in one turn (tool calls required), the "
                                      "answer is text (HTTP 200, finish reason \"{}\")",
                                      ans.finish));
}

}  // namespace

CapabilityDef parallel_tools_capability() {
  return {"parallel_tools",
          "two independent tool calls come back in one answer (parallel_tool_calls, disable_parallel_tool_use: false)",
          "parallel tool calls",
          "agents that run several tools at once (Codex sends parallel_tool_calls: true)",
          Part::parallel,
          192,
          parallel_bodies,
          parallel_sent,
          {{"parallel", Part::parallel}},
          {{"tool_choice", Part::choice}, {"tool", Part::tools}, {"function", Part::tools}},
          parallel_judge,
          "Leave {param} out of requests for {model} on {gateway}, which refuses it: the model then makes its "
          "calls as the gateway's default allows, one a turn at worst",
          "Expect one tool call a turn from {model} on {gateway}, or use a model or channel that makes several "
          "at once (Codex and Claude Code then run their tools one by one)"};
}

}  // namespace anlink
