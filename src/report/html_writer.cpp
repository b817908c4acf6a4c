#include "report/html_writer.hpp"

#include <array>
#include <stdexcept>

namespace anlink {

namespace {

// Attributes that make a browser fetch, navigate or run something: never written, whatever
// their value (a server's URL is shown as text, never linked).
bool loads_or_links(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data",
      "background", "ping", "style"};
  for (auto n : kNames)
    if (name == n) return true;
  return name.size() > 2 && name.substr(0, 2) == "on";  // event handlers
}

}  // namespace

std::string HtmlWriter::escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

void HtmlWriter::open(Literal name, const Attributes& attributes) {
  for (const auto& a : attributes)
    if (loads_or_links(a.name.text)) throw std::logic_error("html: a loading or linking attribute");
  out_ += '<';
  out_ += name.text;
  for (const auto& [key, value] : attributes) {
    out_ += ' ';
    out_ += key.text;
    out_ += "=\"";
    out_ += escape(value);
    out_ += '"';
  }
}

HtmlWriter::Scope::Scope(HtmlWriter& w, Literal name, const Attributes& attributes) : w_(w), name_(name) {
  w_.open(name, attributes);
  w_.out_ += '>';
}

HtmlWriter::Scope::~Scope() {
  w_.out_ += "</";
  w_.out_ += name_.text;
  w_.out_ += ">\n";
}

void HtmlWriter::text(std::string_view s) { out_ += escape(s); }

void HtmlWriter::element(Literal name, std::string_view text, const Attributes& attributes) {
  open(name, attributes);
  out_ += '>';
  out_ += escape(text);
  out_ += "</";
  out_ += name.text;
  out_ += ">\n";
}

void HtmlWriter::empty(Literal name, const Attributes& attributes) {
  open(name, attributes);
  out_ += "/>\n";
}

}  // namespace anlink
