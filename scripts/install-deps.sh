#!/usr/bin/env bash
# Installs the Debian packages that anlink-doctor's scripts and CI call.
#   scripts/install-deps.sh         everything: build, tests, fuzzing, package, benchmark
#   scripts/install-deps.sh run     only what scripts/run.sh needs (build the doctor and the demo gateway)
#   scripts/install-deps.sh test    that and what scripts/test.sh needs
# Idempotent: when everything is present it prints nothing and returns at once.
set -euo pipefail

# Build the doctor and the demo gateway (scripts/run.sh).
run_packages=(
  build-essential cmake ninja-build pkg-config ca-certificates
  libcli11-dev libfmt-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev libre2-dev
  libtomlplusplus-dev        # Codex's config.toml (--client codex)
  catch2 libcpp-httplib-dev zlib1g-dev  # the demo gateway lives beside the tests
)
# The tests (scripts/test.sh).
test_packages=(
  openssl                    # a test CA and certificates
  python3-jsonschema         # validate every JSON report against docs/report.schema.json
  nodejs                     # tests/node: the OpenAI and Anthropic SDKs, Portkey's gateway, Claude Code, Codex
  nginx-light nghttp2-proxy  # real intermediaries in front of the fake gateway (nginx, nghttpx)
  curl                       # a program under trace in tests/integration/test_trace.cpp
  squid tinyproxy dante-server mitmproxy  # real proxies between the doctor and the fake gateway
  prometheus                 # scrapes `serve` and checks `watch --textfile` (promtool)
  chromium                   # renders --format html headless, as a person would look at it
)
# Daemons whose packages start a system service on install: the tests start their own, on
# their own ports with generated configs, so the services are stopped and disabled again
# (only when this script installed them).
services=(squid tinyproxy danted prometheus)
# Debian's npm, unless a nodejs from elsewhere brought its own.
command -v npm >/dev/null || test_packages+=(npm)
# Everything else a script or CI step calls.
all_packages=(
  clang libclang-rt-14-dev   # scripts/fuzz.sh: libFuzzer and clang's sanitizer runtimes
  file dpkg-dev              # scripts/package.sh: CPack's shlibdeps runs file and dpkg-shlibdeps
  time                       # scripts/bench.sh: peak memory (its curl baseline: the test set's curl)
  debootstrap                # scripts/fresh-machine.sh: a minimal Debian root
)

case "${1:-all}" in
  run) packages=("${run_packages[@]}") ;;
  test) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
  all) packages=("${run_packages[@]}" "${test_packages[@]}" "${all_packages[@]}") ;;
  *) echo "usage: scripts/install-deps.sh [run|test|all]" >&2; exit 2 ;;
esac

# One dpkg-query for all of them: a second run returns in a few milliseconds.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
            awk '$NF == "installed" {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qxF "$p" <<<"$installed" || missing+=("$p")
done

# The pinned npm packages the real-software tests run (tests/node/package-lock.json), in a
# cache outside the repository, installed again only when the lock file changes. Install
# scripts never run. Without the registry the tests report themselves skipped, with why.
# The agent clients (Claude Code, Codex CLI) are most of it: each ships its native binary in
# the platform package npm picks (linux-x64 here), about 760 MB of the cache's 830 MB and
# 10 s of a 16 s install. Claude Code's launcher needs its postinstall, which never runs here:
# the tests run the platform package's binary itself (tests/node/agents.mjs).
node_packages() {
  local root cache stamp out
  root=$(cd "$(dirname "$0")/.." && pwd)
  cache="${ANLINK_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/anlink-doctor/node}"
  stamp=$(cat "$root/tests/node/package.json" "$root/tests/node/package-lock.json" | sha256sum | cut -c1-16)
  [ "$(cat "$cache/stamp" 2>/dev/null)" = "$stamp" ] && [ -d "$cache/node_modules" ] && return 0
  mkdir -p "$cache"
  cp "$root/tests/node/package.json" "$root/tests/node/package-lock.json" "$cache/"
  rm -f "$cache/stamp" "$cache/unavailable"
  # Node trusts its own CA list only: add the system's, which holds any CA this network
  # needs (an egress proxy's); npm's own cafile setting, if any, still applies.
  local system_cas=/etc/ssl/certs/ca-certificates.crt
  [ -n "${NODE_EXTRA_CA_CERTS:-}" ] || [ ! -f "$system_cas" ] || export NODE_EXTRA_CA_CERTS="$system_cas"
  if out=$(cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
             --fetch-retries=1 --fetch-timeout=30000 2>&1); then
    # The SARIF Multitool's postinstall only makes its binary executable: done here instead.
    chmod u+x "$cache"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
    echo "$stamp" >"$cache/stamp"
  else
    printf 'npm ci could not install tests/node/package-lock.json: %s\n' \
      "$( (grep -m 2 -E 'request to|code E|network' <<<"$out" || tail -n 2 <<<"$out") | tr '\n' ' ')" \
      >"$cache/unavailable"
    echo "install-deps: npm packages not installed; the real-software tests will be skipped:" \
         "$(cat "$cache/unavailable")" >&2
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  [ "${1:-all}" = run ] || node_packages
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
    echo "install-deps: installing them needs root, and there is no sudo here; as root run:" >&2
    echo "  apt-get update && apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
if ! apt_get update -qq >/dev/null || ! apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "install-deps: apt-get could not install: ${missing[*]} (see its message above)" >&2
  exit 1
fi
for service in "${services[@]}"; do
  package=$service
  [ "$service" = danted ] && package=dante-server
  printf '%s\n' "${missing[@]}" | grep -qxF "$package" || continue
  if [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl disable --now "$service" >/dev/null 2>&1 || true
  elif [ -x "/etc/init.d/$service" ]; then
    "${sudo[@]}" "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    "${sudo[@]}" update-rc.d "$service" disable >/dev/null 2>&1 || true
  fi
done
[ "${1:-all}" = run ] || node_packages
