#include <fmt/format.h>

#include <array>

#include "capabilities/capability.hpp"
#include "util/text.hpp"

namespace anlink::reading {

bool declined(const Answer& a) {
  return !a.refusal.empty() || a.finish == "content_filter" || a.finish == "refusal";
}

bool refuses_task(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kWords = {
      "i'm sorry", "i am sorry", "i’m sorry", "i can't help", "i cannot help", "i can't assist",
      "i cannot assist", "i won't", "i will not", "unable to help", "can't comply", "cannot comply"};
  const std::string lower = text::lower(text.substr(0, 4096));
  for (auto w : kWords)
    if (lower.find(w) != std::string::npos) return true;
  return false;
}

bool call_in_text(std::string_view text, std::string_view tool) {
  static constexpr std::array<std::string_view, 6> kMarkup = {"<tool_call", "<function", "\"arguments\"",
                                                              "function_call", "<|tool", "tool_use"};
  const std::string lower = text::lower(text.substr(0, 16384));
  if (!tool.empty() && lower.find(text::lower(tool)) != std::string::npos) return true;
  for (auto m : kMarkup)
    if (lower.find(m) != std::string::npos) return true;
  return false;
}

bool cut(const Answer& a) { return a.finish == "length" || a.finish == "max_tokens" || a.finish == "incomplete"; }

std::string without_thinking(std::string_view text) {
  const std::string lower = text::lower(text.substr(0, 65536));
  if (const auto end = lower.rfind("</think>"); end != std::string::npos) return std::string(text.substr(end + 8));
  if (lower.find("<think>") != std::string::npos) return "";
  return std::string(text);
}

std::string quote(std::string_view text) { return text::shorten(text::one_line(text), 200); }

std::optional<Judged> garbled(const Answer& a, std::string_view tool) {
  for (const auto& c : a.calls)
    if (c.name == tool && !c.arguments_parse)
      return Judged{Verdict::ignored,
                    fmt::format("tool calls come back garbled: {} was called, but its arguments are not a JSON object as "
                                "the API carries them, so the SDKs cannot parse them",
                                c.name),
                    fmt::format("{}({})", c.name, quote(c.arguments))};
  return std::nullopt;
}

Judged no_call(const Answer& a, std::string_view tool, std::string_view title, std::string_view ignored) {
  if (declined(a))
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the model declined the task ({}), so whether {} work is not known",
                        a.refusal.empty() ? "finish reason " + a.finish : quote(a.refusal), title),
            a.refusal.empty() ? a.finish : quote(a.refusal)};
  if (call_in_text(a.text, tool))
    return {Verdict::emulated,
            fmt::format("{} are emulated: the call came back written as text, not as a call (finish reason \"{}\"), so "
                        "an SDK finds no call in it",
                        title, a.finish),
            quote(a.text)};
  if (a.text.empty() && a.finish == "length")
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the model used its whole token limit before any answer, so whether {} work "
                        "is not known",
                        title),
            "finish reason length, no text"};
  if (text::trim(a.text).empty())
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the answer is empty (no text and no call), so whether {} work is not known", title),
            "an empty answer"};
  // "I'm sorry, I have no tools": the tools never reached it. Other regrets decline the task.
  const bool no_tools = text::contains_icase(a.text, "tool") || text::contains_icase(a.text, "function");
  if (refuses_task(a.text) && !no_tools)
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the model declined the task, so whether {} work is not known", title),
            quote(a.text)};
  return {Verdict::ignored, std::string(ignored), quote(a.text)};
}

}  // namespace anlink::reading
