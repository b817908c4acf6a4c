#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time,
# starting from its seed corpus in fuzz/corpus/NAME.
#   scripts/fuzz.sh            every target, FUZZ_SECONDS each (default 60)
#   scripts/fuzz.sh sse 600    one target, for ten minutes
# A finding makes the run exit 1 (the other targets still finish) and leaves the input as
# build/fuzz/NAME-crash-*; fix it, then copy the input to fuzz/regressions/NAME/ so the unit tests replay it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${2:-${FUZZ_SECONDS:-60}}"
if [ $# -ge 1 ]; then names=("$1"); else names=(classifier sse catalog profile redactor render); fi

scripts/install-deps.sh
scripts/configure.sh fuzz
cmake --build --preset fuzz -j "$(nproc)" >/dev/null

# One fuzzer a core: each is single-threaded. A run's verdict is printed when all are done.
fuzz_one() {
  local name="$1" work="build/fuzz/corpus/$1" log="build/fuzz/$1.log"  # work: what the fuzzer learns
  # A fixed seed and an empty work corpus make a run repeatable: CI explores what a run here
  # of the same length explored (set FUZZ_SEED to look elsewhere).
  rm -rf "$work" && mkdir -p "$work"
  "build/fuzz/fuzz/fuzz_$name" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" \
    -max_len=262144 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="build/fuzz/$name-" -print_final_stats=1 \
    "$work" "fuzz/corpus/$name" >"$log" 2>&1
}
jobs_max="$(nproc)"
declare -A pid_of
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  fuzz_one "$name" &
  pid_of[$name]=$!
done
failed=0
for name in "${names[@]}"; do
  log="build/fuzz/$name.log"
  if ! wait "${pid_of[$name]}"; then
    echo "fuzz: $name found a problem (see $log):" >&2
    grep -E "ERROR|property broken|SUMMARY|Test unit written" "$log" | head -5 >&2
    failed=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
  echo "fuzz: $name: ${runs:-?} inputs in ${seconds} s, ${cov:-cov: ?}, no finding"
done
exit "$failed"
