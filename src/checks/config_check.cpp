// config: the inputs exist and are well-formed, before anything is sent.
#include <fmt/format.h>

#include <algorithm>

#include "checks/check.hpp"
#include "core/key_pattern.hpp"
#include "core/suggest.hpp"
#include "http/url.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

struct Problem {
  Status status;
  std::string summary;
  std::string fix;
  std::vector<std::pair<std::string, std::string>> change = {};  // flags of a suggested command
};

// Key shapes of platforms without a profile here; those with one say so in key_prefix.
struct ForeignKey {
  std::string_view prefix, owner;
};
constexpr ForeignKey kOtherPlatformKeys[] = {
    {"sk-ant-", "Anthropic"}, {"AIza", "Google"},       {"gsk_", "Groq"},
    {"xai-", "xAI"},          {"hf_", "Hugging Face"}, {"pplx-", "Perplexity"},
};

// A key of another gateway: which one, and the profile that fits it.
void hint_key_owner(const std::string& key, const Profile& selected, std::vector<Problem>& out) {
  for (const auto& p : builtin_profiles()) {
    if (p.key_prefix.empty() || key.rfind(p.key_prefix, 0) != 0 || p.name == selected.name) continue;
    out.push_back({Status::warn,
                   fmt::format("the API key is shaped like an {} key ({}…), but the {} profile is "
                               "selected",
                               p.name, p.key_prefix, selected.name),
                   fmt::format("Use it with --profile {} (base URL {}), or use a {} key here",
                               p.name, p.base_url.empty() ? "of your deployment" : p.base_url,
                               selected.name),
                   {{"--profile", p.name}}});
    return;
  }
  for (const auto& f : kOtherPlatformKeys)
    if (key.rfind(f.prefix, 0) == 0)
      out.push_back({Status::warn,
                     fmt::format("the API key is shaped like a {} key ({}…)", f.owner, f.prefix),
                     fmt::format("Use a key created for {}, not a {} key", selected.name, f.owner),
                     {}});
}

// A base URL on a known gateway's host while another profile is selected.
void hint_host_owner(const Url& url, const Profile& selected, std::vector<Problem>& out) {
  const Profile* owner = profile_for_host(url.host);
  if (!owner || owner->name == selected.name) return;
  out.push_back({Status::warn,
                 fmt::format("the base URL's host {} belongs to {}, but the {} profile is selected",
                             url.host, owner->name, selected.name),
                 fmt::format("Select the matching profile: --profile {}", owner->name),
                 {{"--profile", owner->name}}});
}

constexpr std::size_t kMaxKeyLength = 1024;  // real keys are under 200 characters

// The first character of a key that is not ASCII, named ("U+201C (a typographic quote “)"),
// or "" when it is all ASCII. Keys are ASCII; word processors, chat apps and web pages put
// curly quotes, no-break spaces, dashes and invisible characters in what is copied from them.
// A code point below U+10000 as UTF-8, made from the number (never from the key's bytes).
std::string utf8_of(unsigned cp) {
  std::string out;
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (cp & 0x3F));
  return out;
}

std::string first_non_ascii(std::string_view key) {
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto b = static_cast<unsigned char>(key[i]);
    if (b < 0x80) continue;
    const std::size_t extra = b >= 0xF0 && b < 0xF5 ? 3 : b >= 0xE0 && b < 0xF0 ? 2 : b >= 0xC2 && b < 0xE0 ? 1 : 0;
    unsigned cp = extra == 3 ? b & 0x07u : extra == 2 ? b & 0x0Fu : b & 0x1Fu;
    bool valid = extra > 0 && i + extra < key.size();
    for (std::size_t k = 1; valid && k <= extra; ++k) {
      const auto c = i + k < key.size() ? static_cast<unsigned char>(key[i + k]) : 0;
      valid = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (!valid) return fmt::format("the byte 0x{:02X} (not UTF-8 text)", b);  // never the key's other bytes
    // The character is named from this table, never copied from the key.
    switch (cp) {
      case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x2019: case 0x201A: case 0x00AB:
      case 0x00BB: case 0x2039: case 0x203A: case 0x300C: case 0x300D: case 0xFF02: case 0xFF07:
        return fmt::format("U+{:04X}, a typographic quote {}", cp, utf8_of(cp));
      case 0x00A0: case 0x202F: case 0x2007: return fmt::format("U+{:04X}, a no-break space", cp);
      case 0x200B: case 0x200C: case 0x200D: case 0x2060:
        return fmt::format("U+{:04X}, an invisible zero-width character", cp);
      case 0xFEFF: return "U+FEFF, an invisible byte-order mark";
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        return fmt::format("U+{:04X}, a dash that looks like '-'", cp);
      default: return fmt::format("U+{:04X}, a character that is not ASCII", cp);
    }
  }
  return "";
}

void lint_key(const Sourced& key, const Profile& profile, std::vector<Problem>& out,
              const std::string& key_variable = "ANLINKAI_API_KEY") {
  const std::string from = key.source.empty() ? "" : " (from " + key.source + ")";
  if (key.source.empty()) {
    out.push_back({Status::fail, "no API key was given",
                   "Set " + key_variable + ", or pass --api-key-file PATH or --api-key - (stdin)"});
    return;
  }
  const std::string& k = key.value;
  const std::string core = text::trim(k);
  if (core.empty()) {
    out.push_back({Status::fail, "the API key is empty" + from,
                   "Put the key itself there, as the console shows it"});
    return;
  }
  if (core.size() > kMaxKeyLength) {
    out.push_back({Status::fail,
                   fmt::format("the API key is {} characters long{}: that is not a key (a whole "
                               "file or page?)", core.size(), from),
                   "Put the key itself there, as the console shows it"});
    return;
  }
  if (core.size() < kMinKeyLength) {  // too short to keep out of output safely: never sent
    out.push_back({Status::fail,
                   fmt::format("the API key is {} characters long{}: too short to be a gateway's "
                               "key (and to keep out of the output safely)", core.size(), from),
                   profile.key_hint.empty()
                       ? "Copy the whole key from the console; gateway keys are dozens of characters long"
                       : profile.key_hint});
    return;
  }
  if (text::lower(core).rfind("bearer ", 0) == 0)
    out.push_back({Status::fail, "the API key starts with \"Bearer \"" + from,
                   "Give the key alone; the doctor and client libraries add \"Bearer \" "
                   "themselves"});
  if (core.find("://") != std::string::npos)
    out.push_back({Status::fail, "the API key is a URL" + from,
                   "The key and the base URL may be swapped: pass the URL with --base-url"});
  char q = core.front();
  if (q == '"' || q == '\'' || core.back() == '"' || core.back() == '\'')
    out.push_back({Status::fail, "the API key is wrapped in quotes" + from,
                   "Remove the quotes: shells and .env files keep them when nested"});
  if (const std::string odd = first_non_ascii(core); !odd.empty())
    out.push_back({Status::fail, "the API key holds " + odd + from,
                   odd.find("quote") != std::string::npos
                       ? "Remove the typographic quotes from the key: an editor or chat app turned straight "
                         "quotes into them, and no parser removes those"
                       : "Copy the key again as plain text (from the console, not from a document or chat): "
                         "keys are ASCII letters, digits, '-' and '_'"});
  if (core != k)
    out.push_back({Status::fail, "the API key has whitespace before or after it" + from,
                   "Remove the spaces or line breaks around the key"});
  for (char c : core) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) && text::lower(core).rfind("bearer ", 0) != 0) {
      out.push_back({Status::fail, "the API key has whitespace inside it" + from,
                     "Copy the key again; a line break or space split it"});
      break;
    }
    if (u < 0x20 || u == 0x7f) {
      out.push_back({Status::fail, "the API key has control characters" + from,
                     "Copy the key again as plain text"});
      break;
    }
  }
  hint_key_owner(core, profile, out);
  if (!profile.key_pattern.empty() && !key_pattern_matches(profile.key_pattern, core))
    out.push_back({Status::warn,
                   fmt::format("the API key does not match the {} key shape ({})", profile.name,
                               profile.key_pattern),
                   "Check that the key belongs to this platform"});
}

void lint_url(const Sourced& base, const Profile& profile, std::vector<Problem>& out) {
  UrlError err;
  auto url = parse_url(base.value, &err);
  const std::string where = fmt::format("the base URL \"{}\" (from {})", base.value, base.source);
  if (!url) {
    out.push_back({Status::fail, fmt::format("{} {}", where, err.reason),
                   err.suggestion.empty() ? "Give a full URL such as https://api.anlinkai.com/api/v1"
                                          : fmt::format("Did you mean \"{}\"?", err.suggestion)});
    return;
  }
  if (url->scheme != "http" && url->scheme != "https") {
    std::string guess = text::edit_distance(url->scheme, "https") <= 2 ? "https" : "";
    out.push_back({Status::fail,
                   fmt::format("{} has the unsupported scheme \"{}\"", where, url->scheme),
                   guess.empty() ? "Use https://"
                                 : fmt::format("Did you mean \"{}\"?", guess + base.value.substr(
                                                                          base.value.find("://")))});
    return;
  }
  hint_host_owner(*url, profile, out);
}

void lint_model(const Sourced& model, std::vector<Problem>& out) {
  if (text::trim(model.value).empty()) {
    out.push_back({Status::fail, "no model code was given", "Pass --model CODE"});
  } else if (text::trim(model.value) != model.value ||
             model.value.find_first_of(" \t\r\n") != std::string::npos) {
    out.push_back({Status::fail,
                   fmt::format("the model code \"{}\" contains whitespace", model.value),
                   "Copy the model code exactly as the catalog lists it"});
  }
}

}  // namespace

bool insecure_without_consent(const CheckOptions& opts) {
  auto url = parse_url(opts.base_url.value);
  return url && url->scheme == "http" && !is_loopback_host(url->host) && !opts.allow_insecure_http;
}

bool key_is_sendable(const CheckOptions& opts, const Profile& profile) {
  std::vector<Problem> problems;
  lint_key(opts.api_key, profile, problems);
  return !insecure_without_consent(opts) &&
         std::none_of(problems.begin(), problems.end(),
                      [](const Problem& p) { return p.status == Status::fail; });
}

Finding check_config(Context& ctx) {
  std::vector<Problem> problems;
  // What stops the client before it sends anything leads (Codex's wire_api, its env_key).
  for (const auto& [summary, fix] : ctx.opts.input_failures) problems.push_back({Status::fail, summary, fix});
  lint_key(ctx.opts.api_key, ctx.profile, problems, ctx.opts.key_variable);
  lint_url(ctx.opts.base_url, ctx.profile, problems);
  lint_model(ctx.opts.model, problems);
  if (insecure_without_consent(ctx.opts))
    problems.push_back({Status::fail,
                        "the base URL is plain http:// to another machine: the key would cross "
                        "the network unencrypted, so nothing is sent",
                        "Use https://; if this gateway really has no TLS, pass --allow-insecure-http"});
  for (const auto& [summary, fix] : ctx.opts.input_warnings) problems.push_back({Status::warn, summary, fix});

  Finding f;
  f.evidence["api_key"] = mask_key(ctx.opts.api_key.value);
  f.evidence["api_key_source"] = ctx.opts.api_key.source;
  f.evidence["base_url"] = ctx.opts.base_url.value;
  f.evidence["base_url_source"] = ctx.opts.base_url.source;
  f.evidence["model"] = ctx.opts.model.value;
  f.evidence["model_source"] = ctx.opts.model.source;
  if (problems.empty()) {
    f.summary = fmt::format("key {} ({}), base URL and model \"{}\" are well-formed",
                            mask_key(ctx.opts.api_key.value), ctx.opts.api_key.source,
                            ctx.opts.model.value);
    return f;
  }
  // The first failing problem leads; warnings lead only when nothing fails.
  std::stable_partition(problems.begin(), problems.end(),
                        [](const Problem& p) { return p.status == Status::fail; });
  f.status = problems.front().status;
  f.category = Category::config;
  f.summary = problems.front().summary;
  if (problems.size() > 1) f.summary += fmt::format(" (and {} more)", problems.size() - 1);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& p : problems) {
    list.push_back(p.summary);
    f.fixes.push_back(p.fix);
    if (!p.change.empty()) f.commands.push_back(suggest_check(ctx.opts, p.change));
  }
  f.evidence["problems"] = list;
  return f;
}

}  // namespace anlink
