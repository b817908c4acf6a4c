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
  catch2 libcpp-httplib-dev zlib1g-dev  # the demo gateway lives beside the tests
)
# The tests (scripts/test.sh).
test_packages=(
  openssl                    # a test CA and certificates
  python3-jsonschema         # validate every JSON report against docs/report.schema.json
)
# Everything else a script or CI step calls.
all_packages=(
  clang libclang-rt-14-dev   # scripts/fuzz.sh: libFuzzer and clang's sanitizer runtimes
  file dpkg-dev              # scripts/package.sh: CPack's shlibdeps runs file and dpkg-shlibdeps
  curl time                  # scripts/bench.sh: the curl baseline, peak memory
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
[ ${#missing[@]} -eq 0 ] && exit 0

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
