#pragma once
#include "report/report.hpp"

namespace anlink {

// Every string of the report as text::printable makes it (valid UTF-8, no control or bidi
// characters, one line where a line is meant), so that no renderer can be handed bytes a
// server chose to break a terminal, an XML parser or a CI log. Called once, before rendering.
void make_printable(Report& report);
void make_printable(CheckResult& result);  // one check, for the live text view

}  // namespace anlink
