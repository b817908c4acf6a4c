#include "util/secret.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace anlink {

namespace {

constexpr std::size_t kGram = 8;

// The key without what people wrap it in: spaces, quotes, a "Bearer " prefix.
std::string key_core(std::string_view key) {
  std::string k = text::trim(key);
  while (k.size() >= 2 && (k.front() == '"' || k.front() == '\'')) k.erase(0, 1);
  while (!k.empty() && (k.back() == '"' || k.back() == '\'')) k.pop_back();
  if (text::lower(k).rfind("bearer ", 0) == 0) k = text::trim(k.substr(7));
  return k;
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::uint64_t gram_at(std::string_view s, std::size_t i) {
  std::uint64_t g = 0;
  for (std::size_t k = 0; k < kGram; ++k) g = (g << 8) | static_cast<unsigned char>(lower_ascii(s[i + k]));
  return g;
}

std::string percent_encoded(std::string_view s, bool all) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain && !all) out += c;
    else out += {'%', kHex[u >> 4], kHex[u & 15]};
  }
  return out;
}

std::string unicode_escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out += {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
  }
  return out;
}

// Base64 of the secret when it starts `offset` bytes into a 3-byte group: only the
// characters that depend on the secret alone (an echo of "Bearer <key>" encoded whole
// contains one of these three).
std::string base64_inner(std::string_view s, std::size_t offset) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string padded(offset, '\0');
  padded += s;
  std::string out;
  for (std::size_t i = 0; i + 3 <= padded.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(padded[i]) << 16) |
                            (static_cast<unsigned char>(padded[i + 1]) << 8) |
                            static_cast<unsigned char>(padded[i + 2]);
    for (int k = 3; k >= 0; --k) out += kAlphabet[(v >> (6 * k)) & 63];
  }
  return offset == 0 ? out : out.size() > 4 ? out.substr(4) : "";  // the first group mixes in the pad
}

// "sk-proj-", "ak_live_": the part up to the last separator among the first 12 characters,
// the same for every key of a gateway and shown in docs and in the masked form.
std::string public_prefix(std::string_view key) {
  const auto sep = key.substr(0, 12).find_last_of("-_");
  return sep == std::string_view::npos ? "" : std::string(key.substr(0, sep + 1));
}

}  // namespace

std::string mask_key(std::string_view key) {
  if (text::trim(key).empty()) return "";
  std::string k = key_core(key);
  if (k.size() < kMinKeyLength) return "…";  // too short to show any of it safely
  std::string prefix;
  auto sep = k.find_first_of("-_");
  if (sep != std::string::npos && sep < 4) prefix = k.substr(0, sep + 1);
  return prefix + "…" + k.substr(k.size() - 4);
}

Redactor::Redactor(std::string_view key) {
  if (text::trim(key).empty()) return;
  add(key, mask_key(key));
  const std::string core = key_core(key);
  if (core != key) add(core, mask_key(key));
}

void Redactor::add(std::string_view secret, std::string masked,
                   const std::vector<std::string>& public_texts) {
  if (secret.empty() || !known_.insert(std::string(secret)).second) return;
  Secret s;
  s.masked = std::move(masked);
  if (secret.size() < kGram) {
    s.whole = text::lower(secret);
    if (s.whole.size() >= 3) secrets_.push_back(std::move(s));  // shorter: would garble text
    return;
  }
  s.prefix = text::lower(public_prefix(secret));
  std::string json = nlohmann::json(std::string(secret)).dump(-1, ' ', false,
                                                               nlohmann::json::error_handler_t::replace);
  std::vector<std::string> forms = {std::string(secret), json.substr(1, json.size() - 2),
                                    percent_encoded(secret, false), percent_encoded(secret, true),
                                    unicode_escaped(secret)};
  for (std::size_t offset = 0; offset < 3; ++offset) forms.push_back(base64_inner(secret, offset));
  for (const auto& f : forms)
    for (std::size_t i = 0; i + kGram <= f.size(); ++i) s.grams.insert(gram_at(f, i));
  for (const auto& p : public_texts)
    for (std::size_t i = 0; i + kGram <= p.size() && i < (64u << 10); ++i) s.grams.erase(gram_at(p, i));
  if (s.grams.empty()) s.whole = text::lower(secret);  // all of it public: mask it whole only
  secrets_.push_back(std::move(s));
}

std::string Redactor::operator()(std::string_view text) const {
  std::string out(text);
  for (const auto& s : secrets_) {
    std::vector<bool> hit(out.size(), false);
    bool any = false;
    if (!s.whole.empty()) {
      const std::string low = text::lower(out);
      for (auto at = low.find(s.whole); at != std::string::npos; at = low.find(s.whole, at + 1)) {
        std::fill(hit.begin() + static_cast<long>(at), hit.begin() + static_cast<long>(at + s.whole.size()), true);
        any = true;
      }
    } else {
      for (std::size_t i = 0; i + kGram <= out.size(); ++i)
        if (s.grams.count(gram_at(out, i))) {
          std::fill(hit.begin() + static_cast<long>(i), hit.begin() + static_cast<long>(i + kGram), true);
          any = true;
        }
    }
    if (!any) continue;
    std::string next;
    for (std::size_t i = 0; i < out.size();) {
      if (!hit[i]) {
        next += out[i++];
        continue;
      }
      std::size_t j = i;
      while (j < out.size() && hit[j]) ++j;
      // Whitespace at a run's edges stays: it separates the masked form from the words around.
      while (i < j && (out[i] == ' ' || out[i] == '\n' || out[i] == '\t')) next += out[i++];
      std::size_t end = j;
      while (end > i && (out[end - 1] == ' ' || out[end - 1] == '\n' || out[end - 1] == '\t')) --end;
      if (i == end) continue;
      const std::string run = text::lower(std::string_view(out).substr(i, end - i));
      // A run that is only the gateway's public key prefix ("sk-or-v1-") is not the secret.
      next += !s.prefix.empty() && s.prefix.find(run) != std::string::npos ? out.substr(i, end - i) : s.masked;
      next.append(out, end, j - end);
      i = j;
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace anlink
