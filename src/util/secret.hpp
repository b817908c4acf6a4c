#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace anlink {

// The masked form of a key, the only form any output may show: "sk-…9f3a".
std::string mask_key(std::string_view key);

// The shortest key the doctor accepts: shorter ones cannot be kept out of output safely
// (the masked form shows four characters, and a run of eight is what the redactor finds).
inline constexpr std::size_t kMinKeyLength = 12;

// Masks secrets in text that is about to leave the process: the last step before any byte
// is written, after every cut, case change and renderer's escaping. For a secret of eight
// characters or more it masks every run of eight or more of its characters, in any letter
// case, raw, hex, base64 or base32 (at any alignment, so also inside "Bearer <key>" encoded
// whole), reversed or rot13, under any layers of escapes a reader could undo (JSON and C
// \u and \x escapes behind any number of backslashes, XML/HTML character references,
// percent-encoding: util/decoded_text.hpp), cut by spaces or invisible characters, or
// base64 of an escaped form; a shorter secret (a proxy password) is masked where it
// appears whole, in the same layers. Each run found is replaced by the secret's masked form,
// over all the bytes it was written with. Linear in the text's length (a few layers).
class Redactor {
 public:
  Redactor() = default;
  explicit Redactor(std::string_view key);
  // Another secret, such as a proxy's user or password, shown as `masked` where found.
  // Runs it shares with `public_texts` (the base URL, when a header value is a URL on the
  // same host) are not masked alone: they say nothing the output does not say anyway.
  // A secret it already masks is not added again (a forwarder sees the same one per call).
  void add(std::string_view secret, std::string masked,
           const std::vector<std::string>& public_texts = {});
  std::string operator()(std::string_view text) const;
  bool active() const { return !secrets_.empty(); }
  bool knows(std::string_view secret) const { return known_.contains(std::string(secret)); }
  std::size_t size() const { return known_.size(); }  // distinct secrets added

 private:
  struct Secret {
    std::string whole;                        // a short secret, lower-cased, matched whole
    std::string prefix;                       // a public prefix ("sk-proj-"): alone, not masked
    std::string masked;
  };
  // Per secret, where its hits start (+1) and end (-1) in `text`; empty where none.
  std::vector<std::vector<std::int32_t>> hits(std::string_view text) const;
  std::vector<Secret> secrets_;
  // Every 8-byte window of every form of every secret, lower-cased -> the first secret's index.
  std::unordered_map<std::uint64_t, std::uint32_t> gram_owner_;
  std::unordered_set<std::string> known_;
};

}  // namespace anlink
