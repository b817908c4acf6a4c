#pragma once
// What the user's clients do with a redirected POST, by status: the doctor never follows
// one, but its words must say what a real client would experience.
#include <string>

namespace anlink {

// "clients that follow redirects ... send a 301 again as a GET without its body ...": a clause
// for `status`; `from` and `to` are the request's URL and the Location (may be empty);
// `key_header` the header the selected profile sends the key in.
std::string clients_on_redirect(long status, const std::string& from, const std::string& to,
                                const std::string& key_header);

}  // namespace anlink
