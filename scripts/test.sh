#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test.
#   scripts/test.sh          the dev preset (warnings as errors)
#   scripts/test.sh asan     the suite under AddressSanitizer and UBSan, less the real-software
#                            tests (the asan test preset leaves them to the dev run)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
scripts/install-deps.sh test
scripts/configure.sh "$preset"
cmake --build --preset "$preset" -j "$(nproc)" >/dev/null
ctest --preset "$preset"
