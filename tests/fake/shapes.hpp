#pragma once
// Answers of real gateways, word for word as API-FACTS.md records them (Cloudflare, Portkey,
// LiteLLM, Gemini, One/New API, OpenRouter, OpenAI), that a scenario "shape-NAME" plays.
#include <string>
#include <utility>
#include <vector>

namespace fake {

struct Shape {
  std::string name;
  // front: every request, before the key is looked at; completion: chat requests with
  // messages that passed the key (streams too); plain: those that do not stream; stream:
  // streaming requests only.
  std::string where;
  int status;
  std::string content_type, body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string unless_header;  // front: a request carrying this header is served normally
};

const std::vector<Shape>& shapes();
const Shape* find_shape(const std::string& name);

}  // namespace fake
