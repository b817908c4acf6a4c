#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test.
#   scripts/test.sh          the dev preset (warnings as errors)
#   scripts/test.sh asan     the same suite under AddressSanitizer and UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
scripts/install-deps.sh test
scripts/configure.sh "$preset"
cmake --build --preset "$preset" -j "$(nproc)" >/dev/null
ctest --preset "$preset"
