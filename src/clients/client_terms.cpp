// A failed call told in its client's terms: what the client cannot do, and what it prints
// instead of the real cause (each row's `says`, measured with the real clients).
#include <fmt/format.h>

#include "classify/error_body.hpp"
#include "clients/client.hpp"
#include "checks/route_missing.hpp"
#include "core/finding.hpp"
#include "http/client.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

std::optional<Symptom> symptom_of(const Finding& verdict, const HttpResponse& res) {
  const PlatformError e = parse_error_body(res.content_type(), res.body);
  if (verdict.category == Category::api_unsupported || route_missing(res)) return Symptom::route_missing;
  if (res.status == 404) return Symptom::model_missing;  // Anthropic's not_found_error "model: X"
  if (e.code == "convert_request_failed") return Symptom::convert_failed;
  if (verdict.category == Category::upstream_stream_interrupted || verdict.category == Category::stream_malformed)
    return Symptom::stream_broken;
  if (verdict.category == Category::unauthorized) return Symptom::key_refused;
  return std::nullopt;
}

// The same told from a check's finding (its evidence): which check failed, and how.
std::optional<Symptom> symptom_of(std::string_view check, const Finding& f) {
  const auto& e = f.evidence;
  const std::string code = e.contains("error_code") && e["error_code"].is_string() ? e["error_code"].get<std::string>() : "";
  if (f.category == Category::api_unsupported)
    return code == "convert_request_failed" ? Symptom::convert_failed : Symptom::route_missing;
  if (f.category == Category::not_found && check == "model") return Symptom::model_missing;
  if (f.category == Category::upstream_stream_interrupted || f.category == Category::stream_malformed)
    return Symptom::stream_broken;
  if (f.category == Category::unauthorized) return Symptom::key_refused;
  return std::nullopt;
}

void tell(Finding& verdict, Symptom symptom, long status, const std::string& path, const std::string& model,
          const ClientDef& client, std::string_view then) {
  std::string lead;
  if (symptom == Symptom::route_missing)
    lead = status ? fmt::format("{} cannot use this gateway: it has no {} ({}). ", client.title, path, status)
                  : fmt::format("{} cannot use this gateway: it has no {}. ", client.title, path);
  for (const auto& s : client.says) {
    if (s.symptom != symptom) continue;
    auto fill = [&](std::string_view t) {
      return text::replace_all(text::replace_all(t, "{model}", model.empty() ? "its model" : model), "{path}", path);
    };
    lead += fmt::format("{} prints \"{}\": {}. ", client.title, fill(s.says), fill(s.truth));
  }
  if (!lead.empty()) verdict.summary = lead + std::string(then) + verdict.summary;
}

}  // namespace

void in_client_terms(Finding& verdict, const HttpResponse& res, const std::string& path, const std::string& model,
                     const ClientDef& client) {
  if (verdict.status != Status::fail) return;
  if (const auto symptom = symptom_of(verdict, res)) tell(verdict, *symptom, res.status, path, model, client, "The call: ");
}

void in_client_terms(Finding& verdict, std::string_view check, const std::string& path, const std::string& model,
                     const ClientDef& client) {
  if (verdict.status != Status::fail) return;
  const auto& e = verdict.evidence;
  const long status = e.contains("http_status") && e["http_status"].is_number() ? e["http_status"].get<long>() : 0;
  if (const auto symptom = symptom_of(check, verdict)) tell(verdict, *symptom, status, path, model, client, "Found: ");
}

}  // namespace anlink
