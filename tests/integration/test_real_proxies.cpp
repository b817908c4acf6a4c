// Real proxies between the doctor and the fake gateway (Debian's squid, tinyproxy, Dante,
// mitmproxy), each started here on 127.0.0.1 with a generated config: the doctor names the
// proxy's own part (its answer, its rules, its credentials, its protocol, its TLS) instead of
// blaming the gateway or the base URL.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/certs.hpp"
#include "support/doctor.hpp"
#include "support/proxies.hpp"

using namespace support;

namespace {

nlohmann::json base_url_check(const Run& run) {
  INFO(run.out << run.err);
  auto check = check_of(run.json(), "base_url");
  REQUIRE(check.is_object());
  return check;
}

std::string summary(const nlohmann::json& check) { return check["summary"].get<std::string>(); }

bool any_fix_contains(const nlohmann::json& check, const std::string& needle) {
  return any_contains(check["fixes"], needle);
}

fake::TlsFiles good_tls() { return fake::TlsFiles{certs().good_cert, certs().good_key}; }

}  // namespace

TEST_CASE("squid's own 403 page for an http:// gateway is the proxy's refusal, not a wrong base URL") {
  fake::Server server(fake::scenario("healthy"));
  Squid squid("acl gateway port " + std::to_string(server.port()) + "\nhttp_access deny gateway");
  auto env = key_env();
  env["http_proxy"] = squid.url();
  auto check = base_url_check(check_json(server.base_url(), {}, env));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("X-Squid-Error: ERR_ACCESS_DENIED") != std::string::npos);
  CHECK(summary(check).find("refused the request itself") != std::string::npos);
  CHECK(summary(check).find("(from http_proxy)") != std::string::npos);
  CHECK_FALSE(check["evidence"].contains("suggested_base_url"));
  CHECK_FALSE(any_fix_contains(check, "base URL"));
  CHECK(any_fix_contains(check, "http_access"));
  CHECK(server.received().size() <= 1);  // only the doctor's direct try: squid passed nothing on
}

TEST_CASE("tinyproxy's own 500 page (it cannot connect) names the proxy and the address it could not reach") {
  const int closed = fake::closed_port();
  Tinyproxy tinyproxy;
  auto env = key_env();
  env["http_proxy"] = tinyproxy.url();
  auto check = base_url_check(check_json("http://127.0.0.1:" + std::to_string(closed) + "/api/v1", {}, env));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("Server: tinyproxy") != std::string::npos);
  CHECK(summary(check).find("could not connect to 127.0.0.1:" + std::to_string(closed)) != std::string::npos);
  CHECK_FALSE(any_fix_contains(check, "gateway's logs"));
}

TEST_CASE("mitmproxy's 502 \"Certificate verify failed\" is the proxy refusing the gateway's certificate, not an upstream failure") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  Mitmdump mitm;  // trusts only public CAs: the test CA's certificate fails there
  auto env = key_env();
  env["HTTPS_PROXY"] = mitm.url();
  Run run = check_json(server.base_url(), {"--cacert", mitm.ca()}, env);
  auto check = base_url_check(run);
  INFO(check.dump(2));
  CHECK(run.exit_code == 1);
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("mitmproxy") != std::string::npos);
  CHECK(summary(check).find("could not verify the certificate of 127.0.0.1:" + std::to_string(server.port())) !=
        std::string::npos);
  CHECK(any_fix_contains(check, "ssl_verify_upstream_trusted_ca"));
  CHECK_FALSE(any_fix_contains(check, "gateway's logs"));
  CHECK(run.json()["diagnosis"]["category"] == "NETWORK");
}

TEST_CASE("mitmproxy intercepting TLS: the certificate's issuer is named, and the CA fixes for the doctor and for clients") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  Mitmdump mitm({"ssl_verify_upstream_trusted_ca=" + certs().ca});
  auto env = key_env();
  env["HTTPS_PROXY"] = mitm.url();
  auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(check["evidence"]["transport_error"] == "tls_untrusted");
  CHECK(summary(check).find("issued by \"CN = mitmproxy, O = mitmproxy\"") != std::string::npos);
  CHECK(summary(check).find("re-signs the traffic") != std::string::npos);
  CHECK(check["evidence"]["certificate"]["issuer"] == "CN = mitmproxy, O = mitmproxy");
  CHECK(any_fix_contains(check, "--cacert"));
  CHECK(any_fix_contains(check, "NODE_EXTRA_CA_CERTS"));
  CHECK(any_fix_contains(check, "SSL_CERT_FILE"));
  CHECK(any_fix_contains(check, "REQUESTS_CA_BUNDLE"));
}

TEST_CASE("HTTPS_PROXY=https:// at squid's plain port is the proxy URL's scheme, not the gateway's TLS") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  Squid squid;
  auto env = key_env();
  env["HTTPS_PROXY"] = "https://127.0.0.1:" + std::to_string(squid.port());
  auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("speaks plain HTTP") != std::string::npos);
  CHECK(any_fix_contains(check, "HTTPS_PROXY=http://127.0.0.1:" + std::to_string(squid.port())));
  CHECK_FALSE(check["evidence"].contains("suggested_base_url"));  // the base URL is right
  CHECK(check["commands"].empty());
}

TEST_CASE("a CONNECT refused with 403 names the port: squid and tinyproxy allow 443 only") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  const std::string port = std::to_string(server.port());
  for (int which = 0; which < 2; ++which) {
    std::unique_ptr<Squid> squid;
    std::unique_ptr<Tinyproxy> tinyproxy;
    std::string url;
    if (which == 0) url = (squid = std::make_unique<Squid>())->url();
    else url = (tinyproxy = std::make_unique<Tinyproxy>("ConnectPort 443"))->url();
    auto env = key_env();
    env["HTTPS_PROXY"] = url;
    auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
    INFO(check.dump(2));
    CHECK(check["category"] == "NETWORK");
    CHECK(summary(check).find("CONNECT answered HTTP 403") != std::string::npos);
    CHECK(summary(check).find("port 443 only, and this is port " + port) != std::string::npos);
    CHECK(summary(check).find(which == 0 ? "squid" : "tinyproxy") != std::string::npos);
    CHECK(any_fix_contains(check, "SSL_ports port " + port));
    CHECK(any_fix_contains(check, "ConnectPort " + port));
  }
}

TEST_CASE("tinyproxy's 407 when the proxy URL carries credentials says they were refused") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  Tinyproxy tinyproxy("BasicAuth doctor right-password");
  const std::string hostport = "127.0.0.1:" + std::to_string(tinyproxy.port());
  SECTION("wrong credentials") {
    auto env = key_env();
    env["HTTPS_PROXY"] = "http://doctor:wrong-pass-9q7@" + hostport;
    Run run = check_json(server.base_url(), {"--cacert", certs().ca}, env);
    auto check = base_url_check(run);
    INFO(check.dump(2));
    CHECK(summary(check).find("refused the credentials in HTTPS_PROXY (HTTP 40") != std::string::npos);
    CHECK_FALSE(any_fix_contains(check, "Put the proxy's credentials"));
    CHECK(run.out.find("wrong-pass-9q7") == std::string::npos);
    CHECK(run.err.find("wrong-pass-9q7") == std::string::npos);
  }
  SECTION("no credentials") {
    auto env = key_env();
    env["HTTPS_PROXY"] = "http://" + hostport;
    auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
    INFO(check.dump(2));
    CHECK(summary(check).find("carries no credentials") != std::string::npos);
    CHECK(any_fix_contains(check, "http://user:password@host:port"));
  }
}

TEST_CASE("Dante: credentials wanted, credentials refused, a ruleset refusal and wrong schemes are each named") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  auto run_with = [&](const std::string& proxy) {
    auto env = key_env();
    env["HTTPS_PROXY"] = proxy;
    Run run = check_json(server.base_url(), {"--cacert", certs().ca}, env);
    CHECK(run.out.find("zq7-not-it-71") == std::string::npos);
    return base_url_check(run);
  };
  SECTION("username method, none given; then wrong ones") {
    Dante dante("username", "127.0.0.1/32");
    auto none = run_with("socks5h://" + dante.address());
    INFO(none.dump(2));
    CHECK(summary(none).find("wants a user name and password") != std::string::npos);
    CHECK(any_fix_contains(none, "socks5h://user:password@" + dante.address()));
    auto wrong = run_with("socks5h://nobody-here:zq7-not-it-71@" + dante.address());
    INFO(wrong.dump(2));
    CHECK(summary(wrong).find("refused the user name and password") != std::string::npos);
  }
  SECTION("a ruleset that lets only port 443 through: reply 2") {
    Dante dante("none", "127.0.0.1/32 port = 443");
    auto check = run_with("socks5h://" + dante.address());
    INFO(check.dump(2));
    CHECK(summary(check).find("by its rules (SOCKS5 reply 2") != std::string::npos);
    CHECK(summary(check).find("127.0.0.1:" + std::to_string(server.port())) != std::string::npos);
    CHECK(any_fix_contains(check, "socks pass"));
  }
  SECTION("the SOCKS port given as an http:// proxy") {
    Dante dante("none", "127.0.0.1/32");
    auto check = run_with("http://" + dante.address());
    INFO(check.dump(2));
    CHECK(summary(check).find("is a SOCKS5 proxy, but HTTPS_PROXY says http://") != std::string::npos);
    CHECK(any_fix_contains(check, "HTTPS_PROXY=socks5h://" + dante.address()));
  }
  SECTION("squid's HTTP port given as socks5h://") {
    Squid squid;
    auto check = run_with("socks5h://127.0.0.1:" + std::to_string(squid.port()));
    INFO(check.dump(2));
    CHECK(summary(check).find("is an HTTP proxy") != std::string::npos);
    CHECK(any_fix_contains(check, "HTTPS_PROXY=http://127.0.0.1:" + std::to_string(squid.port())));
  }
}

TEST_CASE("a stream held back by mitmproxy names the proxy and its own fix, not nginx, streaming on, it passes") {
  fake::Server server(fake::scenario("stream-paced"), good_tls());
  const std::string trust = "ssl_verify_upstream_trusted_ca=" + certs().ca;
  SECTION("mitmproxy's default: whole answers") {
    Mitmdump mitm({trust});
    auto env = key_env();
    env["HTTPS_PROXY"] = mitm.url();
    Run run = check_json(server.base_url(), {"--cacert", mitm.ca()}, env);
    INFO(run.out << run.err);
    auto stream = check_of(run.json(), "stream");
    INFO(stream.dump(2));
    CHECK(stream["category"] == "STREAM_BUFFERED");
    CHECK(stream["evidence"]["buffered_by"].get<std::string>().find("the proxy " + mitm.url() + " (from HTTPS_PROXY)") == 0);
    CHECK(summary(stream).find("mitmproxy") != std::string::npos);
    CHECK(any_fix_contains(stream, "stream_large_bodies"));
    CHECK_FALSE(any_fix_contains(stream, "nginx"));
  }
  SECTION("--set stream_large_bodies=1") {
    Mitmdump mitm({trust, "stream_large_bodies=1"});
    auto env = key_env();
    env["HTTPS_PROXY"] = mitm.url();
    Run run = check_json(server.base_url(), {"--cacert", mitm.ca()}, env);
    auto stream = check_of(run.json(), "stream");
    INFO(stream.dump(2));
    CHECK(run.exit_code == 0);
    CHECK(stream["status"] == "pass");
    // The doctor trusts mitmproxy's CA (--cacert): Node, with its own CA list, would not.
    auto check = base_url_check(run);
    INFO(check.dump(2));
    CHECK(check["status"] == "warn");
    CHECK(summary(check).find("re-signed on the path by \"CN = mitmproxy, O = mitmproxy\"") != std::string::npos);
    CHECK(any_fix_contains(check, "NODE_EXTRA_CA_CERTS"));
  }
}

TEST_CASE("hold through squid with a 2 s read_timeout: the cut, a little after its value, is named an idle timeout of the proxy") {
  // A long answer silent for 6 s: Squid's timer (2 s, firing up to a second late) cuts it
  // there, and not the short stream before it, whose pauses stay under 2 s on a loaded machine.
  fake::Server server(fake::scenario("stream-long-stall"));
  Squid squid("read_timeout 2 seconds");
  auto env = key_env();
  env["http_proxy"] = squid.url();
  Run run = check_json(server.base_url(), {"--hold", "9"}, env);
  INFO(run.out << run.err);
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["category"] == "UPSTREAM_STREAM_INTERRUPTED");
  CHECK(summary(stream).find("idle (read) timeout of about") != std::string::npos);
  CHECK(summary(stream).find("in the proxy " + squid.url() + " (from http_proxy)") != std::string::npos);
  CHECK(summary(stream).find("read_timeout") != std::string::npos);
  const long limit = stream["evidence"]["hold"]["limit_s"].get<long>();
  CHECK((limit >= 2 && limit <= 4));  // Squid fires up to a second late, more under load
  CHECK(any_fix_contains(stream, "read_timeout"));
  CHECK_FALSE(any_fix_contains(stream, "nginx"));
}

namespace {

// The OpenAI Node SDK from the cache install-deps.sh fills, or "" when it is not there.
std::string node_sdk() {
  const char* cache = std::getenv("ANLINK_NODE_CACHE");
  const char* home = std::getenv("HOME");
  const std::string dir = cache ? cache : std::string(home ? home : "/root") + "/.cache/anlink-doctor/node";
  return std::filesystem::exists(dir + "/node_modules/openai") ? dir + "/node_modules/openai" : "";
}

}  // namespace

TEST_CASE("a gateway reached only through the proxy: the doctor passes through it and warns that Node's fetch goes direct (and the SDK fails)") {
  fake::Server server(fake::scenario("healthy"));
  // Squid sends every request to the fake gateway, whatever address it names: the base URL's
  // own address refuses connections, as a host reachable only through a proxy would.
  Squid squid("cache_peer 127.0.0.1 parent " + std::to_string(server.port()) +
              " 0 no-query originserver login=PASSTHRU name=gateway\nnever_direct allow all");
  const std::string base = "http://127.0.0.1:" + std::to_string(fake::closed_port()) + "/api/v1";
  auto env = key_env();
  env["http_proxy"] = squid.url();
  Run run = check_json(base, {}, env);
  INFO(run.out << run.err);
  auto check = base_url_check(run);
  INFO(check.dump(2));
  CHECK(run.exit_code == 0);  // a warning: the doctor's own requests work
  CHECK(check["status"] == "warn");
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("through the proxy " + squid.url() + " (from http_proxy), but not directly") !=
        std::string::npos);
  CHECK(summary(check).find("Node") != std::string::npos);
  CHECK(any_fix_contains(check, "NODE_USE_ENV_PROXY=1"));
  CHECK(any_fix_contains(check, "EnvHttpProxyAgent"));
  CHECK(any_fix_contains(check, "httpx"));
  CHECK(check["evidence"]["direct"]["transport_error"] == "connection_refused");
  CHECK_FALSE(check["evidence"]["direct"].contains("proxy"));
  CHECK(check_of(run.json(), "probe")["status"] == "pass");

  const std::string sdk = node_sdk();
  if (sdk.empty()) {
    WARN("the OpenAI Node SDK is not installed (scripts/install-deps.sh test): its part was not run");
    return;
  }
  TempDir dir;
  const std::string script = dir.write(
      "app.cjs", "const OpenAI = require(" + nlohmann::json(sdk).dump() + ");\n"
                 "new OpenAI({ apiKey: process.env.ANLINKAI_API_KEY, baseURL: process.argv[2], maxRetries: 0 })\n"
                 "  .chat.completions.create({ model: 'qwen-flash', messages: [{ role: 'user', content: 'hi' }] })\n"
                 "  .then(() => console.log('ok'), (e) => console.log('failed: ' + e.message));\n");
  Run app = run_shell("node " + script + " " + base, env);
  INFO(app.out << app.err);
  CHECK(app.out.find("failed: Connection error.") != std::string::npos);  // the SDK went direct
}

TEST_CASE("squid as a reverse proxy in front of the gateway: its refusal and its dead upstream are named as the front's") {
  SECTION("its ACL refuses the API's path: ACCESS_BLOCKED, not NOT_FOUND") {
    fake::Server server(fake::scenario("healthy"));
    SquidFront squid(server.port(), "acl api urlpath_regex ^/api\nhttp_access deny api");
    auto check = base_url_check(check_json(squid.url() + "/api/v1"));
    INFO(check.dump(2));
    CHECK(check["category"] == "ACCESS_BLOCKED");
    CHECK(summary(check).find("in front of the gateway (X-Squid-Error: ERR_ACCESS_DENIED") != std::string::npos);
    CHECK_FALSE(check["evidence"].contains("suggested_base_url"));
  }
  SECTION("its upstream is down: UPSTREAM_FAILURE naming the front, not the gateway's logs") {
    SquidFront squid(fake::closed_port());
    auto check = base_url_check(check_json(squid.url() + "/api/v1"));
    INFO(check.dump(2));
    CHECK(check["category"] == "UPSTREAM_FAILURE");
    CHECK(summary(check).find("squid") != std::string::npos);
    CHECK(summary(check).find("could not reach its upstream") != std::string::npos);
    CHECK_FALSE(any_fix_contains(check, "gateway's logs"));
  }
}

TEST_CASE("TLS re-signed on the path with no proxy variable (mitmproxy as a transparent stand-in): the interceptor's CA is named") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  Mitmdump mitm({"mode=reverse:" + server.origin(), "ssl_verify_upstream_trusted_ca=" + certs().ca});
  auto check = base_url_check(check_json("https://" + mitm.address() + "/api/v1", {"--cacert", certs().ca}));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("issued by \"CN = mitmproxy, O = mitmproxy\"") != std::string::npos);
  CHECK(summary(check).find("re-signs the traffic (TLS interception)") != std::string::npos);
  CHECK(summary(check).find("unless") == std::string::npos);  // a known interceptor's CA
  CHECK(any_fix_contains(check, "does not sign it"));  // --cacert was given: a different CA is needed
  CHECK(any_fix_contains(check, "NODE_EXTRA_CA_CERTS"));
}

TEST_CASE("squid with basic authentication: a 407 to http:// and to CONNECT says the credentials in the variable were refused") {
  fake::Server plain(fake::scenario("healthy"));
  fake::Server tls(fake::scenario("healthy"), good_tls());
  TempDir auth;  // read by squid's helper, which runs as squid's own user
  std::filesystem::permissions(auth.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                                std::filesystem::perms::others_exec);
  const std::string passwd = auth.path() + "/htpasswd";
  REQUIRE(std::system(("printf 'doctor:%s\\n' \"$(openssl passwd -apr1 right-pw-4k)\" > " + passwd).c_str()) == 0);
  std::filesystem::permissions(passwd, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                           std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  Squid squid("auth_param basic program " + installed_program("basic_ncsa_auth", "squid") + " " + passwd +
              "\nacl authed proxy_auth REQUIRED\nhttp_access deny !authed\nacl SSL_ports port " +
              std::to_string(tls.port()));
  const std::string wrong = "http://doctor:wrong-pw-4k@127.0.0.1:" + std::to_string(squid.port());
  for (const auto& [variable, base] : {std::pair<std::string, std::string>{"http_proxy", plain.base_url()},
                                       {"HTTPS_PROXY", tls.base_url()}}) {
    auto env = key_env();
    env[variable] = wrong;
    Run run = check_json(base, {"--cacert", certs().ca}, env);
    auto check = base_url_check(run);
    INFO(check.dump(2));
    CHECK(summary(check).find("refused the credentials in " + variable + " (HTTP 407)") != std::string::npos);
    CHECK(run.out.find("wrong-pw-4k") == std::string::npos);
    env[variable] = "http://doctor:right-pw-4k@127.0.0.1:" + std::to_string(squid.port());
    Run right = check_json(base, {"--cacert", certs().ca}, env);
    CHECK(base_url_check(right)["status"] == "pass");
  }
}

TEST_CASE("an https:// proxy whose own certificate is not trusted: named as the proxy's, with the store it is checked against") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  const int tls_port = free_port();
  Squid squid("https_port 127.0.0.1:" + std::to_string(tls_port) + " tls-cert=" + certs().good_cert +
              " tls-key=" + certs().good_key + "\nacl SSL_ports port " + std::to_string(server.port()));
  auto env = key_env();
  env["HTTPS_PROXY"] = "https://127.0.0.1:" + std::to_string(tls_port);
  auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
  INFO(check.dump(2));
  CHECK(check["category"] == "NETWORK");
  CHECK(summary(check).find("the proxy's own TLS certificate (127.0.0.1:" + std::to_string(tls_port)) != std::string::npos);
  CHECK(any_fix_contains(check, "not against --cacert"));
  CHECK_FALSE(check["evidence"].contains("suggested_base_url"));
}

TEST_CASE("a stream held back behind nginx, reached through squid: both are named, each with its fix") {
  fake::Server server(fake::scenario("stream-paced"));
  Nginx nginx(server.port(), "");  // proxy_buffering on, HTTP/1.0 upstream: holds the stream back
  Squid squid;
  auto env = key_env();
  env["http_proxy"] = squid.url();
  Run run = check_json(nginx.origin() + "/api/v1", {}, env);
  INFO(run.out << run.err);
  auto stream = check_of(run.json(), "stream");
  INFO(stream.dump(2));
  CHECK(stream["category"] == "STREAM_BUFFERED");
  CHECK(stream["evidence"]["buffered_by"] ==
        "nginx (proxy_buffering) or the proxy " + squid.url() + " (from http_proxy)");
  CHECK(any_fix_contains(stream, "proxy_buffering off"));
  CHECK(any_fix_contains(stream, "Make the proxy on the way pass text/event-stream"));
}

TEST_CASE("squid's TLS port given as an http:// proxy: the proxy speaks TLS, not the gateway that closed") {
  fake::Server server(fake::scenario("healthy"), good_tls());
  const int tls_port = free_port();
  Squid squid("https_port 127.0.0.1:" + std::to_string(tls_port) + " tls-cert=" + certs().good_cert +
              " tls-key=" + certs().good_key);
  auto env = key_env();
  env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(tls_port);
  auto check = base_url_check(check_json(server.base_url(), {"--cacert", certs().ca}, env));
  INFO(check.dump(2));
  CHECK(summary(check).find("speaks TLS, but HTTPS_PROXY says http://") != std::string::npos);
  CHECK(any_fix_contains(check, "HTTPS_PROXY=https://127.0.0.1:" + std::to_string(tls_port)));
}
