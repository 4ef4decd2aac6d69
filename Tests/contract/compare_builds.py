"""Replays every recorded exchange of the contract data (docs samples and 4xx bodies, the six
clients' wire corpus) against two builds started alike (fixed seed and clock), then reads the
control plane after each, and reports any answer that differs byte for byte: status, headers
(less Date, and Content-Length where a body holds timings) and body. For refactors that must not change behaviour:

    python3 Tests/contract/compare_builds.py OLD_BINARY NEW_BINARY
"""
import http.client
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from replay import FIXTURES, ACME_DEVICES, load  # noqa: E402

VIEWS = ["/_mock/activities?limit=5", "/_mock/streams", "/_mock/notifications?limit=5", "/_mock/metrics",
         "/_mock/fixtures", "/_mock/devices", "/_mock/devices/adam-iphone", "/_mock/health", "/_mock/requests?limit=3"]
VOLATILE = re.compile(rb'"(uptime_ms|duration_ms)":[0-9.]+')


def start(binary):
    process = subprocess.Popen([binary, "--port", "0", "--db", ":memory:", "--quiet", "--seed", "7",
                                "--clock", "fixed:2026-07-01T09:00:00.000Z"], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", process.stdout.readline()).group(1))
    return process, port


def exchange(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    kept = sorted((k, v) for k, v in response.getheaders() if k.lower() not in ("date", "content-length"))
    return (response.status, kept, VOLATILE.sub(rb'"\1":0', data))


def script():
    """Every request of the corpus with its set-up, as a list of (label, method, path, body, headers)."""
    steps = []
    cases = [(s["source"], s, "/api" + s["path"]) for s in load("docs", "samples.json")["samples"]]
    cases += [(c["source"], c, "/api" + c["path"]) for c in load("docs", "errors.json")["cases"]]
    for client in sorted(f[:-5] for f in os.listdir(os.path.join(os.path.dirname(__file__), "wire")) if f.endswith(".json")):
        cases += [(f"{client}: {r['source']}", r, r["path"]) for r in load("wire", client + ".json")["requests"]]
    for label, case, path in cases:
        fixtures = json.loads(json.dumps(FIXTURES))
        setup = case.get("setup", {})
        if "activity" in setup:
            a = setup["activity"]
            fixtures["accounts"][0]["activities"] = [{"id": a["id"], "devices": ACME_DEVICES, "content_state": a["content_state"]}]
        steps.append((label + " [reset]", "POST", "/_mock/reset", json.dumps({"fixture_set": fixtures}), {}))
        if "stream" in setup:
            s = setup["stream"]
            steps.append((label + " [stream]", "PUT", f"/api/live-activity/stream/{s['stream_key']}",
                          json.dumps({"content_state": s["content_state"]}), {"Authorization": "Bearer ask_123456789"}))
        key = case.get("key", "ask_123456789")
        headers = {"Content-Type": "application/json", **case.get("headers", {}), "Authorization": f"Bearer {key}"}
        for method, before in case.get("before", []):
            steps.append((label + " [before]", method, "/api" + before, case.get("body"), headers))
        for _ in range(case.get("repeat", 1)):
            steps.append((label, case["method"], path, case.get("body"), headers))
        steps += [(f"{label} then {view}", "GET", view, None, {}) for view in VIEWS]
    return steps


def main():
    old, new = sys.argv[1], sys.argv[2]
    steps = script()
    (p1, port1), (p2, port2) = start(old), start(new)
    differences = 0
    try:
        for label, method, path, body, headers in steps:
            a = exchange(port1, method, path, body, headers)
            b = exchange(port2, method, path, body, headers)
            if a != b:
                differences += 1
                if differences <= 10:
                    print(f"DIFFERS: {label}\n  old: {a}\n  new: {b}")
    finally:
        for p in (p1, p2):
            p.terminate()
            p.wait()
    print(f"compare-builds: {len(steps)} exchanges, {differences} differ")
    sys.exit(1 if differences else 0)


main()
