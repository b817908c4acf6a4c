#include "report/renderers.hpp"

namespace anlink {

const std::vector<RendererDef>& renderer_table() {
  static const std::vector<RendererDef> table = {
      {"text", render_text},
      {"json", render_json},
      {"junit", render_junit},
      {"markdown", render_markdown},
      {"github", render_github},
      {"html", render_html},
      {"sarif", render_sarif},
  };
  return table;
}

const RendererDef* find_renderer(std::string_view name) {
  for (const auto& r : renderer_table())
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace anlink
