#pragma once
// Builds HTML (and the SVG inside it) through one escaping path: element and attribute names
// and the style sheet are compile-time literals of ours; every text and attribute value goes
// through escape() exactly once. Elements close in order (an RAII Scope per element). No
// attribute that loads or links anything (href, src, action, ...) can be written.
#include <string>
#include <string_view>
#include <vector>

namespace anlink {

// A string the program itself spells out: only a literal converts to it.
struct Literal {
  consteval Literal(const char* s) : text(s) {}  // NOLINT: implicit on purpose
  std::string_view text;
};

class HtmlWriter {
 public:
  struct Attribute {
    Literal name;
    std::string value;
  };
  using Attributes = std::vector<Attribute>;

  class Scope {
   public:
    Scope(HtmlWriter& w, Literal name, const Attributes& attributes = {});
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    HtmlWriter& w_;
    Literal name_;
  };

  void text(std::string_view s);                                     // escaped character data
  void element(Literal name, std::string_view text, const Attributes& attributes = {});
  void empty(Literal name, const Attributes& attributes = {});      // <meta>, <rect ... />
  void literal(Literal markup) { out_ += markup.text; }              // ours: the style sheet
  const std::string& str() const { return out_; }

  // &, <, >, " and ' as character references: inert in text and in quoted attributes.
  static std::string escape(std::string_view s);

 private:
  void open(Literal name, const Attributes& attributes);
  std::string out_;
};

}  // namespace anlink
