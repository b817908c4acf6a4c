// A user's profile file: JSON, strictly checked, so that a typo is named rather than ignored.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/key_pattern.hpp"
#include "util/input_file.hpp"
#include "core/profile.hpp"
#include "core/header.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

using nlohmann::json;

struct Reader {
  const json& obj;
  std::string where;  // "catalog."

  [[noreturn]] void bad(const std::string& field, const std::string& why) const {
    throw std::invalid_argument(fmt::format("field \"{}{}\": {}", where, field, why));
  }
  void only(std::set<std::string> allowed) const {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!allowed.count(it.key())) bad(it.key(), "unknown field");
  }
  std::string text(const std::string& f, bool required = false) const {
    if (!obj.contains(f)) {
      if (required) bad(f, "is required");
      return "";
    }
    if (!obj[f].is_string()) bad(f, "must be a string");
    return obj[f].get<std::string>();
  }
  std::string pointer(const std::string& f, bool required = false) const {
    std::string p = text(f, required);
    if (!p.empty() && p.front() != '/') bad(f, "must be a JSON pointer starting with \"/\"");
    if (!json_at::valid_pointer(p)) bad(f, "is not a valid JSON pointer (escape ~ as ~0 and / as ~1)");
    return p;
  }
  std::string path(const std::string& f) const {
    std::string p = text(f, true);
    if (p.front() != '/') bad(f, "must be a path relative to the base URL, starting with \"/\"");
    return p;
  }
  bool boolean(const std::string& f, bool fallback) const {
    if (!obj.contains(f)) return fallback;
    if (!obj[f].is_boolean()) bad(f, "must be true or false");
    return obj[f].get<bool>();
  }
  double number(const std::string& f, double fallback) const {
    if (!obj.contains(f)) return fallback;
    if (!obj[f].is_number()) bad(f, "must be a number");
    return obj[f].get<double>();
  }
  std::vector<std::string> strings(const std::string& f, std::vector<std::string> fallback) const {
    if (!obj.contains(f)) return fallback;
    if (!obj[f].is_array()) bad(f, "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& v : obj[f]) {
      if (!v.is_string()) bad(f, "must be an array of strings");
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  Reader block(const std::string& f) const {
    if (!obj[f].is_object()) bad(f, "must be an object");
    return {obj[f], where + f + "."};
  }
};

}  // namespace

Profile load_profile_file(const std::string& file) {
  return parse_profile_text(read_input_file(file, 1u << 20));
}

Profile parse_profile_text(std::string_view text) {
  bool too_deep = false;
  json doc = parse_untrusted_json(text, &too_deep);
  if (too_deep) throw std::invalid_argument(fmt::format("nested deeper than {} levels", kMaxJsonDepth));
  if (doc.is_discarded() || !doc.is_object()) throw std::invalid_argument("not a JSON object");

  Reader top{doc, ""};
  top.only({"name", "extends", "base_url", "api_prefix", "prefix_optional", "console_url",
            "web_hosts", "api_hosts", "catalog", "balance", "usage_log", "request_id_headers",
            "key_pattern", "balance_statuses", "headers", "auth", "chat_path"});
  Profile p;
  if (doc.contains("extends")) {
    const std::string base = top.text("extends");
    const Profile* builtin = find_profile(base);
    if (!builtin) top.bad("extends", "no built-in profile is called \"" + base + "\"");
    p = *builtin;
  }
  p.name = top.text("name", true);
  if (p.name.empty() || std::any_of(p.name.begin(), p.name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      }))
    top.bad("name", "must be a non-empty name without control characters");
  if (doc.contains("base_url")) p.base_url = top.text("base_url");
  if (doc.contains("api_prefix")) p.api_prefix = top.text("api_prefix");
  p.prefix_optional = top.boolean("prefix_optional", p.prefix_optional);
  if (doc.contains("console_url")) p.console_url = top.text("console_url");
  p.web_hosts = top.strings("web_hosts", p.web_hosts);
  p.api_hosts = top.strings("api_hosts", p.api_hosts);
  p.request_id_headers = top.strings("request_id_headers", p.request_id_headers);
  if (doc.contains("key_pattern")) p.key_pattern = top.text("key_pattern");
  if (doc.contains("balance_statuses")) {
    p.balance_statuses.clear();
    if (!doc["balance_statuses"].is_array()) top.bad("balance_statuses", "must be an array of HTTP statuses");
    for (const auto& v : doc["balance_statuses"]) {
      if (!v.is_number_integer() || v.get<long>() < 100 || v.get<long>() > 599)
        top.bad("balance_statuses", "must be an array of HTTP statuses");
      p.balance_statuses.push_back(v.get<long>());
    }
  }
  if (doc.contains("headers")) {
    if (!doc["headers"].is_object()) top.bad("headers", "must be an object of header names and values");
    for (auto it = doc["headers"].begin(); it != doc["headers"].end(); ++it) {
      if (!it->is_string()) top.bad("headers." + it.key(), "must be a string");
      if (auto why = header_problem(it.key(), it->get<std::string>()))
        top.bad("headers." + it.key(), *why);
      p.headers.emplace_back(it.key(), it->get<std::string>());
    }
  }
  if (doc.contains("chat_path")) {
    p.chat_path = top.path("chat_path");
    if (p.chat_path.find('?') != std::string::npos) top.bad("chat_path", "must not hold a query: put it in auth.query");
  }
  if (doc.contains("auth")) {
    Reader r = top.block("auth");
    r.only({"header", "scheme", "query"});
    if (doc["auth"].contains("header")) p.auth.header = r.text("header");
    if (doc["auth"].contains("scheme")) p.auth.scheme = r.text("scheme");
    if (auto why = header_problem(p.auth.header, p.auth.scheme)) r.bad("header", *why);
    if (p.auth.scheme.find(' ') != std::string::npos) r.bad("scheme", "must be one word (\"Bearer\") or empty");
    if (doc["auth"].contains("query")) {
      const json& q = doc["auth"]["query"];
      if (!q.is_object()) r.bad("query", "must be an object of parameter names and values");
      if (q.size() > 16) r.bad("query", "at most 16 parameters");
      p.auth.query.clear();
      for (auto it = q.begin(); it != q.end(); ++it) {
        if (!it->is_string()) r.bad("query." + it.key(), "must be a string");
        if (it.key().empty() || it.key().size() > 128) r.bad("query", "a parameter name must have 1 to 128 characters");
        p.auth.query.emplace_back(it.key(), it->get<std::string>());
      }
    }
  }
  if (!p.key_pattern.empty()) {
    if (auto why = key_pattern_problem(p.key_pattern)) top.bad("key_pattern", *why);
  }
  if (doc.contains("catalog")) {
    Reader r = top.block("catalog");
    r.only({"path", "list", "id", "status", "active"});
    CatalogShape c;
    c.path = r.path("path");
    c.list = r.pointer("list");
    c.id = r.pointer("id", true);
    c.status = r.pointer("status");
    c.active = r.strings("active", c.active);
    p.catalog = c;
  }
  if (doc.contains("balance")) {
    Reader r = top.block("balance");
    r.only({"path", "from_origin", "amount", "spent", "currency", "available", "unlimited",
            "null_is_unlimited", "minimum", "low"});
    BalanceShape b;
    b.path = r.path("path");
    b.from_origin = r.boolean("from_origin", false);
    b.amount = r.pointer("amount", true);
    b.spent = r.pointer("spent");
    b.currency = r.pointer("currency");
    b.available = r.pointer("available");
    b.unlimited = r.pointer("unlimited");
    b.null_is_unlimited = r.boolean("null_is_unlimited", false);
    b.minimum = r.number("minimum", 0.0);
    b.low = r.number("low", std::max(1.0, b.minimum));
    p.balance = b;
  }
  if (doc.contains("usage_log")) {
    Reader r = top.block("usage_log");
    r.only({"path", "from_origin", "entry", "status", "error_code", "cost"});
    UsageLogShape u;
    u.path = r.path("path");
    if (u.path.find("{request_id}") == std::string::npos)
      r.bad("path", "must contain {request_id}");
    u.from_origin = r.boolean("from_origin", false);
    u.entry = r.pointer("entry");
    u.status = r.pointer("status");
    u.error_code = r.pointer("error_code");
    u.cost = r.pointer("cost");
    p.usage_log = u;
  }
  return p;
}

}  // namespace anlink
