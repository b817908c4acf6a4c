#!/usr/bin/env python3
"""Times anlink-doctor against a gateway-like fake server behind a delaying proxy, and the
same work done by curl. Run by scripts/bench.sh, which builds and starts everything.

    bench.py DOCTOR BASE_URL CACERT KEY_FILE RUNS [CONNECTIONS_FILE [--short]]

CONNECTIONS_FILE gets a line per connection the delaying proxy accepted: the TLS handshakes
a run makes. --short times only the check and the requests it is compared with.
"""
import json
import os
import statistics
import subprocess
import sys
import time

doctor, base, cacert, key_file, runs = sys.argv[1:6]
connections_file = sys.argv[6] if len(sys.argv) > 6 else None
short = "--short" in sys.argv[7:]
runs = int(runs)
key = open(key_file).read().strip()
env = dict(os.environ, ANLINKAI_API_KEY=key, NO_COLOR="1")
for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
    env.pop(proxy, None)


def run(cmd, stdin=None):
    """Wall time (ms) and output of one run; stops the benchmark if the command fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(stdin)
    wall = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:2])} failed ({proc.returncode}): {err.decode()[:300]}")
    return wall, out


def timed(cmd, n=runs):
    """Median wall time over n runs, after one warm-up."""
    run(cmd)
    return statistics.median(run(cmd)[0] for _ in range(n))


def peak_rss_kib(cmd):
    """Peak resident memory of one run, from GNU time (a forked Python would count its own)."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=True)
    return int(proc.stderr.decode().strip().splitlines()[-1])


auth = f"Authorization: Bearer {key}"
json_h = "Content-Type: application/json"
curl = ["curl", "-sS", "-o", "/dev/null", "--cacert", cacert]
chat = f"{base}/chat/completions"
requests = {
    "key (empty messages)": curl + ["-H", auth, "-H", json_h, "-d",
                                   '{"model":"qwen-flash","messages":[],"max_tokens":1}', chat],
    "catalog": curl + ["-H", auth, f"{base}/models"],
    "balance": curl + ["-H", auth, f"{base}/account/balance"],
    "completion": curl + ["-H", auth, "-H", json_h, "-d",
                          '{"model":"qwen-flash","messages":[{"role":"user","content":"ping"}],'
                          '"max_tokens":1}', chat],
    "stream": curl + ["-N", "-H", auth, "-H", json_h, "-d",
                      '{"model":"qwen-flash","messages":[{"role":"user","content":"ping"}],'
                      '"max_tokens":1,"stream":true,"stream_options":{"include_usage":true}}', chat],
}
five = "; ".join(" ".join(f"'{a}'" for a in cmd) for cmd in requests.values())
profile = os.path.join(os.path.dirname(os.path.abspath(__file__)), "anlinkai-full.json")
check = [doctor, "check", "--base-url", base, "--cacert", cacert, "--profile-file", profile]

# Everything answers as it should before anything is timed.
wall, out = run(check + ["--format", "json"])
report = json.loads(out)
not_passed = [c["id"] for c in report["checks"] if c["status"] not in ("pass", "skip")]
if report["diagnosis"]["status"] != "pass" or not_passed:
    sys.exit(f"bench: the check did not pass against the fake gateway ({not_passed})")



def handshakes(cmd):
    """Connections (each a TLS handshake) that one run of cmd opened through the proxy."""
    def count():
        try:
            with open(connections_file) as f:
                return sum(1 for _ in f)
        except FileNotFoundError:
            return 0
    before = count()
    run(cmd)
    time.sleep(0.2)  # the proxy writes as it accepts; let the last line land
    return count() - before


versions = sorted({c["evidence"].get("http_version") for c in report["checks"]
                   if c["evidence"].get("http_version")})
alone = {name: timed(cmd) for name, cmd in requests.items()}
slowest_name = max(alone, key=alone.get)
slowest = alone[slowest_name]
sequential_curl = timed(["bash", "-c", five])
doctor_check = timed(check)
if connections_file:
    check_handshakes = handshakes(check)
    curl_handshakes = handshakes(["bash", "-c", five])
if short:
    print(f"median of {runs} runs each (after a warm-up); the doctor spoke HTTP/{', '.join(versions)}")
    for name, ms in alone.items():
        print(f"  curl, {name:<22} {ms:7.0f} ms")
    print(f"anlink-doctor check                 {doctor_check:7.0f} ms")
    print(f"check / slowest single request     {doctor_check / slowest:5.2f}   (target <= 1.3)")
    print(f"five curl commands / check         {sequential_curl / doctor_check:5.2f}")
    if connections_file:
        print(f"TLS handshakes, check              {check_handshakes:5d}   (five curl commands: {curl_handshakes})")
    sys.exit(0)
doctor_sequential = timed(check + ["--sequential"])
# Ten models in one run (the fake serves ten active ones, each as slow as the first).
ten = ["qwen-flash", "qwen-plus", "deepseek-v4-flash", "glm-4.5"] + [f"bench-model-{i}" for i in range(1, 7)]
doctor_ten = timed(check + ["--model", ",".join(ten)])
# The three APIs in one run (the fake serves each as slowly as chat).
doctor_all = timed(check + ["--api", "all"])
# The capabilities: --capabilities all against the same run without, and each capability's
# own request sent alone by curl, its body as the doctor sent it (the fake records them).
capability_keys = ("tools", "response_format", "reasoning_effort")
def capability_bodies():
    record = os.environ.get("BENCH_RECORD")
    if not record:
        return []
    bodies = []
    with open(record) as f:
        for line in f:
            r = json.loads(line)
            body = r.get("body")
            if r.get("target", "").endswith("/chat/completions") and isinstance(body, dict) and (
                    any(k in body for k in capability_keys) or "image_url" in json.dumps(body)):
                bodies.append(json.dumps(body))
    return bodies
if os.environ.get("BENCH_RECORD"):
    open(os.environ["BENCH_RECORD"], "w").close()  # from here on: the capability run's requests only
run(check + ["--capabilities", "all"])
cap_alone = {}
for i, body in enumerate(capability_bodies()):
    path = os.path.join(os.path.dirname(os.environ["BENCH_RECORD"]), f"capability-{i}.json")
    with open(path, "w") as f:
        f.write(body)
    name = next((k for k in capability_keys if k in json.loads(body)), "image_url")
    cap_alone[f"{name} #{i}"] = timed(curl + ["-H", auth, "-H", json_h, "-d", f"@{path}", chat])
doctor_caps = timed(check + ["--capabilities", "all"])
doctor_version = timed([doctor, "--version"], max(runs, 20))
curl_version = timed(["curl", "--version"], max(runs, 20))
rss_check = peak_rss_kib(check)
rss_version = peak_rss_kib([doctor, "--version"])
rss_curl = peak_rss_kib(["curl", "--version"])

print(f"median of {runs} runs each (after a warm-up); the doctor spoke HTTP/{', '.join(versions)}\n")
print("single requests with curl, each alone:")
for name, ms in alone.items():
    print(f"  {name:<22} {ms:7.0f} ms")
rows = [
    ("anlink-doctor check", doctor_check),
    ("anlink-doctor check --sequential", doctor_sequential),
    ("anlink-doctor check, ten models", doctor_ten),
    ("anlink-doctor check --api all", doctor_all),
    ("anlink-doctor check --capabilities all", doctor_caps),
    ("five curl commands, one after another", sequential_curl),
    (f"slowest single request ({slowest_name})", slowest),
]
print()
for name, ms in rows:
    print(f"{name:<42} {ms:7.0f} ms")
print()
print(f"check / slowest single request     {doctor_check / slowest:5.2f}   (target <= 1.3)")
print(f"five curl commands / check         {sequential_curl / doctor_check:5.2f}   (target >= 2.5)")
print(f"--sequential / check               {doctor_sequential / doctor_check:5.2f}")
print(f"ten models / one model             {doctor_ten / doctor_check:5.2f}   (target <= 1.3)")
print(f"--api all / --api chat             {doctor_all / doctor_check:5.2f}   (target <= 1.2)")
if cap_alone:
    slowest_cap = max(cap_alone.values())
    added = max(0.0, doctor_caps - doctor_check)
    print(f"--capabilities all adds            {added:7.0f} ms   (its {len(cap_alone)} requests; the slowest alone, "
          f"curl: {slowest_cap:.0f} ms)")
    print(f"added / slowest capability request {added / slowest_cap:5.2f}   (target <= 1.3)")
else:
    print("--capabilities all: no capability request was recorded (BENCH_RECORD unset)")
if connections_file:
    print(f"TLS handshakes, check              {check_handshakes:5d}   (five curl commands: {curl_handshakes})")
print(f"anlink-doctor --version            {doctor_version:7.1f} ms")
print(f"curl --version                     {curl_version:7.1f} ms")
print(f"--version / curl --version         {doctor_version / curl_version:5.2f}   (target <= 1.1)")
print(f"peak memory, check                 {rss_check / 1024:7.1f} MB   (target <= 16)")
print(f"peak memory, --version             {rss_version / 1024:7.1f} MB   (curl --version: {rss_curl / 1024:.1f} MB)")
