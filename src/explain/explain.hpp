#pragma once
// `anlink-doctor explain`: what a category, an HTTP status, a platform code or a saved
// failed response means, offline, from the same tables the checks use.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"

namespace anlink {

struct Explanation {
  std::string topic;  // what was asked, as the heading shows it
  std::optional<Category> category;
  std::vector<std::string> notes;  // specific to the status or code, before the category's text
  long http_status = 0;
  PlatformError error;  // for a saved response
  std::string request_id;
};

// nullopt when the topic is neither a category id, an HTTP status nor a known code.
std::optional<Explanation> explain_topic(std::string_view topic);
Explanation explain_response(long status, const std::string& body);

// Words the topic may be: for "did you mean".
std::vector<std::string> explain_vocabulary();

std::string render_explanation_text(const Explanation& e);
std::string render_explanation_json(const Explanation& e);

}  // namespace anlink
