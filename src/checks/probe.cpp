// The probe's one completion, sent once and shared: balance (without an endpoint) judges
// from it, and so does the probe check.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <cctype>
#include <string_view>

#include "checks/check.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

// The first number of at most four digits that follows "at least", "minimum" (with "value",
// "is" or "of" after it) or ">=": a plain left-to-right search, linear in the text.
std::optional<int> named_minimum(std::string_view said) {
  static constexpr std::string_view kLeads[] = {"at least", "minimum", ">="};
  static constexpr std::string_view kAfterMinimum[] = {" value is", " value of", " value", " is", " of", ""};
  auto number_at = [&](std::size_t at) -> std::optional<int> {
    while (at < said.size() && std::isspace(static_cast<unsigned char>(said[at]))) ++at;
    int n = 0, digits = 0;
    while (at < said.size() && digits < 4 && std::isdigit(static_cast<unsigned char>(said[at])))
      n = n * 10 + (said[at++] - '0'), ++digits;
    return digits > 0 ? std::optional<int>(n) : std::nullopt;
  };
  for (std::size_t at = 0; at < said.size(); ++at) {
    for (std::string_view lead : kLeads) {
      if (said.compare(at, lead.size(), lead) != 0) continue;
      const std::size_t end = at + lead.size();
      if (lead != "minimum") {
        if (auto n = number_at(end)) return n;
        continue;
      }
      for (std::string_view after : kAfterMinimum)
        if (said.compare(end, after.size(), after) == 0)
          if (auto n = number_at(end + after.size())) return n;
    }
  }
  return std::nullopt;
}

// The platform refused the probe's own tiny max_tokens: the minimum it names, else 16.
std::optional<int> refused_max_tokens(const CallResult& r) {
  if (r.response.status != 400 && r.response.status != 422) return std::nullopt;
  // "Use max_completion_tokens instead": the parameter itself is refused, not its value.
  if (r.classification.category == Category::parameter_unsupported) return std::nullopt;
  const std::string said = text::lower(r.classification.error.message + " " +
                                       r.classification.error.code + " " + r.response.body);
  if (said.find("max_tokens") == std::string::npos &&
      said.find("max_completion_tokens") == std::string::npos)
    return std::nullopt;
  if (auto n = named_minimum(said); n && *n > 1 && *n <= 1024) return n;
  return 16;
}

// Enough for a reasoning model to think briefly and still say a word.
constexpr int kReasoningRoom = 256;

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
    p.body = minimal_body(*ctx.api, ctx.opts.model.value, 1, false, false);
    return true;
  }
  p.replayed = true;
  if (auto problem = ctx.api->lint(ctx.opts.request_body)) {
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
  return call_request(ctx.call_target(), p.body, stream);
}

bool replays_a_stream(const Context& ctx) {
  ProbeResult p;
  bool stream = false;
  return first_body(ctx, p, stream) && p.replayed && stream;
}

const ProbeResult& ensure_probe(Context& ctx) {
  if (ctx.probe) return *ctx.probe;
  ProbeResult& p = ctx.probe.emplace();
  p.token_param = std::string(ctx.api->token_param);
  p.not_sent = not_sent_reason(ctx);
  if (!p.not_sent.empty()) return p;

  bool stream = false;
  if (!first_body(ctx, p, stream)) return p;
  p.sent = true;
  p.call = send_call(ctx.call_target(), p.body, stream);
  if (!p.replayed) {
    auto again = [&](const std::string& why) {
      p.adaptation += (p.adaptation.empty() ? "" : "; then ") + why;
      p.body = minimal_body(*ctx.api, ctx.opts.model.value, p.max_tokens, false, false, p.token_param);
      p.call = send_call(ctx.call_target(), p.body, false);
    };
    // A reasoning model refuses max_tokens itself: ask as such a model wants to be asked.
    if (refuses_max_tokens(p.call)) {
      p.token_param = "max_completion_tokens";
      again("the model refused max_tokens (" + text::shorten(p.call.classification.error.message, 120) +
            "); the probe was sent again with max_completion_tokens");
    }
    if (auto tokens = refused_max_tokens(p.call)) {
      const std::string said = text::shorten(p.call.classification.error.message, 120);
      const int before = p.max_tokens;
      p.max_tokens = p.floor = *tokens;
      again(fmt::format("the platform refused {} {} ({}); the probe was sent again with {} {}",
                        p.token_param, before, said, p.token_param, *tokens));
    }
    // A reasoning model spends a tiny budget thinking and returns no text: ask once more
    // with room to answer, so that the verdict is about the model, not about max_tokens 1.
    if (const Answer a = read_answer(*ctx.api, p.call.response.body);
        a.budget_spent && p.call.response.status == 200 && p.max_tokens < kReasoningRoom) {
      const int before = p.max_tokens;
      p.max_tokens = kReasoningRoom;
      again(fmt::format("the model used the whole limit of {} tokens before any text (a reasoning model); the "
                        "probe was sent again with {}", before, kReasoningRoom));
    }
    if (const double spent = reasoning_spent_all(p.call.response); spent > 0 && p.max_tokens < kReasoningRoom) {
      const int before = p.max_tokens;
      p.max_tokens = kReasoningRoom;
      again(fmt::format("the model spent {} {} on reasoning ({} reasoning tokens) and returned no "
                        "text; the probe was sent again with {} {}",
                        p.token_param, before, spent, p.token_param, kReasoningRoom));
    }
  }
  if (!p.call.classification.request_id.empty())
    ctx.own_request_ids.push_back(p.call.classification.request_id);
  return p;
}

}  // namespace anlink
