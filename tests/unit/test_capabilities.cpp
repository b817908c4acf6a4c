// The capability judges on answers as each API writes them, including answers made to fool
// a lazy judge: the schema's key in prose, the tool's name in text, the number in a refusal.
#include <catch2/catch.hpp>

#include "api/api.hpp"
#include "capabilities/capability.hpp"
#include "capabilities/digit_image.hpp"

using namespace anlink;
using json = nlohmann::json;

namespace {

ProbeArgs args(const std::string& api) {
  return {*find_api(api), "m", "max_tokens", 0, {"abc12345", "407123"}};
}

Verdict judge(const std::string& cap, const std::string& api, std::vector<json> bodies) {
  std::vector<Answer> answers;
  for (const auto& b : bodies) answers.push_back(find_api(api)->read_answer(b));
  return find_capability(cap)->judge(args(api), answers).verdict;
}

json chat_text(const std::string& text, const std::string& finish = "stop") {
  return {{"choices", {{{"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", finish}}}}};
}

json chat_call(const std::string& name, const json& arguments, int n = 1) {
  json calls = json::array();
  for (int i = 0; i < n; ++i)
    calls.push_back({{"id", "c" + std::to_string(i)}, {"type", "function"}, {"function", {{"name", name}, {"arguments", arguments}}}});
  return {{"choices", {{{"message", {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}}}, {"finish_reason", "tool_calls"}}}}};
}

json messages_blocks(json blocks, const std::string& stop = "end_turn") {
  return {{"type", "message"}, {"content", blocks}, {"stop_reason", stop}};
}

json responses_items(json items) { return {{"object", "response"}, {"status", "completed"}, {"output", items}}; }

json chat_reasoning(int tokens) {
  json b = chat_text("no");
  b["usage"] = {{"completion_tokens", tokens + 2}, {"completion_tokens_details", {{"reasoning_tokens", tokens}}}};
  return b;
}

}  // namespace

TEST_CASE("capabilities: every row is a check, in the table's order, with its parts in every API it names") {
  REQUIRE(capability_table().size() == kCapabilityCount);
  CHECK(apis_with(Part::schema) == std::vector<std::string_view>{"chat", "responses"});  // Messages has none
  CHECK(apis_with(Part::tools).empty());  // all three
  for (const auto& cap : capability_table()) {
    for (const auto& api : api_table()) {
      if (!has_part(api, cap.part)) continue;
      INFO(cap.id << " on " << api.id);
      const auto bodies = cap.bodies(args(std::string(api.id)));
      REQUIRE(!bodies.empty());
      CHECK(!param_of(api, cap.part).empty());
      for (const auto& b : bodies) CHECK(!api.lint(b));  // each is a request the API's lint accepts
    }
  }
}

TEST_CASE("capabilities: the run's nonce is fresh, a name, and a 6-digit number") {
  const ProbeNonce a = fresh_nonce(), b = fresh_nonce();
  CHECK(a.word != b.word);
  CHECK(a.word.size() == 8);
  CHECK(std::isalpha(static_cast<unsigned char>(a.word[0])));
  CHECK(a.number.size() == 6);
  CHECK(a.number[0] != '0');
}

TEST_CASE("capabilities: the vision image is a PNG of the number, and nothing is said of the number in the request") {
  const std::string png = digit_png("407123");
  CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(png.find("IHDR") == 12);
  for (const auto& api : api_table()) {
    const auto body = find_capability("vision")->bodies(args(std::string(api.id))).front();
    CHECK(body.find("407123") == std::string::npos);
    CHECK(body.find(base64(png)) != std::string::npos);
  }
  CHECK(base64("ab") == "YWI=");
  CHECK(base64("abc") == "YWJj");
}

TEST_CASE("capabilities: tools, forced by name, judged from the call, never from words") {
  CHECK(judge("tools", "chat", {chat_call("record_abc12345", R"({"word":"blue"})")}) == Verdict::works);
  CHECK(judge("tools", "chat", {chat_call("record_abc12345", R"({"word": "bl)")}) == Verdict::ignored);  // garbled
  CHECK(judge("tools", "chat", {chat_call("other_tool", R"({"word":"blue"})")}) == Verdict::ignored);
  CHECK(judge("tools", "chat", {chat_text("Hello! How can I help?")}) == Verdict::ignored);
  CHECK(judge("tools", "chat", {chat_text("I will call record_abc12345 with word blue.")}) == Verdict::emulated);
  CHECK(judge("tools", "chat", {chat_text(R"(<tool_call>{"name":"x","arguments":{}}</tool_call>)")}) == Verdict::emulated);
  CHECK(judge("tools", "chat", {chat_text("")}) == Verdict::inconclusive);
  CHECK(judge("tools", "chat", {chat_text("I'm sorry, I can't help with that.")}) == Verdict::inconclusive);
  CHECK(judge("tools", "chat", {chat_text("I'm sorry, I have no tools to call.")}) == Verdict::ignored);
  json refused = chat_text("");
  refused["choices"][0]["message"]["content"] = nullptr;
  refused["choices"][0]["message"]["refusal"] = "I can't do that.";
  CHECK(judge("tools", "chat", {refused}) == Verdict::inconclusive);
  CHECK(judge("tools", "messages",
              {messages_blocks({{{"type", "tool_use"}, {"id", "t"}, {"name", "record_abc12345"}, {"input", {{"word", "b"}}}}},
                               "tool_use")}) == Verdict::works);
  CHECK(judge("tools", "messages", {messages_blocks({{{"type", "text"}, {"text", "record_abc12345(word=blue)"}}})}) ==
        Verdict::emulated);
  CHECK(judge("tools", "responses",
              {responses_items({{{"type", "function_call"}, {"name", "record_abc12345"}, {"arguments", R"({"word":"b"})"}}})}) ==
        Verdict::works);
  CHECK(judge("tools", "responses",
              {responses_items({{{"type", "message"}, {"content", {{{"type", "output_text"}, {"text", "Hi"}}}}}})}) ==
        Verdict::ignored);
}

TEST_CASE("capabilities: parallel calls, two distinct works, one (or one repeated) is partial, a garbled one fails") {
  json two = chat_call("record_abc12345", R"({"word":"red"})", 2);
  two["choices"][0]["message"]["tool_calls"][1]["function"]["arguments"] = R"({"word":"green"})";
  CHECK(judge("parallel_tools", "chat", {two}) == Verdict::works);
  CHECK(judge("parallel_tools", "chat", {chat_call("record_abc12345", R"({"word":"red"})", 2)}) == Verdict::partial);
  CHECK(judge("parallel_tools", "chat", {chat_call("record_abc12345", R"({"word":"red"})", 1)}) == Verdict::partial);
  two["choices"][0]["message"]["tool_calls"][1]["function"]["arguments"] = R"({"word":"gr)";
  CHECK(judge("parallel_tools", "chat", {two}) == Verdict::ignored);
  CHECK(judge("tool_choice", "chat", {chat_call("record_abc12345", R"({"part":"a"}{"part":"b"})")}) == Verdict::ignored);
  CHECK(judge("parallel_tools", "chat", {chat_text("red, green")}) == Verdict::ignored);
  CHECK(judge("tool_choice", "chat", {chat_call("record_abc12345", "{}")}) == Verdict::works);
  CHECK(judge("tool_choice", "chat", {chat_text("Hello!")}) == Verdict::ignored);
}

TEST_CASE("capabilities: arguments are judged as the API carries them, a string or an object") {
  CHECK(judge("tools", "chat", {chat_call("record_abc12345", json{{"word", "blue"}})}) == Verdict::ignored);
  CHECK(judge("tools", "messages",
              {messages_blocks({{{"type", "tool_use"}, {"id", "t"}, {"name", "record_abc12345"}, {"input", R"({"word":"b"})"}}},
                               "tool_use")}) == Verdict::ignored);
  CHECK(judge("tools", "responses",
              {responses_items({{{"type", "function_call"}, {"name", "record_abc12345"}, {"arguments", {{"word", "b"}}}}})}) ==
        Verdict::ignored);
}

TEST_CASE("capabilities: an answer cut at the token limit is no verdict on the gateway") {
  CHECK(judge("json_schema", "chat", {chat_text(R"({"k_abc12345": "cerul)", "length")}) == Verdict::inconclusive);
  json incomplete = responses_items({{{"type", "message"}, {"content", {{{"type", "output_text"}, {"text", "Sure, a col"}}}}}});
  incomplete["status"] = "incomplete";
  CHECK(judge("json_schema", "responses", {incomplete}) == Verdict::inconclusive);
  CHECK(judge("vision", "chat", {chat_text("<think>the digits look like 4 0", "length")}) == Verdict::inconclusive);
  CHECK(judge("vision", "messages", {messages_blocks({{{"type", "text"}, {"text", "I see 4 0 7"}}}, "max_tokens")}) ==
        Verdict::inconclusive);
}

TEST_CASE("capabilities: json_schema needs exactly the key the prompt never named") {
  CHECK(judge("json_schema", "chat", {chat_text(R"({"k_abc12345": "blue"})")}) == Verdict::works);
  CHECK(judge("json_schema", "chat", {chat_text(R"(The key k_abc12345 would hold blue.)")}) == Verdict::emulated);
  CHECK(judge("json_schema", "chat", {chat_text("```json\n{\"k_abc12345\": \"blue\"}\n```")}) == Verdict::emulated);
  CHECK(judge("json_schema", "chat", {chat_text(R"({"k_abc12345": "blue", "extra": 1})")}) == Verdict::emulated);
  CHECK(judge("json_schema", "chat", {chat_text(R"({"colour": "blue"})")}) == Verdict::ignored);
  CHECK(judge("json_schema", "chat", {chat_text("Blue.")}) == Verdict::ignored);
  CHECK(judge("json_schema", "chat", {chat_text("")}) == Verdict::inconclusive);
  CHECK(judge("json_schema", "responses",
              {responses_items({{{"type", "message"}, {"content", {{{"type", "output_text"}, {"text", R"({"k_abc12345":"x"})"}}}}}})}) ==
        Verdict::works);
  CHECK(judge("json_schema", "responses",
              {responses_items({{{"type", "message"}, {"content", {{{"type", "refusal"}, {"refusal", "No."}}}}}})}) ==
        Verdict::inconclusive);
}

TEST_CASE("capabilities: vision needs the image's own number, and a refusal never passes") {
  CHECK(judge("vision", "chat", {chat_text("407123")}) == Verdict::works);
  CHECK(judge("vision", "chat", {chat_text("The number is 407 123.")}) == Verdict::works);
  CHECK(judge("vision", "chat", {chat_text("The number is 407124.")}) == Verdict::inconclusive);  // one digit off
  CHECK(judge("vision", "chat", {chat_text("The number is 40712.")}) == Verdict::inconclusive);   // one dropped
  CHECK(judge("vision", "chat", {chat_text("The digits are: 4, 0, 7, 1, 2, 3.")}) == Verdict::works);
  CHECK(judge("vision", "chat", {chat_text("<think>is it 407123? no</think> I see no image.")}) == Verdict::ignored);
  CHECK(judge("vision", "chat", {chat_text("<think>hmm</think>407123")}) == Verdict::works);
  CHECK(judge("vision", "chat", {chat_text("The number is 918273.")}) == Verdict::ignored);
  CHECK(judge("vision", "chat", {chat_text("I don't see an image in your message.")}) == Verdict::ignored);
  CHECK(judge("vision", "chat", {chat_text("I'm sorry, I can't help with that.")}) == Verdict::inconclusive);
  CHECK(judge("vision", "chat", {chat_text("I'm sorry, I cannot read it, but 407123 is in your request.")}) ==
        Verdict::inconclusive);
  json refused = chat_text("407123");
  refused["choices"][0]["message"]["refusal"] = "407123";
  CHECK(judge("vision", "chat", {refused}) == Verdict::inconclusive);
  CHECK(judge("vision", "messages", {messages_blocks({{{"type", "text"}, {"text", "407123"}}}, "refusal")}) ==
        Verdict::inconclusive);
  CHECK(judge("vision", "messages", {messages_blocks({{{"type", "text"}, {"text", "407123"}}})}) == Verdict::works);
}

TEST_CASE("capabilities: reasoning compares the efforts' reasoning tokens, Messages its thinking") {
  CHECK(judge("reasoning", "chat", {chat_reasoning(40), chat_reasoning(200)}) == Verdict::works);
  CHECK(judge("reasoning", "chat", {chat_reasoning(0), chat_reasoning(0)}) == Verdict::ignored);
  CHECK(judge("reasoning", "chat", {chat_reasoning(120), chat_reasoning(120)}) == Verdict::ignored);
  CHECK(judge("reasoning", "chat", {chat_reasoning(200), chat_reasoning(40)}) == Verdict::inconclusive);
  CHECK(judge("reasoning", "chat", {chat_reasoning(211), chat_reasoning(215)}) == Verdict::inconclusive);  // noise
  json shown_low = chat_reasoning(0), shown_high = chat_reasoning(0);  // New API's 0, beside reasoning it shows
  shown_low["choices"][0]["message"]["reasoning_content"] = "391 = 17 x 23";
  shown_high["choices"][0]["message"]["reasoning_content"] = std::string(400, 'x');
  CHECK(judge("reasoning", "chat", {shown_low, shown_high}) == Verdict::works);
  CHECK(judge("reasoning", "chat", {chat_text("no"), chat_text("no")}) == Verdict::inconclusive);
  CHECK(judge("reasoning", "chat", {chat_text("no"), chat_text("<think>391 = 17 x 23</think> no")}) == Verdict::emulated);
  CHECK(judge("reasoning", "messages",
              {messages_blocks({{{"type", "thinking"}, {"thinking", "17 x 23"}, {"signature", "s"}}, {{"type", "text"}, {"text", "no"}}})}) ==
        Verdict::works);
  CHECK(judge("reasoning", "messages", {messages_blocks({{{"type", "text"}, {"text", "no"}}})}) == Verdict::ignored);
  CHECK(find_capability("reasoning")->bodies(args("messages")).size() == 1);
  CHECK(find_capability("reasoning")->bodies(args("chat")).size() == 2);
}
