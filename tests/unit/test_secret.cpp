#include <catch2/catch.hpp>

#include <cctype>
#include <cstdio>

#include "fake/encodings.hpp"
#include "util/secret.hpp"

using namespace anlink;

namespace {

bool text_has(const std::string& hay, const std::string& needle) {
  auto low = [](std::string s) { for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return s; };
  return low(hay).find(low(needle)) != std::string::npos;
}
std::string upper(std::string s) { for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return s; }
std::string lower(std::string s) { for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return s; }
std::string uesc(const std::string& s) {
  std::string out;
  for (unsigned char c : s) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
  return out;
}
}  // namespace

TEST_CASE("mask keeps a short prefix and the last four characters") {
  CHECK(mask_key("sk-abcdefghijklmnop9f3a") == "sk-…9f3a");
  CHECK(mask_key("ak_live_9f3a2b7c4d1e8f6a0b5c3d2e") == "ak_…3d2e");
  CHECK(mask_key("abcdefghijklmnopqrst") == "…qrst");
  CHECK(mask_key("short") == "…");
  CHECK(mask_key("") == "");
  CHECK(mask_key("\"sk-abcdefghijklmnop9f3a\"") == "sk-…9f3a");
  CHECK(mask_key("Bearer sk-abcdefghijklmnop9f3a") == "sk-…9f3a");
}

TEST_CASE("redactor replaces the key in every form it may be echoed in") {
  const std::string key = "\"sk-abcdefghijklmnop9f3a\"";
  Redactor r(key);
  CHECK(r("key: sk-abcdefghijklmnop9f3a.") == "key: sk-…9f3a.");
  CHECK(r("raw " + key) == "raw sk-…9f3a");
  CHECK(r(R"(json "\"sk-abcdefghijklmnop9f3a\"")") == R"(json "sk-…9f3a")");
  CHECK(r("nothing here") == "nothing here");
}

TEST_CASE("redactor catches the pieces of a key split by whitespace") {
  Redactor r("sk-abcdefgh ijklmnop9f3a");
  CHECK(r("got ijklmnop9f3a") == "got sk-…9f3a");
}

TEST_CASE("redactor leaves text alone when there is no key") {
  Redactor r("");
  CHECK_FALSE(r.active());
  CHECK(r("a b c") == "a b c");
}

TEST_CASE("redactor masks any run of eight or more of the key's characters, in any form") {
  const std::string key =
      "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9zAb2dEf5hIj8lMn1pQr4tUv7xYz0bCd3fGh6j";
  Redactor r(key);
  auto leaks = [&](const std::string& out) {
    for (std::size_t i = 8; i + 8 <= key.size(); ++i)  // past the public prefix "sk-proj-"
      if (text_has(out, key.substr(i, 8))) return true;
    return false;
  };
  const std::string echoes[] = {
      "Incorrect API key provided: " + key.substr(0, 132),                 // cut by the server
      "first 20: " + key.substr(0, 20),                                    // a prefix
      "upper: " + upper(key), "lower: " + lower(key),                      // case changed
      "pct: " + fake::percent_encoded(key),                                                  // percent-encoded
      "b64: " + fake::base64(key), "bearer b64: " + fake::base64("Bearer " + key),           // base64
      "split: " + key.substr(0, 40) + "\n" + key.substr(40),              // split by a newline
      "escaped: " + uesc(key),                                             // \u-escaped
  };
  for (const auto& e : echoes) {
    INFO(e);
    const std::string out = r(e);
    CHECK_FALSE(leaks(out));
    CHECK(out.find("sk-…Gh6j") != std::string::npos);
  }
  // The public prefix alone is no secret: a finding may name it.
  CHECK(r("keys of this gateway start with sk-proj-") == "keys of this gateway start with sk-proj-");
}

TEST_CASE("redactor learns a secret once, however often it is added") {
  Redactor r;
  for (int i = 0; i < 1000; ++i) r.add("tok_team_5c1f9a77e2b04d3e", "***");
  CHECK(r.size() == 1);
  CHECK(r.knows("tok_team_5c1f9a77e2b04d3e"));
  CHECK_FALSE(r.knows("tok_team_other"));
  CHECK(r("x tok_team_5c1f9a77e2b04d3e y") == "x *** y");
}

TEST_CASE("redactor masks a short secret, such as a proxy password, where it appears whole") {
  Redactor r;
  r.add("pw@1", "***");
  CHECK(r("http://user:pw@1@proxy:8080 and PW@1") == "http://user:***@proxy:8080 and ***");
}

namespace {

// As the JSON renderer and the XML writer escape a text: what the redactor sees last.
std::string json_escaped(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\\' ? "\\\\" : c == '"' ? "\\\"" : std::string(1, c);
  return out;
}
std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("redactor masks the key in every hostile form, also once a renderer escaped it again") {
  const std::string key = "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp";
  Redactor r(key);
  for (const auto& [name, form] : fake::hostile_forms(key)) {
    for (const std::string& written : {form, json_escaped(form), xml_escaped(form), json_escaped(json_escaped(form))}) {
      INFO(name << ": " << written);
      const std::string out = r("error: " + written + " (as sent)");
      CHECK(out.rfind("error: ", 0) == 0);
      CHECK(out.find(" (as sent)") != std::string::npos);
      CHECK(out.find("sk-…0nOp") != std::string::npos);
      // What is left between the words around it is the masked form and a few edge bytes.
      CHECK(out.size() < std::string("error:  (as sent)").size() + std::string("sk-…0nOp").size() + 16);
    }
  }
}

TEST_CASE("redactor leaves escapes that hold no key as they are, and ends on every hostile text") {
  Redactor r("sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp");
  for (const std::string& text : {std::string("path C:\\new\\u00e9t\\x41 &#x41; %41 &amp; \\\\\\u"),
                                  std::string("cut: \\u00"), std::string("lone \\ud83d and \\udc00 halves"),
                                  std::string("&#99999999999; %u12 \\U0011FFFF \\u{110000}")})
    CHECK(r(text) == text);
  // Long runs of what starts an escape: each layer reads each byte a bounded number of times.
  std::string hostile;
  for (int i = 0; i < 20000; ++i) hostile += i % 3 == 0 ? "\\\\\\\\" : i % 3 == 1 ? "&#x&amp;" : "%25%";
  CHECK(r(hostile) == hostile);
  CHECK(r(std::string(1 << 20, '\\')).size() == (1u << 20));
}

TEST_CASE("redactor masks a short secret in its escaped forms, but not a word the output says anyway") {
  Redactor r;
  r.add("pw@1", "***");
  CHECK(r("p\\u0077%401 &#x70;w@1") == "*** ***");
  Redactor words;
  words.add("openai", "***", {"openai"});
  CHECK(words("--profile openai") == "--profile openai");
}
