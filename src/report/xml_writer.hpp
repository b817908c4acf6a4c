#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace anlink {

// Builds XML through one escaping path: element names are ours, every attribute value and
// text goes through escape(). Elements close in order (an RAII Scope per element).
class XmlWriter {
 public:
  class Scope {
   public:
    Scope(XmlWriter& w, std::string_view name,
          std::vector<std::pair<std::string, std::string>> attributes = {});
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    XmlWriter& w_;
    std::string name_;
  };

  XmlWriter();
  void text(std::string_view s);  // escaped character data
  void empty(std::string_view name, std::vector<std::pair<std::string, std::string>> attributes = {});
  const std::string& str() const { return out_; }

  // Escapes markup characters (and quotes, in attribute values); control characters that
  // XML 1.0 forbids become U+FFFD.
  static std::string escape(std::string_view s, bool attribute = true);

 private:
  void open(std::string_view name, const std::vector<std::pair<std::string, std::string>>& attrs,
            bool self_closing);
  std::string out_;
  int depth_ = 0;
  bool inline_text_ = false;
};

}  // namespace anlink
