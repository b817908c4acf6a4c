// json_schema: a strict schema whose one key the prompt never names (the run's nonce), so
// only a schema that reached the model, and was enforced, gives an answer that follows it.
#include <fmt/format.h>

#include "capabilities/capability.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

nlohmann::json schema_of(const ProbeArgs& a) {
  return {{"type", "object"},
          {"properties", {{a.key(), {{"type", "string"}}}}},
          {"required", {a.key()}},
          {"additionalProperties", false}};
}

std::vector<std::string> schema_bodies(const ProbeArgs& a) {
  nlohmann::json b = base_body(a, "Name one colour.", 64);
  a.api.features.add_schema(b, "answer", schema_of(a));
  return {b.dump()};
}

nlohmann::ordered_json schema_sent(const ProbeArgs& a, const nlohmann::json&) {
  return {{std::string(a.api.features.schema_param),
           {{"type", "json_schema"}, {"name", "answer"}, {"strict", true}, {"schema", schema_of(a)}}}};
}

Judged schema_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& ans = answers.front();
  const std::string text = text::trim(ans.text);
  const std::string decided = reading::quote(ans.text);
  if (reading::declined(ans))
    return {Verdict::inconclusive, "inconclusive: the model declined the task, so whether the schema is applied is not known",
            ans.refusal.empty() ? ans.finish : reading::quote(ans.refusal)};
  const auto doc = parse_untrusted_json(text);
  const bool has_key = text.find(a.key()) != std::string::npos;
  if (!doc.is_discarded() && doc.is_object() && doc.size() == 1 && doc.contains(a.key()) && doc[a.key()].is_string())
    return {Verdict::works,
            fmt::format("structured output works: the answer is exactly a JSON object with the schema's one key "
                        "({}), which the prompt never named", a.key()),
            decided};
  if (reading::cut(ans))
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the answer was cut at the token limit (finish reason \"{}\") before it could be "
                        "judged", ans.finish),
            decided};
  if (doc.is_discarded() && reading::refuses_task(text))
    return {Verdict::inconclusive, "inconclusive: the model declined the task", decided};
  if (has_key)
    return {Verdict::emulated,
            fmt::format("the schema is not enforced: its key ({}) is in the answer, so the schema reached the model, "
                        "but the answer {} (finish reason \"{}\"); an SDK's parse of it fails",
                        a.key(), !doc.is_discarded() ? "does not follow it" : "is not only JSON (prose or a code fence)",
                        ans.finish),
            decided};
  if (text.empty()) return {Verdict::inconclusive, "inconclusive: the answer is empty", "an empty answer"};
  return {Verdict::ignored,
          fmt::format("the schema is ignored: the answer {} without the schema's key ({}) (HTTP 200, finish reason "
                      "\"{}\")",
                      !doc.is_discarded() ? "is JSON" : "is prose", a.key(), ans.finish),
          decided};
}

}  // namespace

CapabilityDef json_schema_capability() {
  return {"json_schema",
          "a strict JSON schema (response_format, text.format) shapes the answer: exactly its key, which the prompt never names",
          "structured outputs",
          "apps that parse structured outputs (the SDKs' parse(), zod and pydantic schemas)",
          Part::schema,
          64,
          schema_bodies,
          schema_sent,
          {{"response_format", Part::schema}, {"json_schema", Part::schema}, {"schema", Part::schema},
           {"structured", Part::schema}, {"format", Part::schema}},
          {},
          schema_judge,
          "Use a model on {gateway} that supports structured outputs, or ask for {{\"type\": \"json_object\"}} and "
          "validate the answer in the app",
          "Validate every answer against the schema in the app, or use a model or channel on {gateway} that enforces "
          "structured outputs for {model}"};
}

}  // namespace anlink
