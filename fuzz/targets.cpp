#include "targets.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "catalog/catalog.hpp"
#include "checks/call.hpp"
#include "checks/http_evidence.hpp"
#include "classify/classifier.hpp"
#include "core/profile.hpp"
#include "fake/encodings.hpp"
#include "report/printable.hpp"
#include "report/renderers.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"
#include "stream/sse.hpp"
#include "stream/stream_summary.hpp"

namespace anlink::fuzz {

namespace {

void expect(bool property, const char* what) {
  if (property) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

unsigned char take(std::string_view& data) {
  if (data.empty()) return 0;
  auto c = static_cast<unsigned char>(data.front());
  data.remove_prefix(1);
  return c;
}

bool same(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].event != b[i].event || a[i].data != b[i].data) return false;
  return true;
}

std::vector<SseEvent> parse_split(std::string_view text, std::size_t piece) {
  SseParser p;
  std::vector<SseEvent> out;
  for (std::size_t at = 0; at < text.size(); at += piece)
    for (auto& e : p.feed(text.substr(at, piece))) out.push_back(std::move(e));
  if (auto last = p.finish()) out.push_back(std::move(*last));
  return out;
}

}  // namespace

void classifier(std::string_view data) {
  static constexpr long statuses[] = {200, 400, 401, 402, 403, 404, 413, 422, 429, 500, 502, 503, 504};
  static constexpr const char* types[] = {"application/json", "text/html; charset=utf-8",
                                          "text/plain", "", "text/event-stream"};
  HttpResponse res;
  const unsigned char s = take(data), t = take(data);
  res.status = s < 2 * std::size(statuses) ? statuses[s % std::size(statuses)] : 100 + s;
  res.headers.emplace("content-type", types[t % std::size(types)]);
  if (t & 0x80) res.headers.emplace("x-request-id", std::string(data.substr(0, 40)));
  res.body = std::string(data);
  for (const Profile& p : builtin_profiles()) {
    Classification c = classify(res, &p);
    expect(!c.category || !id_of(*c.category).empty(), "a category without an id");
  }
  (void)parse_error_body(res.content_type(), res.body);
}

void sse(std::string_view data) {
  const std::size_t piece = 1 + take(data) % 16;
  const auto whole = parse_split(data, data.size() + 1);
  expect(same(whole, parse_split(data, piece)), "events depend on how the bytes were split");
  CallResult chat;
  chat.streamed = true;
  chat.response.status = 200;
  chat.response.headers.emplace("content-type", "text/event-stream");
  chat.response.body = std::string(data);
  double at = 0;
  for (const auto& e : whole) chat.stream.observe(e, at += 1);
  CheckOptions opts;
  opts.timeout = std::chrono::milliseconds(1000);
  Finding f = judge_stream(chat, opts, opts.profile, true);
  expect(!f.summary.empty(), "a stream judged without a summary");
}

void catalog(std::string_view data) {
  const unsigned char which = take(data);
  const auto& profiles = builtin_profiles();
  const Profile& p = profiles[which % profiles.size()];
  if (!p.catalog) return;
  std::string why;
  auto cat = parse_catalog(data, *p.catalog, &why);
  expect(cat.has_value() != !why.empty(), "a catalog both read and refused, or neither");
  if (!cat) return;
  for (const auto& e : cat->entries) {
    expect(cat->find(e.code) != nullptr, "an entry that find() cannot find");
    (void)is_active(e, *p.catalog);
  }
  const std::string code = cat->entries.empty() ? "gpt-4o" : cat->entries.front().code + "x";
  (void)suggest_codes(*cat, code, *p.catalog, true, 3);
  (void)active_codes(*cat, *p.catalog, code, 3);
}

void profile(std::string_view data) {
  try {
    Profile p = parse_profile_text(data);
    expect(!p.name.empty(), "a profile without a name");
  } catch (const std::invalid_argument& e) {
    expect(std::string_view(e.what()).size() > 0, "a refusal without a reason");
  }
}

namespace {

// A realistic key from fuzz bytes: "sk-" and 12 to 140 characters of a key's alphabet.
std::string key_from(std::string_view& data) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::size_t len = 12 + take(data) % 129;
  std::string key = "sk-";
  for (std::size_t i = 0; i < len; ++i) key += kAlphabet[take(data) % kAlphabet.size()];
  return key;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The key in a form a server might echo it in, chosen by a fuzz byte.
std::string echo_of(const std::string& key, unsigned char how) {
  std::string k = key;
  if (how % 8 == 7) {  // escaped, entity-coded, look-alike...: what the decoding layers undo
    const auto forms = fake::hostile_forms(k);
    return forms[(how / 8) % forms.size()].second;
  }
  switch (how % 8) {
    case 0: return k;
    case 1: for (auto& c : k) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return k;
    case 2: return lower_ascii(k);
    case 3: return k.substr(0, 8 + how % (k.size() - 7));  // cut
    case 4: return fake::base64(k);
    case 5: return fake::base64("Bearer " + k);
    default: return fake::percent_encoded(k);
  }
}

// No run of eight of the key's characters, in any letter case, but one that lies within the
// key's public prefix ("sk-proj-": shown in docs and findings): the masked forms themselves
// are taken out first (their last four characters are the key's).
void expect_no_key_run(std::string out, const std::string& key, const std::string& masked) {
  for (auto at = out.find(masked); at != std::string::npos; at = out.find(masked, at))
    out.replace(at, masked.size(), "\x01");
  out = lower_ascii(out);
  const std::string k = lower_ascii(key);
  const auto sep = k.substr(0, 12).find_last_of("-_");
  const std::string prefix = sep == std::string::npos ? "" : k.substr(0, sep + 1);
  for (std::size_t i = 0; i + 8 <= k.size(); ++i) {
    const std::string run = k.substr(i, 8);
    if (prefix.find(run) != std::string::npos) continue;
    expect(out.find(run) == std::string::npos, "a run of the key survived redaction");
  }
}

// Valid UTF-8 with no control character but newline and tab, and no bidi control.
void expect_printable(std::string_view out) {
  expect(text::printable(out, true) == out, "a control character, bidi control or invalid UTF-8 in output");
}

}  // namespace

void redactor(std::string_view data) {
  const std::string key = key_from(data);
  std::string text;
  while (!data.empty()) {  // text and echoes of the key, as the bytes say
    const unsigned char op = take(data);
    if (op < 200) text += static_cast<char>(op);
    else text += echo_of(key, take(data));
  }
  const Redactor redact(key);
  expect_no_key_run(redact(text), key, mask_key(key));
}

void render(std::string_view data) {
  const std::string key = key_from(data);
  const unsigned char s = take(data), how = take(data);
  HttpResponse res;
  res.status = 400 + s % 200;
  res.headers.emplace("content-type", s & 1 ? "application/json" : "text/html");
  res.body = std::string(data) + (how & 1 ? echo_of(key, how) : "");
  Classification c = classify(res, &builtin_profiles().front());
  Report report;
  report.target = {"https://gw.example/v1", "m", "anlinkai", mask_key(key)};
  Finding f = Finding::fail(c.category.value_or(Category::upstream_failure),
                            "the gateway said: " + c.error.message + " " + res.body.substr(0, 300));
  f.fixes = {"Look at " + c.error.code, "Retry " + echo_of(key, how >> 1)};
  f.evidence["message"] = c.error.message;
  f.evidence["body"] = res.body.substr(0, 2000);
  report.checks.push_back({"probe", f, 1});
  report.diagnosis = diagnose(report.checks);
  report.exit_code = 1;
  make_printable(report);
  const Redactor redact(key);
  for (const auto& r : renderer_table()) {
    const std::string out = redact(r.render(report, RenderOptions{}));
    expect_no_key_run(out, key, mask_key(key));
    expect_printable(out);
    if (r.name == "json") expect(!nlohmann::json::parse(out, nullptr, false).is_discarded(), "JSON that does not parse");
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"classifier", classifier}, {"sse", sse},
                                          {"catalog", catalog},       {"profile", profile},
                                          {"redactor", redactor},     {"render", render}};
  return all;
}

}  // namespace anlink::fuzz
