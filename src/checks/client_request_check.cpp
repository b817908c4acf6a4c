// client_request (--client claude-code, codex): the request the agent itself sends, as it
// sends it with its own settings (clients/: its headers, betas, tools, thinking, output limit),
// with a prompt that asks for one word. A refusal costs nothing; the doctor then asks again
// without the refused part, as Claude Code does when the words are Anthropic's, to find every
// refusal and whether the client gets past it, and tries the client's setting that avoids
// each one before suggesting it. Then its tool, forced by name: dropped tools answer in text.
// At most kRounds + 4 requests per model.
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
constexpr std::size_t kSettingsTried = 3;

HttpRequest client_http_request(const Context& ctx, const ClientRequest& cr) {
  const std::string url = ctx.url + cr.query;
  CallTarget target{ctx.http, url, ctx.opts.api_key.value, ctx.profile, *ctx.api, ctx.key_style, ctx.opts.second_key.value};
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

bool answered(const CallResult& r) {
  return r.response.status >= 200 && r.response.status < 300 && !r.classification.category;
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

std::string whats(const std::vector<Refusal>& refusals, std::optional<bool> recovering = std::nullopt) {
  std::vector<std::string> out;
  for (const auto& r : refusals)
    if (!recovering || r.recovers == *recovering) out.push_back(r.what);
  return text::join(out, ", ");
}

// What the client's run is, step by step: the requests sent and what decided.
struct Run {
  Context& ctx;
  const ClientDef& client;
  std::string title;
  int requests = 0;
  std::vector<std::string> retried;  // what its own retries left out, when they got an answer
  CallResult send(const ClientRequest& cr, bool stream) {
    ++requests;
    ClientRequest c = cr;
    if (!stream) c.body = set_stream_false(c.body);
    CallResult r = send_call(ctx.call_target(), client_http_request(ctx, c), stream);
    r.api = ctx.api;
    return r;
  }
};

// A refusal in words the client does not act on: its own fixed retries (each leaving out one
// more thing) may still get an answer. As it sends them; at most the path's length.
bool recovers_on_its_own(Run& run) {
  Dropped path;
  for (std::string_view part : run.client.retry_path) {
    path.emplace_back(part);
    if (answered(run.send(run.client.request(run.ctx.opts.model.value, path, run.ctx.opts.client_settings), true))) {
      for (const auto& p : path) run.retried.push_back(p.substr(p.find(':') + 1));
      return true;
    }
  }
  return false;
}

// For each refusal with a setting of the client's: the client's request with that setting,
// sent as the client would; the fix names the setting only when that request is answered.
void add_fixes(Run& run, Finding& f, const std::vector<Refusal>& refusals) {
  std::vector<std::string> tried;
  for (const auto& r : refusals) {
    std::string fix;
    if (!r.setting.empty() && tried.size() < kSettingsTried &&
        std::find(tried.begin(), tried.end(), r.setting) == tried.end()) {
      tried.push_back(r.setting);
      ClientSettings with = run.ctx.opts.client_settings;
      with[r.setting] = r.value;
      const bool works = answered(run.send(run.client.request(run.ctx.opts.model.value, {}, with), false));
      fix = works ? fmt::format("Set {} for {}: the doctor sent its request so, and it was answered",
                                run.client.how_to_set(r.setting, r.value), run.title)
                  : fmt::format("For {}: {} (with {}={}, the doctor found the request still refused)", r.what,
                                r.otherwise, r.setting, r.value);
      f.evidence["settings_tried"][r.setting] = works ? "answered" : "still refused";
    } else if (r.setting.empty()) {
      fix = fmt::format("For {}: {}", r.what, r.otherwise);
    }
    if (!fix.empty() && std::find(f.fixes.begin(), f.fixes.end(), fix) == f.fixes.end()) f.fixes.push_back(fix);
  }
}

// Its tool, forced by name: an answer without the call means the gateway dropped the tools.
// The agent still answers, but can never act (Claude Code: "I cannot run commands").
void judge_tools(Run& run, Finding& f) {
  ++run.requests;
  const CallResult t = send_call(run.ctx.call_target(), run.client.tool_body(run.ctx.opts.model.value), false);
  const HttpResponse& res = t.response;
  if (!res.ok_transport() || res.status < 200 || res.status >= 300) {
    f.evidence["tool_request"] = res.ok_transport() ? fmt::format("HTTP {}: not judged", res.status) : "not answered";
    return;
  }
  if (run.client.called_tool(parse_untrusted_json(res.body))) {
    f.evidence["tool_request"] = "the forced tool was called";
    if (f.status == Status::pass) f.summary += "; its tool is called when asked for";
    return;
  }
  const Answer a = read_answer(*run.ctx.api, res.body);
  const std::string dropped =
      fmt::format("the gateway drops {}'s tools: a request that forces its tool by name came back as text (HTTP {}{}), "
                  "so {} answers but can never run a command or edit a file",
                  run.title, res.status, a.finish.empty() ? "" : ", stop reason " + a.finish, run.title);
  const std::string fix = fmt::format(
      "Use a channel or model on the gateway that passes tools through (function calling); {} cannot work without them",
      run.title);
  if (f.status == Status::warn) {  // another loss already named: this one is added to it
    f.summary += "; and " + dropped;
    f.fixes.push_back(fix);
  } else {
    auto evidence = std::move(f.evidence);
    f = Finding::warn(Category::capability_ignored, dropped);
    f.evidence = std::move(evidence);
    f.fixes = {fix};
  }
  f.evidence["tool_request"] = "answered without the tool call";
  f.evidence["tool_answer_text"] = text::shorten(a.text, 200);
}

// A stream that broke, as the client takes it: Claude Code keeps what a stream that ended
// without its end event brought, and asks again without streaming when it is cut or fails.
void judge_broken_stream(Run& run, const CallResult& r, const ClientRequest& sent, Finding& f) {
  const std::string broke = f.summary;
  f.summary = fmt::format("{}'s own request: {}", run.title, broke);
  if (!run.client.stream_fallback) return;
  const bool kept = r.response.ok_transport() && !r.stream.error && r.stream.content_chunks > 0 && r.stream.malformed.empty();
  if (kept) {
    f.status = Status::warn;
    f.summary = fmt::format("{} answers from what its stream brought, though the stream broke: {}", run.title, broke);
  } else if (answered(run.send(sent, false))) {
    f.status = Status::warn;
    f.summary = fmt::format("{} answers, from a second request without streaming: its stream broke ({}); each such "
                            "answer arrives all at once, and is paid for twice",
                            run.title, broke);
  } else {
    return;
  }
  f.evidence["client_recovers"] = true;
}

}  // namespace

Finding check_client_request(Context& ctx) {
  const ClientDef* client = ctx.opts.client;
  if (!client || !client->request) return Finding::skip("no agent client given (--client claude-code or codex)");
  if (ctx.api->id != client->api)
    return Finding::skip(fmt::format("{} speaks the {} API only", client->title, client->api));
  if (!ctx.opts.probe) return Finding::skip("--no-probe: the client's own request is billable");
  Run run{ctx, *client, std::string(client->title)};
  const std::string& model = ctx.opts.model.value;
  Dropped dropped;
  std::vector<Refusal> refusals;
  CallResult r;
  ClientRequest sent;
  for (int round = 0; round < kRounds; ++round) {
    sent = client->request(model, dropped, ctx.opts.client_settings);
    r = run.send(sent, true);
    const long st = r.response.status;
    if (st < 400 || st >= 500 || st == 401 || st == 403 || st == 429) break;
    const auto& e = r.classification.error;
    auto refusal = client->refusal(e.message.empty() ? r.response.body : e.message, e.type, dropped, sent.max_tokens);
    if (!refusal) break;
    refusals.push_back(*refusal);
    dropped.push_back(refusal->part);
  }
  const HttpResponse& res = r.response;
  const Classification& c = r.classification;
  const bool stops = std::any_of(refusals.begin(), refusals.end(), [](const Refusal& x) { return !x.recovers; });
  Finding f;
  if (res.status == 0) {
    f = transport_finding(res, Status::warn);
    f.summary = fmt::format("could not send {}'s request: {}", run.title, f.summary);
  } else if (res.status < 200 || res.status >= 300) {
    f = Finding::fail(c.category.value_or(Category::invalid_request_body),
                      fmt::format("{}'s own request is refused: {}{}", run.title, describe_answer(res, c),
                                  refusals.empty() ? "" : " (after leaving out " + whats(refusals) + ")"));
    f.evidence = http_evidence(res, &c);
    finish_fixes(f, c, ctx.opts, ctx.profile);
  } else if (Finding s = judge_stream(r, ctx.opts, ctx.profile, false); s.status == Status::fail) {
    f = std::move(s);
    judge_broken_stream(run, r, sent, f);
  } else if (stops && recovers_on_its_own(run)) {
    f = Finding::warn(Category::parameter_unsupported,
                      fmt::format("{} works, with less: the gateway refuses {} in words {} does not act on, but its own "
                                  "retries, leaving out {}, get an answer",
                                  run.title, whats(refusals, false), run.title, text::join(run.retried, ", ")));
  } else if (stops) {
    f = Finding::fail(Category::parameter_unsupported,
                      fmt::format("{} stops at its first request: the gateway refuses {} in words {} does not act on, "
                                  "so it never asks again without it{}",
                                  run.title, whats(refusals, false), run.title,
                                  refusals.size() > 1 ? " (refused in all: " + whats(refusals) + ")" : ""));
  } else if (!refusals.empty()) {
    std::vector<std::string> lost;
    for (const auto& x : refusals) lost.push_back(x.lost);
    f = Finding::warn(Category::parameter_unsupported,
                      fmt::format("{} works, with less: the gateway refuses {}; {} asks again without {} and goes "
                                  "without {}",
                                  run.title, whats(refusals, true), run.title, refusals.size() > 1 ? "them" : "it",
                                  text::join(lost, ", ")));
  } else {
    f = Finding::pass(fmt::format("{}'s own request (streamed, as it sends it) was answered; {}", run.title,
                                  tokens_spent(r.stream)));
  }
  if (!f.evidence.contains("url")) {
    auto evidence = http_evidence(res, &c);
    for (auto& [k, v] : f.evidence.items()) evidence[k] = v;
    f.evidence = std::move(evidence);
  }
  if (!refusals.empty() && res.status >= 200 && res.status < 300) add_fixes(run, f, refusals);
  if (f.status != Status::fail && client->tool_body) judge_tools(run, f);
  f.evidence["client"] = std::string(client->id);
  f.evidence["max_tokens"] = sent.max_tokens;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& x : refusals) list.push_back({{"refused", x.what}, {"client_recovers", x.recovers}});
  if (!refusals.empty()) f.evidence["refusals"] = list;
  if (r.stream.usage) f.evidence["usage"] = *r.stream.usage;
  f.evidence["requests"] = run.requests;
  return f;
}

}  // namespace anlink
