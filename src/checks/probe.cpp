// The probe's one completion, sent once and shared: balance (without an endpoint) judges
// from it, and so does the probe check.
#include <nlohmann/json.hpp>
#include <regex>

#include "checks/check.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// The platform refused the probe's own tiny max_tokens: the minimum it names, else 16.
std::optional<int> refused_max_tokens(const ChatResult& r) {
  if (r.response.status != 400 && r.response.status != 422) return std::nullopt;
  const std::string said = text::lower(r.classification.error.message + " " +
                                       r.classification.error.code + " " + r.response.body);
  if (said.find("max_tokens") == std::string::npos &&
      said.find("max_completion_tokens") == std::string::npos)
    return std::nullopt;
  static const std::regex minimum(R"((?:at least|minimum(?: value)?(?: is| of)?|>=)\s*(\d{1,4}))");
  std::smatch m;
  if (std::regex_search(said, m, minimum)) {
    int n = std::stoi(m[1].str());
    if (n > 1 && n <= 1024) return n;
  }
  return 16;
}

std::string not_sent_reason(const Context& ctx) {
  if (!ctx.opts.probe) return "--no-probe: no billable request is sent";
  for (const char* pre : {"config", "base_url", "api_key", "model"})
    if (ctx.failed(pre)) return std::string("prerequisite ") + pre + " failed";
  return "";
}

// The body the probe sends first (the replayed one, or the minimal one) and whether it
// streams; false, with the reason in p.not_sent, when a replayed body does not lint.
bool first_body(const Context& ctx, ProbeResult& p, bool& stream) {
  stream = false;
  if (ctx.opts.request_body_path.empty()) {
    p.body = minimal_chat_body(ctx.opts.model.value, 1, false, false);
    return true;
  }
  p.replayed = true;
  if (auto problem = lint_chat_body(ctx.opts.request_body)) {
    p.lint_problem = *problem;
    p.not_sent = "the request body does not lint: " + *problem;
    return false;
  }
  p.body = ctx.opts.request_body;
  stream = nlohmann::json::parse(p.body).value("stream", false);
  return true;
}

}  // namespace

std::optional<HttpRequest> planned_probe(const Context& ctx) {
  ProbeResult p;
  bool stream = false;
  if (!ctx.opts.probe || !first_body(ctx, p, stream)) return std::nullopt;
  return chat_request(ctx.chat_target(), p.body, stream);
}

bool replays_a_stream(const Context& ctx) {
  ProbeResult p;
  bool stream = false;
  return first_body(ctx, p, stream) && p.replayed && stream;
}

const ProbeResult& ensure_probe(Context& ctx) {
  if (ctx.probe) return *ctx.probe;
  ProbeResult& p = ctx.probe.emplace();
  p.not_sent = not_sent_reason(ctx);
  if (!p.not_sent.empty()) return p;

  bool stream = false;
  if (!first_body(ctx, p, stream)) return p;
  p.sent = true;
  p.chat = send_chat(ctx.chat_target(), p.body, stream);
  if (!p.replayed) {
    if (auto tokens = refused_max_tokens(p.chat)) {
      p.adaptation = "the platform refused max_tokens 1 (" +
                     text::shorten(p.chat.classification.error.message, 120) +
                     "); the probe was sent again with max_tokens " + std::to_string(*tokens);
      p.max_tokens = *tokens;
      p.body = minimal_chat_body(ctx.opts.model.value, *tokens, false, false);
      p.chat = send_chat(ctx.chat_target(), p.body, false);
    }
  }
  if (!p.chat.classification.request_id.empty())
    ctx.own_request_ids.push_back(p.chat.classification.request_id);
  return p;
}

}  // namespace anlink
