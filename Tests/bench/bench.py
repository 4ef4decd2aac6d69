"""Drives wrk against the mock's update path and against nginx's static answer; prints a table.

Each row: requests/s, p50, p99, server CPU µs per request (utime+stime from /proc), RSS, and the
ratio to nginx's throughput at the same number of connections. nginx and the mock alternate
(`BENCH_ROUNDS`, 3 rounds at 32, 256 and 1 connections), each ratio against the nginx run just
before it; the table shows the median round and the ratios of every round follow it. The
HTTPKit rows (Tests/bench/httpkit-fixed, when built) are the HTTP layer alone with the same body. Afterwards it counts the acknowledged
updates in the database, and measures start-up (spawn to first 200) and RSS after 200 000 requests.
"""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN = sys.argv[1]
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# nginx and the mock alternate, ROUNDS times per connection count: the machine's speed drifts by
# tens of percent over minutes, so each ratio compares two runs seconds apart.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
KEY = "ask_123456789"
ACTIVITIES = 256
TICKS = os.sysconf("SC_CLK_TCK")
HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total


def rss_mb(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            total += int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    return total / 1024


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def wrk(url, script, connections, seconds):
    threads = min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors:.*?):\s*(\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    return {"rps": rps, "total": total, "errors": errors, "p50": lat.get("50"), "p99": lat.get("99")}


def measure(name, url, script, pids, connections, seconds=SECONDS):
    before = cpu_ticks(pids)
    result = wrk(url, script, connections, seconds)
    used = (cpu_ticks(pids) - before) / TICKS
    result.update(name=name, connections=connections, cpu_us=used / max(result["total"], 1) * 1e6, rss=rss_mb(pids))
    return result


# HTTPS rows when the binary has --tls-port (a build from before HTTPS benchmarks without them).
TLS = "--tls-port" in subprocess.run([BIN, "--help"], capture_output=True, text=True).stdout
# WireMock's standalone jar (scripts/bench finds it in PyPI's wiremock package); no row without it.
WIREMOCK_JAR = os.environ.get("WIREMOCK_JAR") if shutil.which("java") else None


def start_mock(db, *extra):
    port = free_port()
    tls = ["--tls-port", str(free_port())] if TLS else []
    started = time.perf_counter()
    process = subprocess.Popen([BIN, "--port", str(port), "--db", db, "--quiet", "--rate-limit", "0",
                                "--live-activity-limit", "0", *tls, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Spawn to first 200: poll the docs' update until it answers.
    body = json.dumps({"activity_id": "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "content_state": {
        "title": "Nightly database backup", "subtitle": "upload archive", "number_of_steps": 3, "current_step": 2}}).encode()
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"POST /api/live-activity/update HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " + KEY.encode()
                          + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            time.sleep(0.0005)
    process.tls_port = int(tls[1]) if tls else None
    return process, port, (time.perf_counter() - started) * 1000


def wait_for_port(port):
    """Until something listens on `port` (at most ~5 s)."""
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def start_httpkit():
    """HTTPKit alone answering nginx's fixed body (Tests/bench/httpkit-fixed), when it is built."""
    binary = os.path.join(os.path.dirname(BIN), "httpkit-fixed")
    if not os.path.exists(binary):
        return None, None
    port = free_port()
    process = subprocess.Popen([binary, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return process, port


def start_nginx(workdir, port):
    answer = '{"success":true,"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","devices_notified":2,"devices_queued":0,"timestamp":"2026-01-28T09:57:26.056Z"}'
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto; daemon off; pid {workdir}/nginx.pid; error_log {workdir}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
  keepalive_requests 100000000; keepalive_timeout 300s;
  server {{ listen 127.0.0.1:{port}; location / {{ default_type application/json; return 200 '{answer}'; }} }} }}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    return process, [process.pid] + [int(c) for c in children]


def start_wiremock(workdir, port, jar):
    """WireMock standalone with one static stub for the docs' update, its request journal on;
    returns the process and its start-up, spawn to first 200."""
    answer = '{"success":true,"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","devices_notified":2,"devices_queued":0,"timestamp":"2026-01-28T09:57:26.056Z"}'
    root = os.path.join(workdir, "wiremock")
    os.makedirs(os.path.join(root, "mappings"))
    with open(os.path.join(root, "mappings", "update.json"), "w") as f:
        json.dump({"request": {"method": "POST", "url": "/api/live-activity/update"},
                   "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": answer}}, f)
    started = time.perf_counter()
    # Its request journal is on, as ours is, and unbounded: WireMock 2.35's bounded journal
    # (--max-request-journal-entries) counts its entries on every request and ran ~10x slower here.
    process = subprocess.Popen(["java", "-jar", jar, "--port", str(port), "--root-dir", root, "--disable-banner"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"POST /api/live-activity/update HTTP/1.1\r\nHost: b\r\nContent-Length: 2\r\n\r\n{}")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            time.sleep(0.005)
        if process.poll() is not None or time.perf_counter() - started > 60:
            raise RuntimeError("WireMock did not start")
    return process, (time.perf_counter() - started) * 1000


def deliveries(taps=300):
    """Taps whose webhook calls reach a local receiver: deliveries per second, and the time from a
    tap sent to the call's arrival at the receiver (p50, p99 in ms)."""
    import http.server
    import threading
    arrived = {}

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            arrived[json.loads(body)["n"]] = time.perf_counter()
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = free_port()
    process = subprocess.Popen([BIN, "--port", str(port), "--db", ":memory:", "--quiet", "--rate-limit", "0",
                                "--webhook-route", f"https://hooks.example.com=http://127.0.0.1:{receiver.server_address[1]}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        sent = {}
        began = time.perf_counter()
        for n in range(taps):
            notification = post(base + "/api/push-notification", {"title": "t", "target": {"channels": ["ops"]}, "actions": [
                {"title": "Go", "type": "webhook", "url": "https://hooks.example.com/tap", "body": {"n": n}}]})["notification_id"]
            request = urllib.request.Request(base + "/_mock/taps", method="POST", data=json.dumps(
                {"device_id": "adam-iphone", "notification_id": notification, "action_index": 0}).encode())
            sent[n] = time.perf_counter()
            with urllib.request.urlopen(request) as answer:
                answer.read()
        while len(arrived) < taps and time.perf_counter() - began < 30:
            time.sleep(0.01)
        elapsed = max(arrived.values()) - began if arrived else 0
        latencies = sorted((arrived[n] - sent[n]) * 1000 for n in arrived)
        return len(arrived), len(arrived) / elapsed if elapsed else 0, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    finally:
        process.terminate()
        process.wait(timeout=10)
        receiver.shutdown()


def update_script(port, path):
    """Starts ACTIVITIES activities on the mock at `port` and writes the wrk script that updates them."""
    ids = [post(f"http://127.0.0.1:{port}/api/live-activity/start", {"content_state": {
        "title": "Nightly database backup", "subtitle": "create snapshot", "number_of_steps": 3, "current_step": 1,
        "type": "segmented_progress", "color": "yellow"}})["activity_id"] for _ in range(ACTIVITIES)]
    write_script(path, ids)
    return path


def write_script(path, ids):
    with open(os.path.join(HERE, "update.lua")) as f:
        template = f.read()
    with open(path, "w") as f:
        f.write("ids = {" + ",".join(f'"{i}"' for i in ids) + "}\n" + template)


def row(r, nginx):
    """A table row; ×nginx compares with nginx at the same number of connections."""
    nginx_rps = nginx.get(r["connections"])
    ratio = f"{r['rps'] / nginx_rps:.2f}" if nginx_rps else "-"
    return (f"| {r['name']:<31} | {r['connections']:>4} | {r['rps']:>10,.0f} | {r['p50']:>8} | {r['p99']:>8} | "
            f"{r['cpu_us']:>7.1f} | {r['rss']:>7.1f} | {r['errors']:>6} | {ratio:>5} |")


def main():
    workdir = tempfile.mkdtemp(prefix="asmock-bench-")
    try:
        db = os.path.join(workdir, "bench.sqlite")
        mock, port, startup_ms = start_mock(db)
        idle_rss = rss_mb([mock.pid])
        script = update_script(port, os.path.join(workdir, "update.lua"))
        nginx_port = free_port()
        nginx, nginx_pids = start_nginx(workdir, nginx_port)
        httpkit, httpkit_port = start_httpkit()
        results = []
        pairs = {32: [], 256: [], 1: []}
        layer = []
        adaptive_rows = []
        peer = []
        wiremock_startup = None
        try:
            # Warm-up, then the same load against nginx and the mock, alternating, ROUNDS times.
            wrk(f"http://127.0.0.1:{port}", script, 32, 1)
            for _ in range(ROUNDS):
                for connections in (32, 256, 1):
                    pairs[connections].append((
                        measure("nginx return 200 (ceiling)", f"http://127.0.0.1:{nginx_port}", script, nginx_pids, connections),
                        measure("mock POST /live-activity/update", f"http://127.0.0.1:{port}", script, [mock.pid], connections)))
            results.extend(m for c in (32, 256, 1) for _, m in pairs[c])
            # The same build with --scheduling adaptive (not the default): what batching the
            # threads gives at 32 and 1 connections, in the same sitting.
            adaptive_db = os.path.join(workdir, "adaptive.sqlite")
            adaptive, adaptive_port, _ = start_mock(adaptive_db, "--scheduling", "adaptive")
            try:
                adaptive_script = update_script(adaptive_port, os.path.join(workdir, "adaptive.lua"))
                wrk(f"http://127.0.0.1:{adaptive_port}", adaptive_script, 32, 1)
                for connections in (32, 1):
                    adaptive_rows.append(measure("mock update, scheduling adaptive", f"http://127.0.0.1:{adaptive_port}",
                                                 adaptive_script, [adaptive.pid], connections))
            finally:
                adaptive.terminate()
                adaptive.wait(timeout=10)
            if mock.tls_port:
                # The same updates over HTTPS, kept-alive connections (one handshake each).
                for connections in (32, 1):
                    results.append(measure("mock update over HTTPS", f"https://127.0.0.1:{mock.tls_port}", script, [mock.pid], connections))
            if WIREMOCK_JAR:
                # A real peer, what teams pick instead: one static stub, no state, in the same sitting.
                wiremock_port = free_port()
                wiremock, wiremock_startup = start_wiremock(workdir, wiremock_port, WIREMOCK_JAR)
                try:
                    wiremock_pids = [wiremock.pid]
                    wrk(f"http://127.0.0.1:{wiremock_port}", script, 32, 5)  # the JIT's warm-up
                    for connections in (32, 1):
                        peer.append(measure("WireMock static stub (peer)", f"http://127.0.0.1:{wiremock_port}", script,
                                            wiremock_pids, connections))
                finally:
                    wiremock.terminate()
                    wiremock.wait(timeout=10)
            if httpkit:
                # The HTTP layer alone: what no change to the update path can go below.
                for connections in (32, 256, 1):
                    layer.append(measure("HTTPKit fixed body", f"http://127.0.0.1:{httpkit_port}", script, [httpkit.pid], connections))
        finally:
            nginx.terminate()
            nginx.wait()
            if httpkit:
                httpkit.terminate()
                httpkit.wait()
        # Toward 200 000 requests in all, then RSS.
        served = sum(r["total"] for r in results)
        if served < 200_000:
            rate = max(results[0]["rps"], 1)
            wrk(f"http://127.0.0.1:{port}", script, 32, max(1, int((200_000 - served) / rate) + 1))
        rss_after = rss_mb([mock.pid])
        wal_mb = os.path.getsize(db + "-wal") / 1e6 if os.path.exists(db + "-wal") else 0
        db_mb = os.path.getsize(db) / 1e6
        mock.terminate()
        mock.wait(timeout=10)
        acknowledged = sum(r["total"] - r["errors"] for r in results if r["name"].startswith("mock"))
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT COUNT(*) FROM updates WHERE kind = 'update'").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]

        # Per connection count, the round whose ratio is the median: its nginx row is the ceiling
        # the other rows at that count are compared with.
        middle = {c: sorted(pairs[c], key=lambda p: p[1]["rps"] / p[0]["rps"])[len(pairs[c]) // 2] for c in pairs}
        nginx = {c: middle[c][0]["rps"] for c in middle}
        print()
        print(f"wrk -t2 -d{SECONDS}s, docs' update body over {ACTIVITIES} activities (3 devices each); fresh file database")
        print("| target                          | conn |   requests/s |      p50 |      p99 | CPU µs/req | RSS MB | errors | ×nginx |")
        print("|---|---|---|---|---|---|---|---|---|")
        for c in (32, 256, 1):
            print(row(middle[c][0], nginx))
            print(row(middle[c][1], nginx))
        for r in [r for r in results if r["name"].startswith("mock update over")] + adaptive_rows + layer + peer:
            print(row(r, nginx))
        print()
        for c in (32, 256, 1):
            ratios = " / ".join(f"{m['rps'] / n['rps']:.2f}" for n, m in pairs[c])
            print(f"mock ×nginx at {c} connection(s), each round against the nginx run just before it: {ratios} "
                  f"(the table shows the median round)")
        p50s = " / ".join(f"{m['p50']} vs {n['p50']}" for n, m in pairs[1])
        print(f"p50 at 1 connection, mock vs nginx, each round: {p50s}")
        if wiremock_startup is not None:
            print(f"WireMock {os.path.basename(WIREMOCK_JAR)}: start-up, spawn to first 200: {wiremock_startup:.0f} ms; "
                  f"RSS after its runs: {max(r['rss'] for r in peer):.0f} MB")
        delivered, per_second, tap_p50, tap_p99 = deliveries()
        print(f"webhook deliveries: {delivered} of 300 taps delivered to a local receiver, {per_second:.0f}/s one tap at a time; "
              f"tap sent to the call's arrival: p50 {tap_p50:.1f} ms, p99 {tap_p99:.1f} ms")
        print(f"start-up, spawn to first 200: {startup_ms:.1f} ms; idle RSS {idle_rss:.1f} MB; "
              f"RSS after {max(served, 200_000):,}+ requests: {rss_after:.1f} MB")
        print(f"database after them: {db_mb:.1f} MB, write-ahead log file {wal_mb:.1f} MB (its high-water mark)")
        print(f"updates acknowledged by wrk (measured runs, 2xx): {acknowledged:,}; update rows in the database "
              f"(all runs): {stored:,}; integrity_check: {integrity}")
        ok = stored >= acknowledged and integrity == "ok" and all(r["errors"] == 0 for r in results + adaptive_rows + layer) and wal_mb < 100
        print("bench: " + ("ok" if ok else "PROBLEM (errors, lost updates or integrity)"))
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
