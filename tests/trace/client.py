#!/usr/bin/env python3
"""A program as users write them, with the standard library only: it reads OPENAI_BASE_URL
and APP_KEY, and calls the chat route the way the first argument says.

    client.py healthy | messages-string | refused-param | close-stream | ignore-variables | exit-3
    client.py close-stream MAX_TOKENS   (the same, asking for that many tokens)
    client.py read-stream MAX_TOKENS    (a stream of that many tokens, read to its end)
    client.py no-key          (a healthy call without the Authorization header)
    client.py big-body MIB    (messages as a string, padded to MIB mebibytes)
    client.py token-header TOKEN   (a healthy call that also sends X-Team-Token: TOKEN)
    client.py header NAME VALUE    (a healthy call that also sends NAME: VALUE)
    client.py rotating-tokens      (70 healthy calls, each with its own X-Team-Token)
"""
import json
import os
import sys
import urllib.error
import urllib.request

mode = sys.argv[1]
key = os.environ["APP_KEY"]
base = os.environ.get("OPENAI_BASE_URL", "")
if mode == "ignore-variables":  # reads its own variable, set to the gateway itself
    base = os.environ["MY_LLM_ENDPOINT"]


def call(body, stream=False):
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    if mode == "no-key":
        del headers["Authorization"]
    if mode == "token-header":
        headers["X-Team-Token"] = sys.argv[2]
    if mode == "header":
        headers[sys.argv[2]] = sys.argv[3]
    if mode == "rotating-tokens":
        headers["X-Team-Token"] = "tok_rotating_%04d_e2b04d3e" % calls_made
    req = urllib.request.Request(base + "/chat/completions", data=json.dumps(body).encode(),
                                 headers=headers)
    try:
        resp = urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as e:
        print(f"client: HTTP {e.code}", file=sys.stderr)
        return None
    if not stream:
        return json.loads(resp.read())
    return resp


hello = [{"role": "user", "content": "hello"}]
calls_made = 0
if mode == "rotating-tokens":
    for calls_made in range(70):
        call({"model": "qwen-flash", "messages": hello})
    sys.exit(0)
if mode in ("healthy", "exit-3", "ignore-variables", "token-header", "header", "no-key"):
    answer = call({"model": "qwen-flash", "messages": hello})
    print("client:", answer["choices"][0]["message"]["content"] if answer else "failed")
    sys.exit(3 if mode == "exit-3" else 0)
if mode == "messages-string":
    call({"model": "qwen-flash", "messages": "hello"})
    sys.exit(1)
if mode == "big-body":
    call({"model": "qwen-flash", "messages": "x" * (int(sys.argv[2]) << 20)})
    sys.exit(1)
if mode == "refused-param":
    call({"model": "qwen-flash", "messages": hello, "max_tokens": 100})
    sys.exit(1)
if mode == "read-stream":
    body = {"model": "qwen-flash", "messages": hello, "stream": True, "max_tokens": int(sys.argv[2])}
    lines = [line for line in call(body, stream=True) if line.startswith(b"data:")]
    print("client: read", len(lines), "events, the last", lines[-1].strip().decode())
    sys.exit(0)
if mode == "close-stream":
    body = {"model": "qwen-flash", "messages": hello, "stream": True}
    if len(sys.argv) > 2:
        body["max_tokens"] = int(sys.argv[2])
    resp = call(body, stream=True)
    seen = 0
    for line in resp:
        if line.startswith(b"data:"):
            seen += 1
            if seen == 2:
                break
    resp.close()  # the program stops reading after two chunks
    print("client: read", seen, "chunks")
    sys.exit(0)
sys.exit(f"client: unknown mode {mode}")
