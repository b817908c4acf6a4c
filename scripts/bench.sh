#!/usr/bin/env bash
# Benchmark: anlink-doctor check against a gateway-like fake server (catalog and balance
# ~30 ms, completion and first stream token ~300 ms) over TLS, behind a proxy that holds
# every chunk for half a round-trip time; compared with the same requests sent by curl.
# Twice: HTTP/1.1 to the fake server's own TLS, and HTTP/2 through Debian's nghttpx (TLS,
# h2) in front of it; the delaying proxy counts connections, so TLS handshakes per run.
#   scripts/bench.sh [RUNS]     (default 7; BENCH_RTT_MS sets the round trip, default 80)
# Figures only: nothing here passes or fails on time. docs/performance.md has the results.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
rtt="${BENCH_RTT_MS:-80}"
scripts/install-deps.sh
for tool in curl /usr/bin/time /usr/sbin/nghttpx; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
scripts/configure.sh release
cmake --build --preset release -j "$(nproc)" >/dev/null
doctor=build/release/src/anlink-doctor
fake=build/release/tests/anlink-fake-server

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# A CA and a certificate for localhost, as a real gateway would have (over TLS, the
# handshake's round trips count).
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=bench CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$work/ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 30 -extfile "$work/ext" -out "$work/server.pem" 2>/dev/null

"$fake" --scenario gateway-latency --tls-cert "$work/server.pem" --tls-key "$work/server.key" \
  --record "$work/requests.jsonl" >"$work/server.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/server.out" ] && break; sleep 0.1; done
server_url=$(head -n 1 "$work/server.out")          # https://127.0.0.1:PORT/api/v1
server_port=$(echo "$server_url" | sed -E 's|.*:([0-9]+)/.*|\1|')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
proxy_port=$(free_port)
python3 bench/delay_proxy.py "$proxy_port" "$server_port" "$rtt" "$work/h1.connections" 2>>"$work/proxy.log" &
pids+=($!)

# HTTP/2: nghttpx terminates TLS (ALPN h2) in front of a plain-HTTP fake server, and the
# delaying proxy sits in front of nghttpx.
"$fake" --scenario gateway-latency >"$work/plain.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/plain.out" ] && break; sleep 0.1; done
plain_port=$(head -n 1 "$work/plain.out" | sed -E 's|.*:([0-9]+)/.*|\1|')
h2_port=$(free_port)
: >"$work/nghttpx.conf"
/usr/sbin/nghttpx --conf="$work/nghttpx.conf" --single-process --frontend="127.0.0.1,$h2_port" \
  --backend="127.0.0.1,$plain_port" --no-ocsp --errorlog-file="$work/nghttpx.log" \
  --accesslog-file=/dev/null --pid-file="$work/nghttpx.pid" "$work/server.key" "$work/server.pem" \
  >>"$work/proxy.log" 2>&1 &
pids+=($!)
h2_proxy_port=$(free_port)
python3 bench/delay_proxy.py "$h2_proxy_port" "$h2_port" "$rtt" "$work/h2.connections" 2>>"$work/proxy.log" &
pids+=($!)
sleep 0.5
"$fake" --key >"$work/key"

echo "anlink-doctor $("$doctor" --version | head -n 1 | awk '{print $NF}') on $(nproc) cores, $(uname -sr);" \
     "$(curl --version | head -n 1 | cut -d' ' -f1-2)"
echo "fake gateway over TLS behind a ${rtt} ms RTT proxy: https://localhost:$proxy_port/api/v1"
echo
echo "HTTP/1.1 (the fake server's own TLS):"
BENCH_RECORD="$work/requests.jsonl" \
python3 bench/bench.py "$doctor" "https://localhost:$proxy_port/api/v1" "$work/ca.pem" "$work/key" "$runs" \
  "$work/h1.connections"
echo
echo "HTTP/2 (nghttpx $(/usr/sbin/nghttpx --version | awk '{print $NF}') in front, same RTT):"
python3 bench/bench.py "$doctor" "https://localhost:$h2_proxy_port/api/v1" "$work/ca.pem" "$work/key" "$runs" \
  "$work/h2.connections" --short

# trace: what its forwarder adds, on loopback without delay (a gateway streaming 32 tokens).
"$fake" --scenario stream-paced >"$work/paced.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/paced.out" ] && break; sleep 0.1; done
paced_url=$(head -n 1 "$work/paced.out")
"$doctor" trace --base-url "$paced_url" -- python3 bench/trace_bench.py "$paced_url" "$work/key" \
  "$((runs * 30))" "$work/trace.json" >/dev/null 2>"$work/trace.err" ||
  { echo "bench: trace failed: $(tail -n 3 "$work/trace.err")" >&2; exit 1; }
echo
python3 - "$work/trace.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("trace's forwarder on loopback (a call kept alive; medians):")
print(f"  a call, direct / through trace        {r['call_direct_ms']:6.2f} / {r['call_forwarded_ms']:6.2f} ms   "
      f"added {r['call_forwarded_ms'] - r['call_direct_ms']:5.2f} ms   (target <= 2)")
print(f"  a stream's first chunk, direct / trace {r['first_chunk_direct_ms']:6.2f} / {r['first_chunk_forwarded_ms']:6.2f} ms   "
      f"added {r['first_chunk_forwarded_ms'] - r['first_chunk_direct_ms']:5.2f} ms   (target <= 1)")
print(f"  {r['concurrent_streams']} concurrent streams through trace: {r['streams_intact']} arrived whole "
      f"(all {r['chunks_per_stream']} counted chunks in order, then [DONE]);\n"
      f"  the slowest of them reached its first chunk in {r['concurrent_first_chunk_max_ms']:.1f} ms")
PY
