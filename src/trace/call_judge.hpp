#pragma once
// One call of the traced program, judged as `check` judges its own requests: the same
// classifier, categories and fixes, but on the program's request (its body linted, the
// parameter it sent) and its stream handling (read to [DONE], or closed early).
#include "core/finding.hpp"
#include "core/options.hpp"
#include "trace/relay.hpp"

namespace anlink {

// pass for a call that worked; fail with the category, summary and fixes otherwise.
Finding judge_call(const Call& call, const CheckOptions& opts);

// "POST /v1/chat/completions qwen-flash 200 312 ms, stream: [DONE], 12 chunks": one line.
std::string call_line(const Call& call, const Finding& verdict);

}  // namespace anlink
