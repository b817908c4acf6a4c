#!/usr/bin/env python3
"""An agent as trace sees one, with the standard library only: it reads ANTHROPIC_BASE_URL or
OPENAI_BASE_URL and APP_KEY, and calls the API its first argument says, streamed.

    agent.py messages    POST {ANTHROPIC_BASE_URL}/v1/messages?beta=true (stream), then
                         /v1/messages/count_tokens, as Claude Code does
    agent.py responses   POST {OPENAI_BASE_URL}/responses (stream), as Codex does
    agent.py claude ARGS...   Claude Code's precedence: --settings' env, then the env blocks of
                         $HOME/.claude/settings.json, then the environment; prints its argv
    agent.py codex ARGS...    Codex's: a configured provider's base_url in $CODEX_HOME/config.toml
                         (ignoring OPENAI_BASE_URL), unless -c model_providers.ID.base_url="URL"
"""
import json
import os
import re
import sys
import urllib.error
import urllib.request

mode, args = sys.argv[1], sys.argv[2:]
TURN_ID = "7d3e9a1c5b2f4e8a9c6d0b1a2f3e4d5c"
key = os.environ.get("APP_KEY", "")
print("agent argv:", json.dumps(args), file=sys.stderr)


def post(url, body, headers):
    headers = dict(headers, **{"Content-Type": "application/json"})
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    try:
        resp = urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as e:
        print(f"agent: {url} HTTP {e.code}", file=sys.stderr)
        return False
    data = resp.read()
    print(f"agent: {url} {resp.status}, {len(data)} bytes", file=sys.stderr)
    return True


def messages(root):
    headers = {"x-api-key": key, "anthropic-version": "2023-06-01"}
    body = {"model": "qwen-flash", "max_tokens": 64, "stream": True,
            "messages": [{"role": "user", "content": "say hi"}]}
    ok = post(root + "/v1/messages?beta=true", body, headers)
    if ok:
        del body["stream"], body["max_tokens"]
        post(root + "/v1/messages/count_tokens", body, headers)
    return ok


def responses(base):
    body = {"model": "qwen-flash", "input": "say hi", "stream": True, "store": False}
    # As Codex sends them: a JSON header holding ids, and a per-call request id.
    return post(base + "/responses", body, {"Authorization": "Bearer " + key, "Accept": "text/event-stream",
                                            "x-codex-turn-metadata": json.dumps({"turn_id": TURN_ID, "request_kind": "responses", "turn_trigger": "exec", "model": "qwen-flash"}),
                                            "x-client-request-id": "0f6c2a4e-9b1d-4c3a-8e7f-5a2b1c9d0e3f"})


if mode == "messages":
    sys.exit(0 if messages(os.environ["ANTHROPIC_BASE_URL"]) else 1)
if mode == "responses":
    sys.exit(0 if responses(os.environ["OPENAI_BASE_URL"]) else 1)
if mode == "claude":
    root = os.environ.get("ANTHROPIC_BASE_URL", "")
    try:
        with open(os.path.join(os.environ["HOME"], ".claude", "settings.json")) as f:
            root = json.load(f).get("env", {}).get("ANTHROPIC_BASE_URL", root)
    except FileNotFoundError:
        pass
    if "--settings" in args:
        root = json.loads(args[args.index("--settings") + 1]).get("env", {}).get("ANTHROPIC_BASE_URL", root)
    sys.exit(0 if messages(root) else 1)
if mode == "codex":
    base = os.environ.get("OPENAI_BASE_URL", "")
    with open(os.path.join(os.environ["CODEX_HOME"], "config.toml")) as f:
        toml = f.read()
    provider = re.search(r'^model_provider\s*=\s*"([^"]+)"', toml, re.M)
    if provider:
        table = toml.split("[model_providers.%s]" % provider.group(1), 1)[1]
        base = re.search(r'^base_url\s*=\s*"([^"]+)"', table, re.M).group(1)
        for i, a in enumerate(args[:-1]):
            m = re.fullmatch(r'model_providers\.%s\.base_url="(.*)"' % re.escape(provider.group(1)), args[i + 1])
            if a == "-c" and m:
                base = m.group(1)
    sys.exit(0 if responses(base) else 1)
sys.exit("agent: unknown mode " + mode)
