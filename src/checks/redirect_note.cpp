#include "checks/redirect_note.hpp"

#include <fmt/format.h>

#include "http/url.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

bool same_origin(const std::string& from, const std::string& to) {
  auto a = parse_url(from), b = parse_url(to);
  auto port = [](const Url& u) { return !u.port.empty() ? u.port : u.scheme == "https" ? "443" : "80"; };
  return a && b && a->scheme == b->scheme && text::lower(a->host) == text::lower(b->host) && port(*a) == port(*b);
}

}  // namespace

std::string clients_on_redirect(long status, const std::string& from, const std::string& to) {
  if (status == 307 || status == 308) {
    const bool cross = !to.empty() && !same_origin(from, to);
    return fmt::format(
        "clients built on fetch (the OpenAI Node SDK, the Vercel AI SDK, "
        "LangChain JS) follow it and send the same POST, body included, to the new address{}; "
        "curl without -L and Python's httpx without follow_redirects stop at it",
        cross ? ", without the Authorization header, which fetch drops when the host changes (a key "
                "sent in another header goes with it)"
              : "");
  }
  if (status == 301 || status == 302 || status == 303)
    return fmt::format(
        "clients that follow redirects (fetch in the OpenAI Node SDK, the Vercel AI SDK and LangChain "
        "JS; Python's requests and httpx) send a {} again as a GET without its body, so the call "
        "fails at the new address; curl without -L stops at it",
        status);
  return fmt::format("clients do not follow a {} for a POST", status);
}

}  // namespace anlink
