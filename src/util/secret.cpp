#include "util/secret.hpp"

#include <algorithm>
#include <cstdint>

#include "util/decoded_text.hpp"

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

// The secret in a positional encoding (base64, base32) when it starts `offset` bytes into a
// group: only the characters that depend on the secret alone (an echo of "Bearer <key>"
// encoded whole contains one of these).
std::string radix_inner(std::string_view s, std::size_t offset, std::string_view alphabet, int bits,
                        std::size_t group_bytes) {
  const std::size_t group_chars = group_bytes * 8 / static_cast<std::size_t>(bits);
  std::string padded(offset, '\0');
  padded += s;
  std::string out;
  for (std::size_t i = 0; i + group_bytes <= padded.size(); i += group_bytes) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < group_bytes; ++k) v = (v << 8) | static_cast<unsigned char>(padded[i + k]);
    for (std::size_t k = group_chars; k-- > 0;)
      out += alphabet[(v >> (static_cast<std::size_t>(bits) * k)) & ((1u << bits) - 1)];
  }
  if (offset == 0) return out;
  return out.size() > group_chars ? out.substr(group_chars) : "";  // the first group mixes in the pad
}

std::string hex_encoded(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) out += {kHex[static_cast<unsigned char>(c) >> 4], kHex[static_cast<unsigned char>(c) & 15]};
  return out;
}

std::string rot13(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>('A' + (c - 'A' + 13) % 26);
  }
  return s;
}

// Every form whose 8-byte windows are looked for in each decoded layer of the output:
// the escapes a layer undoes need no form of their own.
std::vector<std::string> forms_of(std::string_view secret) {
  static constexpr std::string_view kBase64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr std::string_view kBase64Url =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::vector<std::string> forms = {std::string(secret), hex_encoded(secret),
                                    std::string(secret.rbegin(), secret.rend()), rot13(std::string(secret))};
  for (std::size_t offset = 0; offset < 3; ++offset) {
    forms.push_back(radix_inner(secret, offset, kBase64, 6, 3));
    forms.push_back(radix_inner(secret, offset, kBase64Url, 6, 3));
  }
  for (std::size_t offset = 0; offset < 5; ++offset) forms.push_back(radix_inner(secret, offset, kBase32, 5, 5));
  return forms;
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
    // Shorter, or a word the output says anyway (a header value equal to the profile's
    // name): masking it would garble text and tell nothing.
    const bool said = std::any_of(public_texts.begin(), public_texts.end(), [&](const std::string& p) {
      return text::lower(p).find(s.whole) != std::string::npos;
    });
    if (s.whole.size() >= 3 && !said) secrets_.push_back(std::move(s));
    return;
  }
  s.prefix = text::lower(public_prefix(secret));
  std::unordered_set<std::uint64_t> grams;
  for (const auto& f : forms_of(secret))
    for (std::size_t i = 0; i + kGram <= f.size(); ++i) grams.insert(gram_at(f, i));
  for (const auto& p : public_texts)
    for (std::size_t i = 0; i + kGram <= p.size() && i < (64u << 10); ++i) grams.erase(gram_at(p, i));
  if (grams.empty()) s.whole = text::lower(secret);  // all of it public: mask it whole only
  // A window shared by several secrets goes to the first: it owns those bytes anyway.
  const auto index = static_cast<std::uint32_t>(secrets_.size());
  for (std::uint64_t g : grams) gram_owner_.emplace(g, index);
  secrets_.push_back(std::move(s));
}

namespace {

// Layers of decoding a run goes through: escapes undone again and again (a renderer escapes a
// server's escapes once more), then without spacing (and its escapes undone: a wrapped line
// may cut one), then base64 decoded and its escapes undone.
constexpr int kEscapeLayers = 8;
constexpr int kBase64EscapeLayers = 3;

}  // namespace

std::vector<std::vector<std::int32_t>> Redactor::hits(std::string_view text) const {
  // Per secret, +1 where a hit starts and -1 where it ends, in the original text's positions.
  std::vector<std::vector<std::int32_t>> marks(secrets_.size());
  auto mark = [&](std::size_t s, std::uint32_t begin, std::uint32_t end) {
    if (marks[s].empty()) marks[s].assign(text.size() + 1, 0);
    ++marks[s][begin];
    --marks[s][end];
  };
  std::string low;
  auto match = [&](const DecodedText& layer) {
    low.resize(layer.size());
    for (std::size_t i = 0; i < layer.size(); ++i) low[i] = lower_ascii(layer[i].c);
    std::uint64_t gram = 0;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      gram = (gram << 8) | static_cast<unsigned char>(low[i]);
      if (i + 1 < kGram) continue;
      if (const auto it = gram_owner_.find(gram); it != gram_owner_.end())
        mark(it->second, layer[i + 1 - kGram].begin, layer[i].end);
    }
    for (std::size_t s = 0; s < secrets_.size(); ++s) {
      const std::string& w = secrets_[s].whole;
      if (w.empty()) continue;
      for (auto at = low.find(w); at != std::string::npos; at = low.find(w, at + 1))
        mark(s, layer[at].begin, layer[at + w.size() - 1].end);
    }
  };
  DecodedText layer = as_decoded(text), next;
  match(layer);
  for (int k = 0; k < kEscapeLayers && decode_escapes(layer, next); ++k) {
    layer.swap(next);
    match(layer);
  }
  DecodedText joined, rejoined;
  if (drop_spacing(layer, joined)) {  // and escapes a line break had cut in two
    match(joined);
    for (int k = 0; k < kBase64EscapeLayers && decode_escapes(joined, rejoined); ++k) {
      joined.swap(rejoined);
      match(joined);
    }
  }
  if (decode_base64_runs(layer, next)) {
    layer.swap(next);
    match(layer);
    for (int k = 0; k < kBase64EscapeLayers && decode_escapes(layer, next); ++k) {
      layer.swap(next);
      match(layer);
    }
  }
  return marks;
}

std::string Redactor::operator()(std::string_view text) const {
  if (secrets_.empty() || text.size() >= (std::size_t{1} << 31)) return std::string(text);
  const auto marks = hits(text);
  // Each byte goes to the first secret found over it; a run of one secret's bytes is masked once.
  std::vector<int> owner(text.size(), -1);
  for (std::size_t s = 0; s < marks.size(); ++s) {
    if (marks[s].empty()) continue;
    std::int32_t depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      depth += marks[s][i];
      if (depth > 0 && owner[i] < 0) owner[i] = static_cast<int>(s);
    }
  }
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t'; };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (owner[i] < 0) {
      out += text[i++];
      continue;
    }
    const Secret& s = secrets_[static_cast<std::size_t>(owner[i])];
    std::size_t j = i;
    while (j < text.size() && owner[j] == owner[i]) ++j;
    // Whitespace at a run's edges stays: it separates the masked form from the words around.
    while (i < j && space(text[i])) out += text[i++];
    std::size_t end = j;
    while (end > i && space(text[end - 1])) --end;
    if (i < end) {
      const std::string run = text::lower(text.substr(i, end - i));
      // A run that is only the gateway's public key prefix ("sk-or-v1-") is not the secret.
      if (!s.prefix.empty() && s.prefix.find(run) != std::string::npos) out.append(text.substr(i, end - i));
      else out += s.masked;
    }
    out.append(text.substr(end, j - end));
    i = j;
  }
  return out;
}

}  // namespace anlink
