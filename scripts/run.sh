#!/usr/bin/env bash
# Installs the dependencies, builds, and runs `anlink-doctor check`.
#   scripts/run.sh [check flags...]
# With ANLINKAI_API_KEY set, it checks the real platform (or --base-url).
# Without a key, it starts the local fake gateway in a failing scenario and checks that,
# so you see a real diagnosis. ANLINK_DEMO_SCENARIO picks another scenario
# (build/release/tests/anlink-fake-server --list).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
doctor=build/release/src/anlink-doctor

if [ -n "${ANLINKAI_API_KEY:-}" ]; then
  exec "$doctor" check "$@"
fi

fake=build/release/tests/anlink-fake-server
scenario="${ANLINK_DEMO_SCENARIO:-model-disabled}"
out=$(mktemp)
"$fake" --scenario "$scenario" >"$out" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
base=$(head -n 1 "$out")
echo "No ANLINKAI_API_KEY set: checking the local fake gateway ($scenario) at $base" >&2
echo >&2
status=0
"$fake" --key | "$doctor" check --base-url "$base" --api-key - "$@" || status=$?
exit "$status"
