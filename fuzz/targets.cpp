#include "targets.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "catalog/catalog.hpp"
#include "checks/chat.hpp"
#include "checks/http_evidence.hpp"
#include "classify/classifier.hpp"
#include "core/profile.hpp"
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
  ChatResult chat;
  chat.streamed = true;
  chat.response.status = 200;
  chat.response.headers.emplace("content-type", "text/event-stream");
  chat.response.body = std::string(data);
  double at = 0;
  for (const auto& e : whole) chat.stream.observe(e, at += 1);
  CheckOptions opts;
  opts.timeout = std::chrono::milliseconds(1000);
  Finding f = judge_stream(chat, opts);
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

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"classifier", classifier}, {"sse", sse}, {"catalog", catalog}, {"profile", profile}};
  return all;
}

}  // namespace anlink::fuzz
