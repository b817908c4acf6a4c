#include "util/secret.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace anlink {

namespace {

// The key without what people wrap it in: spaces, quotes, a "Bearer " prefix.
std::string key_core(std::string_view key) {
  std::string k = text::trim(key);
  while (k.size() >= 2 && (k.front() == '"' || k.front() == '\'')) k.erase(0, 1);
  while (!k.empty() && (k.back() == '"' || k.back() == '\'')) k.pop_back();
  if (text::lower(k).rfind("bearer ", 0) == 0) k = text::trim(k.substr(7));
  return k;
}

}  // namespace

std::string mask_key(std::string_view key) {
  if (text::trim(key).empty()) return "";
  std::string k = key_core(key);
  if (k.size() < 12) return "…";  // too short to show any of it safely
  std::string prefix;
  auto sep = k.find_first_of("-_");
  if (sep != std::string::npos && sep < 4) prefix = k.substr(0, sep + 1);
  return prefix + "…" + k.substr(k.size() - 4);
}

Redactor::Redactor(std::string_view key) {
  const std::size_t kMinSecret = 6;  // shorter strings would garble ordinary text
  std::vector<std::string> forms;
  std::string raw(key);
  forms.push_back(raw);
  forms.push_back(text::trim(raw));
  const std::string core = key_core(raw);
  forms.push_back(core);
  for (const auto& piece : text::split(core, ' '))
    if (piece.size() >= 8) forms.push_back(text::trim(piece));
  std::vector<std::string> escaped;
  for (const auto& f : forms) {
    std::string e = nlohmann::json(f).dump();
    escaped.push_back(e.substr(1, e.size() - 2));
  }
  forms.insert(forms.end(), escaped.begin(), escaped.end());
  for (auto& f : forms)
    if (f.size() >= kMinSecret) needles_.push_back(f);
  std::sort(needles_.begin(), needles_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  needles_.erase(std::unique(needles_.begin(), needles_.end()), needles_.end());
  masked_ = mask_key(key);
}

std::string Redactor::operator()(std::string_view text) const {
  std::string out(text);
  for (const auto& needle : needles_) {
    std::size_t pos = 0;
    while ((pos = out.find(needle, pos)) != std::string::npos) {
      out.replace(pos, needle.size(), masked_);
      pos += masked_.size();
    }
  }
  return out;
}

}  // namespace anlink
