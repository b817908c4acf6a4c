#include "report/xml_writer.hpp"

namespace anlink {

XmlWriter::XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

std::string XmlWriter::escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\'': out += attribute ? "&apos;" : "'"; break;
      case '\n': case '\t': case '\r': out += static_cast<char>(c); break;
      default:
        if (c < 0x20) out += "\xEF\xBF\xBD";  // not allowed in XML 1.0: U+FFFD
        else out += static_cast<char>(c);
    }
  }
  return out;
}

void XmlWriter::open(std::string_view name,
                     const std::vector<std::pair<std::string, std::string>>& attrs,
                     bool self_closing) {
  out_ += std::string(static_cast<std::size_t>(depth_) * 2, ' ') + "<" + std::string(name);
  for (const auto& [k, v] : attrs) out_ += " " + k + "=\"" + escape(v) + "\"";
  out_ += self_closing ? "/>\n" : ">";
}

XmlWriter::Scope::Scope(XmlWriter& w, std::string_view name,
                        std::vector<std::pair<std::string, std::string>> attributes)
    : w_(w), name_(name) {
  if (w_.inline_text_) {
    w_.out_ += "\n";
    w_.inline_text_ = false;
  }
  w_.open(name, attributes, false);
  w_.out_ += "\n";
  ++w_.depth_;
}

XmlWriter::Scope::~Scope() {
  --w_.depth_;
  if (w_.inline_text_) {
    w_.out_ += "\n";
    w_.inline_text_ = false;
  }
  w_.out_ += std::string(static_cast<std::size_t>(w_.depth_) * 2, ' ') + "</" + name_ + ">\n";
}

void XmlWriter::text(std::string_view s) {
  out_ += escape(s, false);
  inline_text_ = true;
}

void XmlWriter::empty(std::string_view name,
                      std::vector<std::pair<std::string, std::string>> attributes) {
  open(name, attributes, true);
}

}  // namespace anlink
