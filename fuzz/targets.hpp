#pragma once
// The fuzz targets' bodies, shared by the libFuzzer programs (fuzz_main.cpp) and by the
// unit test that replays every corpus file in the ordinary build. Each takes arbitrary
// bytes, must never crash or throw anything unexpected, and checks a property of its own;
// a broken property aborts, which libFuzzer reports as a finding.
#include <string_view>
#include <vector>

namespace anlink::fuzz {

void classifier(std::string_view data);  // status + content type + body → classify()
void sse(std::string_view data);         // the SSE parser: same events however it is split
void catalog(std::string_view data);     // parse_catalog, then lookups and suggestions
void profile(std::string_view data);     // the profile-file reader: a profile or a named field
void redactor(std::string_view data);    // a key hidden in text in many forms: no run of it survives
void render(std::string_view data);      // a server's answer through classify, every renderer and
                                         // the redactor: no key run, no control character, valid
                                         // UTF-8, JSON that parses

struct Target {
  std::string_view name;
  void (*run)(std::string_view);
};
const std::vector<Target>& targets();

}  // namespace anlink::fuzz
