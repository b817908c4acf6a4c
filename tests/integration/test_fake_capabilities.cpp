// The fake gateway's capability probes (fake_capabilities.cpp) on their own: each capability
// recognised by the request's features on each API, answered in the shape of each way, and
// the vision probe's PNG read back digit for digit (and nothing read from a broken one).
#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tuple>

#include "capabilities/digit_image.hpp"
#include "fake/capabilities.hpp"
#include "fake/fake_server.hpp"

// A namespace of its own: the unity build puts test_fake_agents.cpp's helpers beside these.
namespace fake_capabilities_test {

using nlohmann::json;
using fake::Api;

namespace {

constexpr Api kApis[] = {Api::chat, Api::messages, Api::responses};
const char* name_of(Api api) { return api == Api::chat ? "chat" : api == Api::messages ? "messages" : "responses"; }

struct Answer {
  int status = 0;
  json body;
};

Answer post(const fake::Server& server, Api api, const json& body) {
  httplib::Client client(server.origin());
  const std::string bearer = std::string("Bearer ") + fake::kGoodKey;
  const httplib::Headers headers = api == Api::messages
                                       ? httplib::Headers{{"x-api-key", fake::kGoodKey}, {"anthropic-version", "2023-06-01"}}
                                       : httplib::Headers{{"Authorization", bearer}};
  const std::string path = api == Api::chat ? "/api/v1/chat/completions" : api == Api::messages ? "/api/v1/messages" : "/api/v1/responses";
  auto res = client.Post(path, headers, body.dump(), "application/json");
  REQUIRE(res);
  return {res->status, json::parse(res->body, nullptr, false)};
}

const json kWeather = json::parse(R"({"name": "get_weather", "description": "The weather in a city",
    "schema": {"type": "object", "properties": {"city": {"type": "string"},
               "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city", "unit"]}})");
const json kTime = json::parse(R"({"name": "get_time", "description": "The time in a zone",
    "schema": {"type": "object", "properties": {"zone": {"type": "string"}}, "required": ["zone"]}})");

// A tool definition in the API's layout.
json tool(Api api, const json& t) {
  if (api == Api::chat)
    return {{"type", "function"},
            {"function", {{"name", t["name"]}, {"description", t["description"]}, {"parameters", t["schema"]}}}};
  if (api == Api::messages) return {{"name", t["name"]}, {"description", t["description"]}, {"input_schema", t["schema"]}};
  return {{"type", "function"}, {"name", t["name"]}, {"description", t["description"]}, {"parameters", t["schema"]}};
}

// A plain request with this user content (a string, or the API's parts).
json request(Api api, const json& content = "Say hi.") {
  json message = {{"role", "user"}, {"content", content}};
  if (api == Api::responses) return {{"model", "qwen-flash"}, {"input", {message}}};
  json body = {{"model", "qwen-flash"}, {"messages", {message}}};
  if (api == Api::messages) body["max_tokens"] = 256;
  return body;
}

json image_part(Api api, const std::string& png) {
  const std::string data = anlink::base64(png);
  if (api == Api::chat) return {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64," + data}}}};
  if (api == Api::messages)
    return {{"type", "image"}, {"source", {{"type", "base64"}, {"media_type", "image/png"}, {"data", data}}}};
  return {{"type", "input_image"}, {"image_url", "data:image/png;base64," + data}};
}

const json kColourSchema = json::parse(R"({"type": "object", "properties": {"colour": {"type": "string"},
    "count": {"type": "integer"}, "shade": {"type": "string", "enum": ["dark", "light"]}},
    "required": ["colour", "count", "shade"], "additionalProperties": false})");

// The request that probes `capability` on `api` as the brief has the doctor send it; `effort`
// for reasoning ("" on messages: thinking disabled), `tools` 1 or 2 for parallel_tools.
json probe(const std::string& capability, Api api, const std::string& effort = "low", int tools = 1,
           const std::string& png = anlink::digit_png("40712358")) {
  if (capability == "vision") {
    json text = api == Api::responses ? json{{"type", "input_text"}, {"text", "What number is this?"}}
                                      : json{{"type", "text"}, {"text", "What number is this?"}};
    return request(api, json::array({text, image_part(api, png)}));
  }
  json body = request(api);
  if (capability == "json_schema") {
    if (api == Api::chat)
      body["response_format"] = {{"type", "json_schema"},
                                 {"json_schema", {{"name", "colour"}, {"strict", true}, {"schema", kColourSchema}}}};
    else
      body["text"] = {{"format", {{"type", "json_schema"}, {"name", "colour"}, {"strict", true}, {"schema", kColourSchema}}}};
  } else if (capability == "reasoning") {
    if (api == Api::chat) body["reasoning_effort"] = effort;
    if (api == Api::responses) body["reasoning"] = {{"effort", effort}};
    if (api == Api::messages)
      body["thinking"] = effort.empty() ? json{{"type", "disabled"}} : json{{"type", "enabled"}, {"budget_tokens", 1024}};
  } else {  // the tool capabilities
    body["tools"] = json::array({tool(api, kWeather)});
    if (tools > 1) body["tools"].push_back(tool(api, kTime));
    const bool messages = api == Api::messages;
    if (capability == "tools")
      body["tool_choice"] = api == Api::chat ? json{{"type", "function"}, {"function", {{"name", "get_weather"}}}}
                            : messages       ? json{{"type", "tool"}, {"name", "get_weather"}}
                                             : json{{"type", "function"}, {"name", "get_weather"}};
    if (capability == "tool_choice") body["tool_choice"] = messages ? json{{"type", "any"}} : json("required");
    if (capability == "parallel_tools") {
      if (messages) body["tool_choice"] = {{"type", "auto"}, {"disable_parallel_tool_use", false}};
      else body["parallel_tool_calls"] = true;
    }
  }
  return body;
}

// An answer read the same way on every API.
struct Seen {
  std::vector<std::pair<std::string, json>> calls;  // name, arguments (discarded: not JSON)
  std::string text;
  bool has_text = false, refusal = false, thinking = false;
  int reasoning_tokens = -1;
  std::string stop;
};

Seen seen(Api api, const json& a) {
  Seen s;
  auto add_text = [&](const std::string& t) {
    s.text += t;
    s.has_text = true;
  };
  if (api == Api::chat) {
    const json& message = a["choices"][0]["message"];
    if (message["content"].is_string()) add_text(message["content"]);
    s.refusal = message.value("refusal", json()).is_string();
    for (const auto& c : message.value("tool_calls", json::array()))
      s.calls.emplace_back(c["function"]["name"], json::parse(c["function"]["arguments"].get<std::string>(), nullptr, false));
    s.reasoning_tokens = a["usage"].value("completion_tokens_details", json{{"reasoning_tokens", -1}})["reasoning_tokens"];
    s.stop = a["choices"][0]["finish_reason"];
  } else if (api == Api::messages) {
    for (const auto& b : a["content"]) {
      if (b["type"] == "text") add_text(b["text"]);
      if (b["type"] == "thinking") s.thinking = true;
      if (b["type"] == "tool_use") s.calls.emplace_back(b["name"], b["input"].is_object() ? b["input"] : json(json::value_t::discarded));
    }
    s.stop = a["stop_reason"];
    s.refusal = s.stop == "refusal";
  } else {
    for (const auto& item : a["output"]) {
      if (item["type"] == "function_call")
        s.calls.emplace_back(item["name"], json::parse(item["arguments"].get<std::string>(), nullptr, false));
      if (item["type"] == "message")
        for (const auto& part : item["content"]) {
          if (part["type"] == "output_text") add_text(part["text"]);
          if (part["type"] == "refusal") s.refusal = true;
        }
    }
    s.reasoning_tokens = a["usage"].value("output_tokens_details", json{{"reasoning_tokens", -1}})["reasoning_tokens"];
    s.stop = a["status"];
  }
  return s;
}

// The probe's answer, which must be a 200.
Seen answered(const fake::Server& server, const std::string& capability, Api api, const std::string& effort = "low",
              int tools = 1) {
  const Answer a = post(server, api, probe(capability, api, effort, tools));
  INFO(name_of(api) << " " << capability << ": " << a.body.dump());
  REQUIRE(a.status == 200);
  return seen(api, a.body);
}

std::vector<Api> apis_of(const std::string& capability) {
  if (capability == "json_schema") return {Api::chat, Api::responses};
  return {Api::chat, Api::messages, Api::responses};
}

const std::vector<std::string> kCapabilities = {"tools", "tool_choice", "parallel_tools", "json_schema", "vision", "reasoning"};

void check_works(const fake::Server& server, const std::string& capability, Api api) {
  INFO(name_of(api) << " " << capability);
  if (capability == "tools" || capability == "tool_choice") {
    const Seen s = answered(server, capability, api, "low", 2);  // forced by name or the first
    REQUIRE(s.calls.size() == 1);
    CHECK(s.calls[0].first == "get_weather");
    CHECK(s.calls[0].second["city"].is_string());
    CHECK(s.calls[0].second["unit"] == "celsius");
    CHECK(s.stop == (api == Api::chat ? "tool_calls" : api == Api::messages ? "tool_use" : "completed"));
  } else if (capability == "parallel_tools") {
    const Seen one = answered(server, capability, api);
    REQUIRE(one.calls.size() == 2);
    CHECK(one.calls[0].first == "get_weather");
    CHECK(one.calls[1].first == "get_weather");
    CHECK(one.calls[0].second != one.calls[1].second);
    const Seen two = answered(server, capability, api, "low", 2);
    REQUIRE(two.calls.size() == 2);
    CHECK(two.calls[0].first == "get_weather");
    CHECK(two.calls[1].first == "get_time");
  } else if (capability == "json_schema") {
    const Seen s = answered(server, capability, api);
    const json j = json::parse(s.text, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j.size() == 3);
    CHECK(j["colour"].is_string());
    CHECK(j["count"].is_number_integer());
    CHECK(j["shade"] == "dark");
  } else if (capability == "vision") {
    CHECK(answered(server, capability, api).text == "The number is 40712358.");
  } else if (api == Api::messages) {  // reasoning
    CHECK(answered(server, capability, api).thinking);
    const Seen off = answered(server, capability, api, "");
    CHECK_FALSE(off.thinking);
    CHECK(off.has_text);
  } else {
    const Seen low = answered(server, capability, api, "low"), high = answered(server, capability, api, "high");
    CHECK(low.reasoning_tokens == 48);
    CHECK(answered(server, capability, api, "medium").reasoning_tokens == 96);
    CHECK(high.reasoning_tokens == 192);
    CHECK(low.has_text);
  }
}

}  // namespace

TEST_CASE("fake capabilities: every capability works on each API it exists on, with no mode and in cap-all-works", "[fake-capabilities]") {
  for (const std::string scenario : {"cap-all-works", "three-apis"}) {
    INFO(scenario);
    fake::Server server(fake::scenario(scenario));
    for (const auto& capability : kCapabilities)
      for (Api api : apis_of(capability)) check_works(server, capability, api);
    CHECK(server.billable() > 0);
  }
}

TEST_CASE("fake capabilities: a request that probes nothing is answered as before, and counted as billable", "[fake-capabilities]") {
  fake::Server server(fake::scenario("cap-tools-refused-openai"));
  for (Api api : kApis) {
    INFO(name_of(api));
    json body = request(api);
    body["tools"] = json::array({tool(api, kWeather)});  // tools offered, nothing forced: no probe
    const Answer a = post(server, api, body);
    CHECK(a.status == 200);
    const Seen s = seen(api, a.body);
    CHECK(s.text == "ok");
    CHECK(s.calls.empty());
    CHECK(post(server, api, probe("tools", api)).status == 400);
  }
  CHECK(server.billable() == 6);
}

TEST_CASE("fake capabilities: each refusal in its software's words and shape, naming the parameter", "[fake-capabilities]") {
  SECTION("refused-openai: OpenAI's envelope on chat and responses, Anthropic's on messages") {
    fake::Server server(fake::scenario("cap-parallel_tools-refused-openai"));
    Answer a = post(server, Api::chat, probe("parallel_tools", Api::chat));
    CHECK(a.status == 400);
    CHECK(a.body == json::parse(R"({"error":{"message":"Unrecognized request argument supplied: parallel_tool_calls",
                                  "type":"invalid_request_error","param":"parallel_tool_calls","code":null}})"));
    a = post(server, Api::messages, probe("parallel_tools", Api::messages));
    CHECK(a.status == 400);
    CHECK(a.body["type"] == "error");
    CHECK(a.body["error"]["type"] == "invalid_request_error");
    CHECK(a.body["error"]["message"] == "tool_choice.disable_parallel_tool_use: Extra inputs are not permitted");
  }
  SECTION("refused-openai, each capability's own words") {
    for (const auto& [capability, api, message] :
         {std::tuple{"vision", Api::chat, "Invalid content type. image_url is only supported by certain models."},
          std::tuple{"json_schema", Api::chat,
                     "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."},
          std::tuple{"reasoning", Api::chat, "Unrecognized request argument supplied: reasoning_effort"},
          std::tuple{"reasoning", Api::responses, "Unsupported parameter: 'reasoning.effort' is not supported with this model."},
          std::tuple{"reasoning", Api::messages, "thinking: Extra inputs are not permitted"},
          std::tuple{"vision", Api::messages, "Image input is not supported"},
          std::tuple{"tools", Api::responses, "Unrecognized request argument supplied: tools"}}) {
      INFO(capability << " " << name_of(api));
      fake::Server server(fake::scenario(std::string("cap-") + capability + "-refused-openai"));
      const Answer a = post(server, api, probe(capability, api));
      CHECK(a.status == 400);
      CHECK(a.body["error"]["message"] == message);
    }
  }
  SECTION("refused-anthropic: Anthropic's shape on every route") {
    fake::Server server(fake::scenario("cap-reasoning-refused-anthropic"));
    for (Api api : kApis) {
      const Answer a = post(server, api, probe("reasoning", api));
      CHECK(a.status == 400);
      CHECK(a.body["type"] == "error");
      CHECK(a.body["error"]["message"].get<std::string>().ends_with(": Extra inputs are not permitted"));
    }
  }
  SECTION("refused-litellm, refused-vllm, refused-newapi, refused-ollama") {
    fake::Server litellm(fake::scenario("cap-json_schema-refused-litellm"));
    Answer a = post(litellm, Api::chat, probe("json_schema", Api::chat));
    CHECK(a.status == 400);
    CHECK(a.body["error"]["message"] ==
          "litellm.UnsupportedParamsError: openai does not support parameters: ['response_format'], for model=qwen-flash. "
          "To drop these, set `litellm.drop_params=True` or for proxy: `litellm_settings: drop_params: true`");
    CHECK(a.body["error"]["type"] == "None");
    CHECK(a.body["error"]["code"] == "400");
    fake::Server vllm(fake::scenario("cap-tool_choice-refused-vllm"));
    a = post(vllm, Api::chat, probe("tool_choice", Api::chat));
    CHECK(a.status == 400);
    CHECK(a.body == json::parse(R"({"object":"error","message":"\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400})"));
    fake::Server vllm_vision(fake::scenario("cap-vision-refused-vllm"));
    CHECK(post(vllm_vision, Api::messages, probe("vision", Api::messages)).body["message"] == "qwen-flash is not a multimodal model");
    fake::Server newapi(fake::scenario("cap-tools-refused-newapi"));
    for (Api api : kApis) {
      a = post(newapi, api, probe("tools", api));
      CHECK(a.status == 500);
      CHECK(a.body["error"]["code"] == "convert_request_failed");
      CHECK(a.body["error"]["type"] == "new_api_error");
    }
    fake::Server ollama(fake::scenario("cap-vision-refused-ollama"));
    a = post(ollama, Api::responses, probe("vision", Api::responses));
    CHECK(a.status == 400);
    CHECK(a.body == json{{"error", "registry.ollama.ai/library/qwen-flash:latest does not support images"}});
  }
}

TEST_CASE("fake capabilities: ignored answers as if the feature were never sent", "[fake-capabilities]") {
  for (const auto& capability : kCapabilities) {
    fake::Server server(fake::scenario("cap-" + capability + "-ignored"));
    for (Api api : apis_of(capability)) {
      INFO(name_of(api) << " " << capability);
      const Seen s = answered(server, capability, api, "high");
      CHECK(s.calls.empty());
      CHECK_FALSE(s.thinking);
      CHECK(s.has_text);
      if (capability == "json_schema") CHECK(s.text == "Sure! A colour I like is blue.");
      if (capability == "vision") CHECK(s.text == "I don't see an image in your message.");
      if (capability == "tools") CHECK(s.text == "Hello! How can I help you today?");
      if (capability == "tools" && api == Api::chat) CHECK(s.stop == "stop");
      if (capability == "reasoning" && api != Api::messages) {
        CHECK(s.reasoning_tokens == 0);
        CHECK(answered(server, capability, api, "low").reasoning_tokens == 0);
      }
    }
  }
}

TEST_CASE("fake capabilities: emulated writes the call, the JSON or the thinking as text", "[fake-capabilities]") {
  for (const auto& capability : kCapabilities) {
    if (capability == "vision") continue;
    fake::Server server(fake::scenario("cap-" + capability + "-emulated"));
    for (Api api : apis_of(capability)) {
      INFO(name_of(api) << " " << capability);
      const Seen s = answered(server, capability, api);
      CHECK(s.calls.empty());
      CHECK(s.reasoning_tokens <= 0);
      CHECK_FALSE(s.thinking);
      if (capability == "json_schema") {
        CHECK(s.text.find("```json\n{\"colour\":\"ok\",\"count\":1,\"shade\":\"dark\"}\n```") != std::string::npos);
        CHECK(json::parse(s.text, nullptr, false).is_discarded());
      } else if (capability == "reasoning") {
        CHECK(s.text.starts_with("<think>"));
        CHECK(s.text.find("</think>") != std::string::npos);
      } else {
        CHECK(s.text.starts_with(R"(<tool_call>{"name":"get_weather","arguments":{"city":"ok","unit":"celsius"}}</tool_call>)"));
        if (api == Api::chat) CHECK(s.stop == "stop");
      }
    }
  }
  fake::Server parallel(fake::scenario("cap-parallel_tools-emulated"));
  const Seen two = answered(parallel, "parallel_tools", Api::chat);
  CHECK(two.text.find("</tool_call>\n<tool_call>") != std::string::npos);
}

TEST_CASE("fake capabilities: partial, declines and empty", "[fake-capabilities]") {
  fake::Server partial(fake::scenario("cap-parallel_tools-partial"));
  for (Api api : kApis) {
    INFO(name_of(api));
    const Seen s = answered(partial, "parallel_tools", api, "low", 2);
    REQUIRE(s.calls.size() == 1);
    CHECK(s.calls[0].first == "get_weather");
  }
  for (const auto& capability : kCapabilities) {
    fake::Server declines(fake::scenario("cap-" + capability + "-declines"));
    fake::Server empty(fake::scenario("cap-" + capability + "-empty"));
    for (Api api : apis_of(capability)) {
      INFO(name_of(api) << " " << capability);
      const Answer a = post(declines, api, probe(capability, api));
      REQUIRE(a.status == 200);
      const Seen no = seen(api, a.body);
      CHECK(no.refusal);
      CHECK(no.calls.empty());
      if (api == Api::chat) CHECK(a.body["choices"][0]["message"]["content"].is_null());
      if (api == Api::chat) CHECK(a.body["choices"][0]["message"]["refusal"] == "I'm sorry, I can't help with that.");
      if (api == Api::messages) CHECK(no.text == "I'm sorry, I can't help with that.");
      const Seen nothing = answered(empty, capability, api);
      CHECK(nothing.text.empty());
      CHECK(nothing.calls.empty());
      CHECK_FALSE(nothing.refusal);
    }
  }
}

TEST_CASE("fake capabilities: the answers built to fool a lazy judge", "[fake-capabilities]") {
  SECTION("name-in-text, garbled, wrong-tool, number-in-refusal, wrong-number, misread") {
    fake::Server named(fake::scenario("cap-tool_choice-name-in-text")), garbled(fake::scenario("cap-tools-garbled")),
        wrong_tool(fake::scenario("cap-tools-wrong-tool")), refusal(fake::scenario("cap-vision-number-in-refusal")),
        wrong_number(fake::scenario("cap-vision-wrong-number")), misread(fake::scenario("cap-vision-misread"));
    for (Api api : kApis) {
      INFO(name_of(api));
      const Seen prose = answered(named, "tool_choice", api);
      CHECK(prose.calls.empty());
      CHECK(prose.text == "I would use get_weather to do that.");
      const Seen broken = answered(garbled, "tools", api);
      REQUIRE(broken.calls.size() == 1);
      CHECK(broken.calls[0].first == "get_weather");
      CHECK(broken.calls[0].second.is_discarded());
      const Seen other = answered(wrong_tool, "tools", api, "low", 2);
      REQUIRE(other.calls.size() == 1);
      CHECK(other.calls[0].first == "get_time");
      CHECK(answered(wrong_tool, "tools", api).calls[0].first != "get_weather");  // one tool: a name it never had
      const Answer a = post(refusal, api, probe("vision", api));
      CHECK(a.status == 400);
      CHECK(a.body["error"]["message"].get<std::string>().find("40712358") != std::string::npos);
      CHECK(a.body.contains("type") == (api == Api::messages));  // the API's own envelope
      CHECK(answered(wrong_number, "vision", api).text == "The number is 95267803.");
      CHECK(answered(misread, "vision", api).text == "The number is 40717358.");
    }
  }
  SECTION("key-in-prose") {
    fake::Server server(fake::scenario("cap-json_schema-key-in-prose"));
    for (Api api : apis_of("json_schema")) {
      const Seen s = answered(server, "json_schema", api);
      CHECK(s.text == "The colour I would pick is blue.");
      CHECK(json::parse(s.text, nullptr, false).is_discarded());
    }
  }
  SECTION("same-effort") {
    fake::Server server(fake::scenario("cap-reasoning-same-effort"));
    for (Api api : {Api::chat, Api::responses}) {
      const int low = answered(server, "reasoning", api, "low").reasoning_tokens;
      CHECK(low > 0);
      CHECK(answered(server, "reasoning", api, "high").reasoning_tokens == low);
    }
  }
}

TEST_CASE("fake capabilities: the vision probe's PNG read back, and nothing read from a broken one", "[fake-capabilities]") {
  CHECK(fake::read_digits(anlink::digit_png("40712358")) == "40712358");
  CHECK(fake::read_digits(anlink::digit_png("0123456789")) == "0123456789");
  CHECK(fake::read_digits(anlink::digit_png("7")) == "7");
  CHECK(fake::read_digits(anlink::digit_png("9999999999999999")) == "9999999999999999");
  const std::string png = anlink::digit_png("40712358");
  auto be32 = [](const std::string& p, std::size_t at) {
    std::size_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[at + i]);
    return v;
  };
  auto put32 = [](std::string& p, std::size_t at, std::size_t v) {
    for (std::size_t i = 0; i < 4; ++i) p[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  };
  auto with_crc = [&](std::string p, std::size_t chunk) {  // the CRC of the chunk at `chunk`, made good again
    const std::size_t length = be32(p, chunk);
    put32(p, chunk + 8 + length, ::crc32(0L, reinterpret_cast<const Bytef*>(p.data() + chunk + 4), static_cast<uInt>(length + 4)));
    return p;
  };
  auto ihdr = [&](std::size_t offset, const std::string& bytes) {  // IHDR's data starts at 16
    std::string p = png;
    p.replace(16 + offset, bytes.size(), bytes);
    return with_crc(p, 8);
  };
  CHECK(fake::read_digits(ihdr(0, std::string("\x00\x00\x10\x01", 4))) == std::nullopt);  // 4097 wide
  CHECK(fake::read_digits(ihdr(4, std::string("\x00\x00\x00\x00", 4))) == std::nullopt);  // 0 high
  CHECK(fake::read_digits(ihdr(8, std::string("\x08", 1))) == std::nullopt);              // 8-bit
  CHECK(fake::read_digits(ihdr(12, std::string("\x01", 1))) == std::nullopt);             // interlaced
  CHECK(fake::read_digits(ihdr(0, std::string("\x00\x00\x00\xF0", 4))) == std::nullopt);  // rows that do not fit the data
  std::string flipped = png;
  flipped[20] ^= 1;  // the height, its CRC left as it was
  CHECK(fake::read_digits(flipped) == std::nullopt);
  CHECK(fake::read_digits("") == std::nullopt);
  CHECK(fake::read_digits(png.substr(0, png.size() / 2)) == std::nullopt);
  CHECK(fake::read_digits(png.substr(0, 8)) == std::nullopt);
  CHECK(fake::read_digits(png.substr(0, png.size() - 12)) == std::nullopt);  // no IEND
  CHECK(fake::read_digits(std::string(5u << 20, 'x')) == std::nullopt);
  std::string huge_length = png;
  put32(huge_length, 8, 0xFFFFFFF0u);
  CHECK(fake::read_digits(huge_length) == std::nullopt);
  // One byte of the pixels changed, Adler-32 and CRC made good: the stored blocks hold the rows
  // as they are, 40 bytes each (a filter byte, then 306 pixels).
  const std::size_t idat = 8 + 12 + 13, raw = idat + 8 + 2 + 5, raw_size = be32(png, idat) - 2 - 5 - 4;
  auto drawn = [&](std::size_t y, std::size_t byte, char value) {
    std::string p = png;
    p[raw + y * 40 + 1 + byte] = value;
    put32(p, raw + raw_size, ::adler32(1L, reinterpret_cast<const Bytef*>(p.data() + raw), static_cast<uInt>(raw_size)));
    return with_crc(p, idat);
  };
  CHECK(fake::read_digits(drawn(0, 0, '\xFF')) == "40712358");  // unchanged: the rewriting is sound
  CHECK(fake::read_digits(drawn(0, 0, '\x7F')) == std::nullopt);  // a black pixel in the margin
  CHECK(fake::read_digits(drawn(12, 1, '\xF7')) == std::nullopt);  // one pixel of a font square
  std::string marked = png;
  marked[raw + 1] = '\x7F';
  CHECK(fake::read_digits(with_crc(marked, idat)) == std::nullopt);  // zlib's Adler-32 check
}

TEST_CASE("fake capabilities: an image it cannot read, a URL, a probe streamed", "[fake-capabilities]") {
  fake::Server server(fake::scenario("cap-all-works"));
  for (Api api : kApis) {
    INFO(name_of(api));
    CHECK(answered(server, "vision", api).text == "The number is 40712358.");
    Answer a = post(server, api, probe("vision", api, "low", 1, "not a png"));
    REQUIRE(a.status == 200);
    CHECK(seen(api, a.body).text == "I cannot make out any digits in this image.");
    json body = probe("vision", api);
    auto& content = body[api == Api::responses ? "input" : "messages"][0]["content"];
    if (api == Api::chat) content[1]["image_url"]["url"] = "https://example.com/number.png";
    if (api == Api::messages) content[1]["source"] = {{"type", "url"}, {"url", "https://example.com/number.png"}};
    if (api == Api::responses) content[1]["image_url"] = "https://example.com/number.png";
    CHECK(seen(api, post(server, api, body).body).text == "I cannot make out any digits in this image.");
  }
  json streamed = probe("tools", Api::chat);
  streamed["stream"] = true;
  httplib::Client client(server.origin());
  auto res = client.Post("/api/v1/chat/completions", {{"Authorization", std::string("Bearer ") + fake::kGoodKey}},
                         streamed.dump(), "application/json");
  REQUIRE(res);
  CHECK(res->body.find("data: [DONE]") != std::string::npos);  // the route's stream, as before
}

TEST_CASE("fake capabilities: the scenarios, a way that does not exist, tools an agent mode drops", "[fake-capabilities]") {
  const auto names = fake::scenario_names();
  for (const char* name : {"cap-all-works", "cap-tools-ignored", "cap-vision-refused-openai", "cap-parallel_tools-partial",
                           "cap-json_schema-key-in-prose", "cap-reasoning-same-effort", "cap-tools-wrong-tool"}) {
    INFO(name);
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
  }
  CHECK(std::find(names.begin(), names.end(), "cap-vision-emulated") == names.end());
  CHECK(std::find(names.begin(), names.end(), "cap-tools-partial") == names.end());
  std::size_t caps = 0;
  for (const auto& n : names) {
    if (!n.starts_with("cap-")) continue;
    ++caps;
    const fake::Config c = fake::scenario(n);
    CHECK(c.apis == "chat,messages,responses");
    CHECK(c.messages_auth == "both");
  }
  CHECK(caps == fake::capability_modes().size() + 1);
  CHECK(fake::scenario("cap-vision-refused-openai").capability == "vision:refused-openai");
  CHECK(fake::scenario("cap-parallel_tools-partial").capability == "parallel_tools:partial");

  fake::Config two = fake::scenario("three-apis");
  two.capability = "tools:ignored,vision:refused-openai";
  fake::Server server(two);
  CHECK(answered(server, "tools", Api::chat).text == "Hello! How can I help you today?");
  CHECK(post(server, Api::chat, probe("vision", Api::chat)).status == 400);
  CHECK(answered(server, "parallel_tools", Api::chat).calls.size() == 2);  // not named: works

  fake::Config wrong = fake::scenario("three-apis");
  wrong.capability = "vision:garbled";
  fake::Server bad(wrong);
  CHECK(post(bad, Api::chat, probe("vision", Api::chat)).status == 500);

  fake::Server dropped(fake::scenario("agent-tools-dropped"));
  const Answer a = post(dropped, Api::messages, probe("tools", Api::messages));
  CHECK(seen(Api::messages, a.body).calls.empty());
}

}  // namespace fake_capabilities_test
