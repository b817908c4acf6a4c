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

std::string clients_on_redirect(long status, const std::string& from, const std::string& to,
                                const std::string& key_header) {
  const bool cross = !to.empty() && !same_origin(from, to);
  // What a client that follows does with the key when the origin changes: fetch, httpx and
  // requests drop Authorization, and nothing else.
  const std::string key =
      !cross ? ""
      : text::lower(key_header) == "authorization"
          ? ", without the Authorization header (dropped when the origin changes), so the key does not go with it"
          : fmt::format(", the key with it in its {} header (only Authorization is dropped when the origin changes)",
                        key_header);
  if (status == 307 || status == 308)
    return fmt::format(
        "clients that follow redirects (fetch in the OpenAI Node SDK, the Vercel AI SDK and LangChain JS; the "
        "OpenAI Python SDK, whose httpx client follows them) send the same POST, body included, to the new "
        "address{}; curl without -L and a plain httpx or requests client that does not follow stop at it",
        key);
  if (status == 301 || status == 302 || status == 303)
    return fmt::format(
        "clients that follow redirects (fetch in the OpenAI Node SDK, the Vercel AI SDK and LangChain JS; the "
        "OpenAI Python SDK) send a {} again as a GET without its body{}, so the call fails at the new address; "
        "curl without -L stops at it",
        status, key);
  return fmt::format("clients do not follow a {} for a POST", status);
}

}  // namespace anlink
