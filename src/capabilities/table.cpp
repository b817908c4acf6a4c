#include <fmt/format.h>

#include <random>

#include "capabilities/capability.hpp"
#include "util/text.hpp"

namespace anlink {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::works: return "works";
    case Verdict::refused: return "refused";
    case Verdict::ignored: return "ignored";
    case Verdict::emulated: return "emulated";
    case Verdict::partial: return "partial";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

ProbeNonce fresh_nonce() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  static constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  ProbeNonce n;
  n.word.push_back(kAlnum[gen() % 26]);  // a letter first: a name, never a number
  while (n.word.size() < 8) n.word.push_back(kAlnum[gen() % 36]);
  n.number.push_back(static_cast<char>('1' + gen() % 9));
  while (n.number.size() < 6) n.number.push_back(static_cast<char>('0' + gen() % 10));
  return n;
}

nlohmann::json base_body(const ProbeArgs& a, const std::string& prompt, int max_tokens) {
  BodyArgs b;
  b.model = a.model;
  b.prompt = prompt;
  b.max_tokens = std::max(max_tokens, a.max_tokens);
  b.token_param = a.token_param.empty() ? std::string(a.api.token_param) : a.token_param;
  return nlohmann::json::parse(a.api.body(b));  // the doctor's own JSON
}

ToolSpec probe_tool(const ProbeArgs& a) {
  return {a.tool(), "Records one word.",
          {{"type", "object"},
           {"properties", {{"word", {{"type", "string"}, {"description", "the word to record"}}}}},
           {"required", {"word"}}}};
}

std::string_view param_of(const ApiDef& api, Part part) {
  const Features& f = api.features;
  switch (part) {
    case Part::tools: return f.tools_param;
    case Part::choice: return f.choice_param;
    case Part::parallel: return f.parallel_param;
    case Part::schema: return f.schema_param;
    case Part::image: return f.image_param;
    case Part::effort: return f.effort_param;
  }
  return f.tools_param;
}

bool has_part(const ApiDef& api, Part part) {
  const Features& f = api.features;
  switch (part) {
    case Part::tools:
    case Part::choice:
    case Part::parallel: return f.add_tools != nullptr;
    case Part::schema: return f.add_schema != nullptr;
    case Part::image: return f.add_image != nullptr;
    case Part::effort: return f.add_effort != nullptr;
  }
  return false;
}

std::vector<std::string_view> apis_with(Part part) {
  std::vector<std::string_view> ids;
  for (const auto& api : api_table())
    if (has_part(api, part)) ids.push_back(api.id);
  if (ids.size() == api_table().size()) ids.clear();
  return ids;
}

const std::vector<CapabilityDef>& capability_table() {
  static const std::vector<CapabilityDef> table = {tools_capability(),       tool_choice_capability(),
                                                   parallel_tools_capability(), json_schema_capability(),
                                                   vision_capability(),      reasoning_capability()};
  return table;
}

const CapabilityDef* find_capability(std::string_view id) {
  for (const auto& c : capability_table())
    if (c.id == id) return &c;
  return nullptr;
}

std::string capability_ids() {
  std::vector<std::string> ids;
  for (const auto& c : capability_table()) ids.emplace_back(c.id);
  return text::join(ids, ", ");
}

}  // namespace anlink
