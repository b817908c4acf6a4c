// reasoning: a low and a high effort compared by the reasoning tokens each reports (Messages:
// one request with thinking on, whose thinking blocks show it).
#include <fmt/format.h>

#include "capabilities/capability.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr const char* kPrompt = "Is 391 a prime number? Answer yes or no.";

std::vector<std::string> effort_bodies(const ProbeArgs& a) {
  std::vector<std::string> out;
  const bool compared = a.api.features.effort_compared;
  for (bool high : {false, true}) {
    if (!high && !compared) continue;
    nlohmann::json b = base_body(a, kPrompt, 384);
    a.api.features.add_effort(b, high);
    out.push_back(b.dump());
  }
  return out;
}

nlohmann::ordered_json effort_sent(const ProbeArgs& a, const nlohmann::json& b) {
  const std::string param(a.api.features.effort_param);
  if (!a.api.features.effort_compared) return {{param, b.value(param, nlohmann::json())}};
  return {{param, "low, then high (two requests)"}};
}

bool thinks_in_text(const Answer& a) {
  return text::contains_icase(a.text, "<think") || text::contains_icase(a.text, "</think");
}

std::string tokens(const Answer& a) {
  return a.reasoning_tokens ? fmt::format("{}", *a.reasoning_tokens) : std::string("not reported");
}

Judged effort_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& high = answers.back();
  for (const auto& ans : answers)
    if (reading::declined(ans))
      return {Verdict::inconclusive, "inconclusive: the model declined the task", reading::quote(ans.refusal)};
  if (answers.size() == 1) {  // thinking on: its blocks show it
    if (high.reasoning_chars > 0)
      return {Verdict::works, "reasoning works: with a thinking budget, the answer carries the model's thinking",
              fmt::format("{} characters of thinking", high.reasoning_chars)};
    if (text::trim(high.text).empty())
      return {Verdict::inconclusive, "inconclusive: the answer is empty (no thinking and no text)", "an empty answer"};
    if (thinks_in_text(high))
      return {Verdict::emulated, "reasoning is emulated: the thinking came back inside the answer's text, not as "
                                 "thinking blocks", reading::quote(high.text)};
    return {Verdict::ignored,
            fmt::format("thinking is ignored: the request enabled it with a budget, and the answer has no thinking "
                        "(stop reason \"{}\")", high.finish),
            reading::quote(high.text)};
  }
  const Answer& low = answers.front();
  const std::string decided = fmt::format("reasoning tokens: low {}, high {}", tokens(low), tokens(high));
  // A count of 0 beside reasoning the answer shows is no count (New API writes 0 whatever).
  auto counted = [](const Answer& x) { return x.reasoning_tokens && !(*x.reasoning_tokens == 0 && x.reasoning_chars > 0); };
  // More by a clear margin: a model's reasoning varies from one request to the next.
  auto clearly_more = [](double h, double l, double least) { return h >= 1.5 * l && h >= l + least; };
  if (counted(low) && counted(high)) {
    const double l = *low.reasoning_tokens, h = *high.reasoning_tokens;
    if (clearly_more(h, l, 32))
      return {Verdict::works, fmt::format("reasoning effort works: high effort used more reasoning tokens than low "
                                          "({} against {})", h, l), decided};
    if (h > l)
      return {Verdict::inconclusive,
              fmt::format("inconclusive: high effort used a few more reasoning tokens than low ({} against {}), as "
                          "much as two requests at the same effort differ", h, l),
              decided};
    if (h == l && (low.finish == "length" || low.finish == "incomplete") && h > 0)
      return {Verdict::inconclusive, "inconclusive: both efforts spent the whole token limit", decided};
    if (h == l)
      return {Verdict::ignored,
              fmt::format("reasoning effort is ignored: low and high effort used the same reasoning tokens ({}), so "
                          "{} has no effect", h, param_of(a.api, Part::effort)),
              decided};
    return {Verdict::inconclusive,
            fmt::format("inconclusive: high effort used fewer reasoning tokens than low ({} against {})", h, l), decided};
  }
  if (thinks_in_text(high) && !high.reasoning_tokens)
    return {Verdict::emulated, "reasoning is emulated: the thinking came back inside the answer's text", reading::quote(high.text)};
  if (clearly_more(static_cast<double>(high.reasoning_chars), static_cast<double>(low.reasoning_chars), 64))
    return {Verdict::works, "reasoning effort works: high effort shows more reasoning than low",
            fmt::format("reasoning shown: low {} characters, high {}", low.reasoning_chars, high.reasoning_chars)};
  return {Verdict::inconclusive,
          "inconclusive: the answers report no reasoning tokens, so the doctor cannot tell whether the effort had an "
          "effect",
          decided};
}

}  // namespace

CapabilityDef reasoning_capability() {
  return {"reasoning",
          "reasoning effort has an effect: low and high compared by reasoning tokens (Messages: a thinking budget)",
          "reasoning effort",
          "apps and agents that set a reasoning effort or thinking budget (Codex, Claude Code)",
          Part::effort,
          384,
          effort_bodies,
          effort_sent,
          {{"reasoning", Part::effort}, {"effort", Part::effort}, {"thinking", Part::effort},
           {"budget_tokens", Part::effort}},
          {},
          effort_judge,
          "Leave {param} out for {model} on {gateway}, or use a reasoning model",
          "Do not rely on {param} with {model} on {gateway}: it has no effect there; use a model or channel that "
          "passes it on"};
}

}  // namespace anlink
