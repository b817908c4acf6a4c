#!/usr/bin/env python3
"""Run under `anlink-doctor trace` by scripts/bench.sh: what the forwarder adds to a call and
to a stream's first chunk (medians, loopback, kept-alive connections as SDKs keep them), and
50 concurrent streams relayed without a lost or reordered chunk.

    trace_bench.py DIRECT_BASE_URL KEY_FILE RUNS OUT_FILE   (OPENAI_BASE_URL: the forwarder)
"""
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse

direct, key_file, runs, out_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
forwarded = os.environ["OPENAI_BASE_URL"]
key = open(key_file).read().strip()
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
hello = [{"role": "user", "content": "hello"}]


def connect(base):
    u = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30), u.path


def call_ms(conn, path, stream):
    """Whole call, or time to a stream's first data line; reads the answer to its end."""
    body = {"model": "qwen-flash", "messages": hello, "max_tokens": 64}
    if stream:
        body["stream"] = True
    start = time.perf_counter()
    conn.request("POST", path + "/chat/completions", json.dumps(body), headers)
    resp = conn.getresponse()
    if not stream:
        resp.read()
        return (time.perf_counter() - start) * 1000
    first = None
    while line := resp.readline():
        if first is None and line.startswith(b"data:"):
            first = (time.perf_counter() - start) * 1000
    return first


def median_ms(base, stream, n):
    conn, path = connect(base)
    call_ms(conn, path, stream)  # warm-up: the connection is open from here on
    return statistics.median(call_ms(conn, path, stream) for _ in range(n))


def tokens(base):
    """The numbers a stream counts, in the order they arrived, whether [DONE] came, and the
    time to its first data line (ms)."""
    conn, path = connect(base)
    body = {"model": "qwen-flash", "messages": hello, "max_tokens": 64, "stream": True}
    start = time.perf_counter()
    conn.request("POST", path + "/chat/completions", json.dumps(body), headers)
    resp = conn.getresponse()
    seen, done, first = [], False, None
    while line := resp.readline():
        data = line.decode().strip()
        if first is None and data.startswith("data:"):
            first = (time.perf_counter() - start) * 1000
        if data == "data: [DONE]":
            done = True
        elif data.startswith("data: "):
            for choice in json.loads(data[6:]).get("choices", []):
                text = (choice.get("delta") or {}).get("content") or ""
                if text.strip().isdigit():
                    seen.append(int(text))
    return seen, done, first


results = {}
# Interleaved, so that both sides see the same machine.
call_direct, call_fwd, first_direct, first_fwd = [], [], [], []
for _ in range(3):
    call_direct.append(median_ms(direct, False, runs))
    call_fwd.append(median_ms(forwarded, False, runs))
    first_direct.append(median_ms(direct, True, max(5, runs // 10)))
    first_fwd.append(median_ms(forwarded, True, max(5, runs // 10)))
results["call_direct_ms"] = statistics.median(call_direct)
results["call_forwarded_ms"] = statistics.median(call_fwd)
results["first_chunk_direct_ms"] = statistics.median(first_direct)
results["first_chunk_forwarded_ms"] = statistics.median(first_fwd)

expected, _, _ = tokens(direct)
outcomes = [None] * 50
def one(i):
    outcomes[i] = tokens(forwarded)
threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
for t in threads:
    t.start()
for t in threads:
    t.join()
results["concurrent_streams"] = 50
results["streams_intact"] = sum(1 for o in outcomes if o and o[0] == expected and o[1])
# All relayed at once, or some waiting for a free forwarder thread: the slowest first chunk.
results["concurrent_first_chunk_max_ms"] = max((o[2] for o in outcomes if o and o[2]), default=0)
results["chunks_per_stream"] = len(expected)
with open(out_file, "w") as f:
    json.dump(results, f)
