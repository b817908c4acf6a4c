#!/usr/bin/env bash
# Installs what the doctor needs, builds it, and runs `anlink-doctor check`.
#   scripts/run.sh [check flags...]
# With ANLINKAI_API_KEY set, it checks the real platform (or --base-url).
# Without a key, it starts the local demo gateway, broken on purpose (a disabled model), and
# checks that: the diagnosis exits 1, as it should. Then it runs the first suggested command
# against the same gateway. ANLINK_DEMO_SCENARIO picks another way of being broken
# (build/release/tests/anlink-fake-server --list).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh run

# Build only the doctor and the demo gateway, showing progress (a first build takes a
# minute or two; a second one is a no-op).
build=build/release
scripts/configure.sh release --if-needed
progress() {  # ninja's "[3/14] Building CXX object ..." as a short line per step
  local line step failed=""
  while IFS= read -r line; do
    case "$line" in
      FAILED:*) failed=1; echo "$line" >&2 ;;
      "["[0-9]*/[0-9]*"]"*)
        step="${line#[}"; step="${step%%]*}"
        if [ -t 2 ]; then printf '\rrun: building the doctor and the demo gateway: step %s\033[K' "${step/\// of }" >&2
        else echo "run: building the doctor and the demo gateway: step ${step/\// of }" >&2; fi ;;
      *) if [ -n "$failed" ]; then echo "$line" >&2; fi ;;  # the compiler's words on a failure
    esac
  done
  if [ -t 2 ]; then printf '\r\033[K' >&2; fi
}
cmake --build "$build" -j "$(nproc)" --target anlink-doctor anlink-fake-server 2>&1 | progress
doctor="$root/$build/src/anlink-doctor"
[ -x "$doctor" ] || { echo "run: the build failed (see above)" >&2; exit 3; }

if [ -n "${ANLINKAI_API_KEY:-}" ]; then
  exec "$doctor" check "$@"
fi

fake="$root/$build/tests/anlink-fake-server"
scenario="${ANLINK_DEMO_SCENARIO:-model-disabled}"
demo="$root/$build/demo"
mkdir -p "$demo"
(umask 077 && "$fake" --key >"$demo/key")
"$fake" --scenario "$scenario" >"$demo/server.out" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$demo/server.out" ] && break; sleep 0.05; done
base=$(head -n 1 "$demo/server.out")
[ -n "$base" ] || { echo "run: the demo gateway did not start" >&2; exit 3; }
echo "No ANLINKAI_API_KEY set: checking the local demo gateway at $base." >&2
echo "It is broken on purpose ($scenario), so the doctor names the cause and exits 1." >&2
echo >&2
args=(check --base-url "$base" --api-key-file "$demo/key" "$@")
status=0
"$doctor" "${args[@]}" || status=$?

# The suggestions are commands that work here: run the first one against the same gateway.
first=$("$doctor" "${args[@]}" -q --no-color 2>/dev/null | sed -n 's/^    \$ //p' | head -n 1 || true)
if [ -n "$first" ]; then
  echo >&2
  if [ "$status" -eq 1 ]; then echo "run: exit 1, as expected. Running the first suggested command:" >&2
  else echo "run: exit $status. Running the first suggested command:" >&2; fi
  echo "\$ $first" >&2
  bash -c "$first" || true
  if [ -t 0 ] && [ -t 1 ]; then
    echo >&2
    read -r -p "The demo gateway stays up for the other Try: lines; press Enter to stop it. " _ || true
  fi
fi
exit "$status"
