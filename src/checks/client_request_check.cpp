// client_request (--client claude-code, codex): the request the agent itself sends, as it
// sends it (clients/: its headers, betas, tools, thinking, output limit), with a prompt that
// asks for one word. A refusal costs nothing; the doctor then asks again without the
// refused part, as Claude Code does when the words are Anthropic's, to find every refusal
// and whether the client gets past it. At most kRounds requests per model.
#include <fmt/format.h>

#include <algorithm>

#include "checks/check.hpp"
#include "checks/http_evidence.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr int kRounds = 5;

HttpRequest client_http_request(const Context& ctx, const ClientRequest& cr) {
  const std::string url = ctx.url + cr.query;
  CallTarget target{ctx.http, url, ctx.opts.api_key.value, ctx.profile, *ctx.api, ctx.key_style};
  HttpRequest req = call_request(target, cr.body, true);
  for (const auto& h : cr.headers) {
    const std::string name = text::lower(h.substr(0, h.find(':')));
    std::erase_if(req.headers, [&](const std::string& have) {
      return text::lower(have.substr(0, have.find(':'))) == name;
    });
    req.headers.push_back(h);
  }
  return req;
}

std::string set_stream_false(const std::string& body) {
  auto doc = nlohmann::json::parse(body);  // the doctor's own body
  doc["stream"] = false;
  return doc.dump();
}

std::string tokens_spent(const StreamSummary& s) {
  if (!s.usage || !s.usage->is_object()) return "its usage was not reported";
  auto n = [&](const char* a, const char* b) {
    const auto* v = json_at::at(*s.usage, a);
    if (!v || !v->is_number()) v = json_at::at(*s.usage, b);
    return v && v->is_number() ? fmt::format("{}", v->get<double>()) : std::string("?");
  };
  return fmt::format("it cost {} input and {} output tokens", n("/input_tokens", "/prompt_tokens"),
                     n("/output_tokens", "/completion_tokens"));
}

std::string names(const std::vector<Refusal>& refusals, bool recovering) {
  std::vector<std::string> out;
  for (const auto& r : refusals)
    if (r.recovers == recovering) out.push_back(r.what);
  return text::join(out, ", ");
}

void add_avoid_fixes(Finding& f, const std::vector<Refusal>& refusals, std::string_view title) {
  for (const auto& r : refusals) {
    const std::string fix = r.avoid.find('=') != std::string::npos && r.avoid.find(' ') > r.avoid.find('=')
                                ? fmt::format("Set {} for {} (it then stops sending {}), or have the gateway accept it",
                                              r.avoid, title, r.what)
                                : fmt::format("For {}: {}", r.what, r.avoid);
    if (std::find(f.fixes.begin(), f.fixes.end(), fix) == f.fixes.end()) f.fixes.push_back(fix);
  }
}

// Its tool, forced by name: an answer without the call means the gateway dropped the tools.
// The agent still answers, but can never act (Claude Code: "I cannot run commands").
void judge_tools(Context& ctx, const ClientDef& client, Finding& f) {
  const CallResult t = send_call(ctx.call_target(), client.tool_body(ctx.opts.model.value), false);
  const HttpResponse& res = t.response;
  if (!res.ok_transport() || res.status < 200 || res.status >= 300) {
    f.evidence["tool_request"] = res.ok_transport() ? fmt::format("HTTP {}: not judged", res.status) : "not answered";
    return;
  }
  const auto answer = parse_untrusted_json(res.body);
  if (client.called_tool(answer)) {
    f.evidence["tool_request"] = "the forced tool was called";
    if (f.status == Status::pass) f.summary += "; its tool is called when asked for";
    return;
  }
  const Answer a = read_answer(*ctx.api, res.body);
  f.evidence["tool_request"] = "answered without the tool call";
  f.evidence["tool_answer_text"] = text::shorten(a.text, 200);
  f = Finding::warn(Category::capability_ignored,
                    fmt::format("the gateway drops {}'s tools: a request that forces its tool by name came back as "
                                "text (HTTP {}{}), so {} answers but can never run a command or edit a file",
                                client.title, res.status, a.finish.empty() ? "" : ", stop reason " + a.finish,
                                client.title));
  f.fixes = {fmt::format("Use a channel or model on the gateway that passes tools through (function calling); {} "
                         "cannot work without them", client.title)};
}

}  // namespace

Finding check_client_request(Context& ctx) {
  const ClientDef* client = ctx.opts.client;
  if (!client || !client->request) return Finding::skip("no agent client given (--client claude-code or codex)");
  if (ctx.api->id != client->api)
    return Finding::skip(fmt::format("{} speaks the {} API only", client->title, client->api));
  if (!ctx.opts.probe) return Finding::skip("--no-probe: the client's own request is billable");
  const std::string title(client->title);
  const std::string& model = ctx.opts.model.value;
  Dropped dropped;
  std::vector<Refusal> refusals;
  CallResult r;
  ClientRequest sent;
  for (int round = 0; round < kRounds; ++round) {
    sent = client->request(model, dropped);
    r = send_call(ctx.call_target(), client_http_request(ctx, sent), true);
    r.api = ctx.api;
    const long st = r.response.status;
    if (!r.response.ok_transport() || (st >= 200 && st < 300) || st < 400 || st >= 500 || st == 401 ||
        st == 403 || st == 429)
      break;
    auto refusal = client->refusal(r.classification.error.message.empty() ? r.response.body
                                                                          : r.classification.error.message,
                                   r.classification.error.type, dropped, sent.max_tokens);
    if (!refusal) break;
    refusals.push_back(*refusal);
    dropped.push_back(refusal->part);
  }
  const HttpResponse& res = r.response;
  const Classification& c = r.classification;
  Finding f;
  const bool stops = std::any_of(refusals.begin(), refusals.end(), [](const Refusal& x) { return !x.recovers; });
  if (!res.ok_transport()) {
    f = transport_finding(res, Status::warn);
    f.summary = fmt::format("could not send {}'s request: {}", title, f.summary);
  } else if (res.status < 200 || res.status >= 300) {
    f = Finding::fail(c.category.value_or(Category::invalid_request_body),
                      fmt::format("{}'s own request is refused: {}{}", title, describe_answer(res, c),
                                  refusals.empty() ? "" : fmt::format(" (after leaving out {})",
                                                                      names(refusals, true) + (stops ? ", " + names(refusals, false) : ""))));
    f.evidence = http_evidence(res, &c);
    finish_fixes(f, c, ctx.opts, ctx.profile);
  } else if (Finding s = judge_stream(r, ctx.opts, ctx.profile, false); s.status == Status::fail) {
    f = std::move(s);
    f.summary = fmt::format("{}'s own request: {}", title, f.summary);
    if (client->stream_fallback) {
      // As it does: the same request again, not streamed.
      ClientRequest again = client->request(model, dropped);
      again.body = set_stream_false(again.body);
      const CallResult plain = send_call(ctx.call_target(), client_http_request(ctx, again), false);
      if (plain.response.status >= 200 && plain.response.status < 300 && !plain.classification.category) {
        f.status = Status::warn;
        f.summary = fmt::format("{} answers, from a second request without streaming: its stream broke ({}); each "
                                "answer then arrives all at once, and is paid for twice",
                                title, s.summary);
        f.evidence["client_recovers"] = true;
      }
    }
  } else if (stops) {
    f = Finding::fail(Category::parameter_unsupported,
                      fmt::format("{} stops at the first request: the gateway refuses {} in words {} does not "
                                  "act on, so it never asks again without it{}",
                                  title, names(refusals, false), title,
                                  refusals.size() > 1 ? fmt::format(" (refused in all: {})", [&] {
                                    std::vector<std::string> all;
                                    for (const auto& x : refusals) all.push_back(x.what);
                                    return text::join(all, ", ");
                                  }()) : ""));
    add_avoid_fixes(f, refusals, title);
  } else if (!refusals.empty()) {
    std::vector<std::string> lost;
    for (const auto& x : refusals) lost.push_back(x.lost);
    f = Finding::warn(Category::parameter_unsupported,
                      fmt::format("{} works, with less: the gateway refuses {}; {} asks again without it "
                                  "and goes without {}",
                                  title, names(refusals, true), title, text::join(lost, ", ")));
    add_avoid_fixes(f, refusals, title);
  } else {
    f = Finding::pass(fmt::format("{}'s own request (streamed, as it sends it) was answered; {}", title,
                                  tokens_spent(r.stream)));
  }
  if (f.status != Status::fail && client->tool_body) judge_tools(ctx, *client, f);
  if (f.evidence.is_null() || f.evidence.empty()) f.evidence = http_evidence(res, &c);
  f.evidence["client"] = std::string(client->id);
  f.evidence["requests"] = static_cast<int>(refusals.size()) + 1;
  f.evidence["max_tokens"] = sent.max_tokens;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& x : refusals)
    list.push_back({{"refused", x.what}, {"client_recovers", x.recovers}});
  if (!refusals.empty()) f.evidence["refusals"] = list;
  if (r.stream.usage) f.evidence["usage"] = *r.stream.usage;
  return f;
}

}  // namespace anlink
