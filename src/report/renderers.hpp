#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"

namespace anlink {

enum class Verbosity { quiet, normal, verbose };

struct RenderOptions {
  bool color = false;
  Verbosity verbosity = Verbosity::normal;
};

using RenderFn = std::string (*)(const Report&, const RenderOptions&);

struct RendererDef {
  std::string_view name;
  RenderFn render;
};

// One row per --format value.
const std::vector<RendererDef>& renderer_table();
const RendererDef* find_renderer(std::string_view name);

std::string render_text(const Report& report, const RenderOptions& opts);
std::string render_json(const Report& report, const RenderOptions& opts);
std::string render_junit(const Report& report, const RenderOptions& opts);
std::string render_markdown(const Report& report, const RenderOptions& opts);
std::string render_github(const Report& report, const RenderOptions& opts);
std::string render_html(const Report& report, const RenderOptions& opts);
std::string render_sarif(const Report& report, const RenderOptions& opts);

// The pieces of the text report, so a terminal can show each line as soon as it is known.
std::string text_header(const Target& target, const RenderOptions& opts);
std::string text_check(const CheckResult& result, const RenderOptions& opts);
std::string text_diagnosis(const Report& report, const RenderOptions& opts);

}  // namespace anlink
