#include "checks/call.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/route.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

std::string api_body(const ApiDef& api, const std::string& model, const char* prompt, int max_tokens, bool stream,
                     bool include_usage, const std::string& token_param) {
  return api.body({model, prompt, max_tokens, stream, include_usage, token_param});
}

}  // namespace

std::string minimal_body(const ApiDef& api, const std::string& model, int max_tokens, bool stream,
                         bool include_usage, const std::string& token_param) {
  return api_body(api, model, "ping", max_tokens, stream, include_usage, token_param);
}

std::string long_body(const ApiDef& api, const std::string& model, int max_tokens, const std::string& token_param) {
  return api_body(api, model, "Count from 1 to 10000, one number per line, without stopping.", max_tokens, true,
                  false, token_param);
}

std::string counting_body(const ApiDef& api, const std::string& model, int max_tokens, bool include_usage,
                          const std::string& token_param) {
  return api_body(api, model, "Count from 1 to 30, separated by spaces.", max_tokens, true, include_usage,
                  token_param);
}

std::optional<std::string> lint_chat_body(const std::string& text) { return chat_api().lint(text); }

std::vector<std::string> key_headers(const CallTarget& target, KeyStyle style) {
  std::vector<std::string> out = {key_header(target.profile, style, target.key)};
  if (style == KeyStyle::both) out.push_back(key_header(target.profile, KeyStyle::x_api_key, target.second_key));
  return out;
}

HttpRequest call_request(const CallTarget& target, const std::string& body, bool stream) {
  HttpRequest req{"POST", target.url, key_headers(target, target.style), body};
  req.headers.emplace_back("Content-Type: application/json");
  req.headers.emplace_back(stream ? "Accept: text/event-stream" : "Accept: application/json");
  req.headers.insert(req.headers.end(), target.api.headers.begin(), target.api.headers.end());
  return req;
}

CallResult send_call(const CallTarget& target, const std::string& body, bool stream) {
  return send_call(target, call_request(target, body, stream), stream);
}

StreamSummary read_stream(const HttpResponse& res, const ApiDef& api) {
  StreamSummary out;
  out.reader = api.read_event;
  SseParser parser;
  std::size_t from = 0;
  for (const auto& chunk : res.chunks) {
    for (const auto& e : parser.feed(std::string_view(res.body).substr(from, chunk.end - from)))
      out.observe(e, chunk.at_ms);
    from = chunk.end;
  }
  const double end = res.chunks.empty() ? 0 : res.chunks.back().at_ms;
  if (auto last = parser.finish(); last && !res.truncated) out.observe(*last, end);
  return out;
}

CallResult send_call(const CallTarget& target, HttpRequest request, bool stream) {
  CallResult out;
  out.streamed = stream;
  out.api = &target.api;
  out.response = target.http.send(request);
  if (stream) out.stream = read_stream(out.response, target.api);
  out.classification = classify(out.response, &target.profile);
  return out;
}

bool refuses_max_tokens(const CallResult& r) {
  return r.classification.category == Category::parameter_unsupported &&
         r.classification.refused_param == "max_tokens";
}

double reasoning_spent_all(const HttpResponse& res) {
  if (res.status < 200 || res.status >= 300) return 0;
  const auto body = parse_untrusted_json(res.body);
  if (body.is_discarded() || !body.is_object()) return 0;
  const auto* choices = json_at::at(body, "/choices/0");
  const auto* reasoning = json_at::at(body, "/usage/completion_tokens_details/reasoning_tokens");
  if (!choices || !reasoning || !reasoning->is_number() || reasoning->get<double>() <= 0) return 0;
  if (json_at::text(*choices, "/finish_reason") != "length") return 0;
  if (!text::trim(json_at::text(*choices, "/message/content")).empty()) return 0;
  return reasoning->get<double>();
}

}  // namespace anlink
