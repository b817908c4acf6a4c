#include <catch2/catch.hpp>

#include "stream/sse.hpp"
#include "stream/stream_summary.hpp"
#include "checks/stream_delivery.hpp"

using namespace anlink;

namespace {

std::vector<SseEvent> parse_in_pieces(const std::string& text, std::size_t split) {
  SseParser p;
  auto out = p.feed(text.substr(0, split));
  for (auto& e : p.feed(text.substr(split))) out.push_back(e);
  if (auto last = p.finish()) out.push_back(*last);
  return out;
}

}  // namespace

TEST_CASE("sse parser gives the same events wherever the bytes are split, CRLF included") {
  const std::string text =
      ": OPENROUTER PROCESSING\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: note\ndata: x\ndata: y\n\n"
      "data: [DONE]\r\n\r\n";
  for (std::size_t split = 0; split <= text.size(); ++split) {
    INFO("split at " << split);
    auto events = parse_in_pieces(text, split);
    REQUIRE(events.size() == 3);
    CHECK(events[0].data == "{\"a\":1}");
    CHECK(events[1].event == "note");
    CHECK(events[1].data == "x\ny");  // multi-line data joined with \n
    CHECK(events[2].data == "[DONE]");
  }
}

TEST_CASE("sse parser skips comments and keep-alives") {
  SseParser p;
  CHECK(p.feed(": keep-alive\n\n:\n\n").empty());
  CHECK_FALSE(p.finish());
}

TEST_CASE("sse parser accepts bare CR line ends and data without a space") {
  SseParser p;
  auto events = p.feed("data:one\r\rdata: two\r\r");
  REQUIRE(events.size() == 2);
  CHECK(events[0].data == "one");
  CHECK(events[1].data == "two");
}

TEST_CASE("sse parser returns a last event not closed by a blank line at the end") {
  SseParser p;
  CHECK(p.feed("data: [DONE]").empty());
  auto last = p.finish();
  REQUIRE(last);
  CHECK(last->data == "[DONE]");
}

TEST_CASE("stream summary sees usage, [DONE] and the finish reason") {
  StreamSummary s;
  s.observe({"", R"({"choices":[{"delta":{"content":"ok"},"finish_reason":null}],"usage":null})"}, 5);
  s.observe({"", R"({"choices":[{"delta":{},"finish_reason":"length"}]})"}, 6);
  s.observe({"", R"({"choices":[],"usage":{"total_tokens":6}})"}, 7);
  s.observe({"", "[DONE]"}, 8);
  CHECK(s.done);
  CHECK(s.chunks == 3);
  CHECK(s.finish_reason == "length");
  REQUIRE(s.usage);
  CHECK((*s.usage)["total_tokens"] == 6);
  CHECK(s.first_chunk_ms == 5);
  CHECK_FALSE(s.error);
}

TEST_CASE("stream summary sees a bare error event and a finish_reason error chunk") {
  StreamSummary bare;
  bare.observe({"", R"({"error":{"message":"reset","code":"UPSTREAM_STREAM_INTERRUPTED"}})"}, 1);
  REQUIRE(bare.error);
  CHECK((*bare.error)["message"] == "reset");
  StreamSummary chunk;
  chunk.observe({"", R"({"choices":[{"delta":{},"finish_reason":"error"}],"error":{"code":502,"message":"x"}})"}, 1);
  REQUIRE(chunk.error);
  CHECK((*chunk.error)["code"] == 502);
  StreamSummary plain;
  plain.observe({"", R"({"choices":[{"delta":{},"finish_reason":"error"}]})"}, 1);
  CHECK(plain.error);
}

TEST_CASE("stream summary keeps the first data that is not JSON") {
  StreamSummary s;
  s.observe({"", "<html>"}, 1);
  CHECK(s.not_json == "<html>");
}

TEST_CASE("stream summary measures how the text was delivered: first token, pauses, bursts") {
  auto content = [](const std::string& text) {
    return SseEvent{"", R"({"choices":[{"delta":{"content":")" + text + R"("},"finish_reason":null}]})"};
  };
  StreamSummary paced;
  paced.observe({"", R"({"choices":[{"delta":{"role":"assistant","content":""},"finish_reason":null}]})"}, 100);
  for (int i = 0; i < 10; ++i) paced.observe(content(std::to_string(i)), 200 + 20.0 * i);
  CHECK(paced.first_chunk_ms == 100);     // the role chunk
  CHECK(paced.first_content_ms == 200);   // the first text
  CHECK(paced.content_chunks == 10);
  CHECK(paced.bursts == 10);
  CHECK(paced.largest_burst == 1);
  CHECK(paced.max_gap_ms == 20);
  StreamSummary held;
  for (int i = 0; i < 10; ++i) held.observe(content(std::to_string(i)), 900 + 0.1 * i);
  CHECK(held.bursts == 1);
  CHECK(held.largest_burst == 10);
}

TEST_CASE("stream delivery: a short answer is held back only when its text and its end came in one late read") {
  auto summary = [](double text_at, double end_at) {
    anlink::StreamSummary s;
    for (int i = 0; i < 4; ++i)
      s.observe({"", R"({"choices":[{"index":0,"delta":{"content":"w"},"finish_reason":null}]})"}, text_at + i * 0.01);
    s.observe({"", R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"}, end_at);
    s.observe({"", "[DONE]"}, end_at);
    return s;
  };
  anlink::HttpResponse res;
  res.status = 200;
  CHECK(anlink::buffered_finding(summary(1500, 1500.05), res));         // all at once, late: held back
  CHECK_FALSE(anlink::buffered_finding(summary(1500, 1900), res));      // a slow model flushing its first tokens
  CHECK_FALSE(anlink::buffered_finding(summary(40, 40.05), res));       // a fast server, all at once
}
