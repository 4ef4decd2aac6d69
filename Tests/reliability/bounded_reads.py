"""Reads that once grew without bound, driven at small sizes (the test command) or at the sizes that
broke them (--long): the journal full of large bodies, the dashboard over thousands of devices with
readers that never read, MCP lists over a long history in concurrent batches, a FIFO among the
fixture files, a whole body past the limit. Per scenario it reports the peak RSS, the answer sizes,
the latency of API updates sent meanwhile, and at the end the time SIGTERM takes.

Checked: answers stay within their caps, peak RSS under 300 MB, health answers throughout, SIGTERM
exits 0 within 5 s. Latencies are reported, not asserted (no timed assertions in tests).
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BIN = sys.argv[1]
LONG = "--long" in sys.argv
SIZES = {  # small: the test command; long: the sizes of the reports
    "journal_entries": 10_000 if LONG else 600, "journal_body": 64 * 1024 if LONG else 16 * 1024,
    "devices": 20_000 if LONG else 2_000, "event_readers": 10,
    "notifications": 225_000 if LONG else 5_000, "batches": 8, "batch_calls": 100,
}
KEY = "ask_123456789"
UPDATE = json.dumps({"activity_id": "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "content_state": {
    "title": "Nightly database backup", "subtitle": "upload archive", "number_of_steps": 3, "current_step": 2}}).encode()


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


class Connection:
    """One kept-alive HTTP/1.1 connection."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buffer = b""

    def request(self, method, path, body=b"", key=KEY):
        head = f"{method} {path} HTTP/1.1\r\nHost: m\r\nContent-Length: {len(body)}\r\n"
        if key:
            head += f"Authorization: Bearer {key}\r\n"
        self.sock.sendall(head.encode() + b"\r\n" + body)
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        header, rest = self.buffer.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        while len(rest) < length:
            rest += self.sock.recv(1 << 20)
        self.buffer = rest[length:]
        return int(header.split(b" ")[1]), rest[:length]


class UpdateProbe:
    """API updates, one after another on their own connection, while a scenario runs."""

    def __init__(self, port):
        self.port, self.latencies, self.errors = port, [], 0
        self.running = True
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        conn = Connection(self.port)
        while self.running:
            started = time.perf_counter()
            status, _ = conn.request("POST", "/api/live-activity/update", UPDATE)
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.errors += status != 200
            time.sleep(0.005)

    def stop(self):
        self.running = False
        self.thread.join()
        ordered = sorted(self.latencies) or [0]
        return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], len(ordered)


def main():
    workdir = tempfile.mkdtemp(prefix="asmock-bounded-")
    fixtures_dir = os.path.join(workdir, "sets")
    os.mkdir(fixtures_dir)
    os.mkfifo(os.path.join(fixtures_dir, "fifo.json"))
    # acme: the updates and the history; bulk: one channel of many devices, for the dashboard.
    bulk = [{"id": "b00000", "user": "hank", "channels": ["many"]}]  # the rest through the control plane
    fixtures = {"accounts": [
        {"id": "acme", "keys": [{"key": KEY, "scope": "all"}], "channels": ["ops"], "users": ["adam"],
         "devices": [{"id": "d0", "user": "adam", "channels": ["ops"]}, {"id": "d1", "user": "adam", "channels": ["ops"]}],
         "activities": [{"id": "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "devices": ["d0", "d1"], "content_state": {
             "title": "Nightly database backup", "type": "segmented_progress", "number_of_steps": 3, "current_step": 1}}]},
        {"id": "bulk", "keys": [{"key": "ask_bulk_key", "scope": "all"}], "channels": ["many"], "users": ["hank"], "devices": bulk}]}
    fixture_file = os.path.join(workdir, "fixtures.json")
    with open(fixture_file, "w") as f:
        json.dump(fixtures, f)
    process = subprocess.Popen([BIN, "--port", "0", "--db", os.path.join(workdir, "m.sqlite"), "--quiet", "--rate-limit", "0",
                                "--live-activity-limit", "0", "--fixtures", fixture_file, "--fixtures-dir", fixtures_dir,
                                "--journal-retention", str(SIZES["journal_entries"])],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if "listening" not in line:
        print("the mock did not start:", line, process.stderr.read())
        return 1
    port = int(re.search(r":(\d+) ", line).group(1))
    pid = process.pid
    failures = []
    report = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}".rstrip())
        if not ok:
            failures.append(name)

    def scenario(name, body):
        reset_peak(pid)
        probe = UpdateProbe(port)
        started = time.time()
        sizes = body()
        p50, p99, count = probe.stop()
        peak = peak_rss_mb(pid)
        line = (f"{name}: {time.time() - started:.1f} s, answers {sizes}, peak RSS {peak:.0f} MB, "
                f"concurrent updates p50 {p50:.1f} ms / p99 {p99:.1f} ms over {count}")
        report.append(line)
        print("     " + line)
        check(f"{name}: peak RSS under 300 MB", peak < 300, f"({peak:.0f} MB)")
        check(f"{name}: updates kept answering", probe.errors == 0 and count > 0, f"({probe.errors} errors of {count})")
        status, _ = Connection(port).request("GET", "/_mock/health", key=None)
        check(f"{name}: health answers after it", status == 200)

    # 1. The journal full of large bodies, read whole, four readers at once.
    conn = Connection(port)
    body = json.dumps({"title": "x" * SIZES["journal_body"]}).encode()
    for _ in range(SIZES["journal_entries"]):
        conn.request("POST", "/api/push-notification", body)

    def journal():
        def read(_):
            status, answer = Connection(port).request("GET", "/_mock/requests?limit=1000", key=None)
            return status, len(answer), json.loads(answer)
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(read, range(4)))
        check("journal pages stay under 1 MiB", all(s == 200 and n < (1 << 20) + 65536 for s, n, _ in results),
              f"({[n for _, n, _ in results]} bytes)")
        check("journal pages link on", all("next" in page for _, _, page in results))
        return f"{max(n for _, n, _ in results) // 1024} KiB per page"
    scenario("journal", journal)

    # 2. The dashboard over thousands of devices, ten event readers that never read, pushes meanwhile.
    for i in range(1, SIZES["devices"]):
        conn.request("POST", "/_mock/devices", json.dumps({"id": f"b{i:05d}", "account": "bulk", "user": "hank",
                                                           "channels": ["many"]}).encode(), key=None)
    for _ in range(3):
        status, _ = conn.request("POST", "/api/live-activity/start", json.dumps(
            {"content_state": {"title": "T" * 1000, "type": "alert", "message": "m"}}).encode(), key="ask_bulk_key")
        check("a start to every device of the big channel", status == 200)

    def dashboard():
        status, state = conn.request("GET", "/_mock/ui/state", key=None)
        readers = []
        for _ in range(SIZES["event_readers"]):
            s = socket.create_connection(("127.0.0.1", port))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b"GET /_mock/events HTTP/1.1\r\nHost: m\r\n\r\n")
            readers.append(s)
        for i in range(200):
            conn.request("POST", "/api/push-notification", json.dumps({"title": f"p{i}"}).encode())
        time.sleep(0.5)
        for s in readers:
            s.close()
        omitted = json.loads(state)["devices_omitted"]
        check("dashboard state capped, saying what it left out", status == 200 and len(state) < 4 << 20 and omitted > 0,
              f"({len(state) // 1024} KiB, {omitted} devices left out)")
        return f"state {len(state) // 1024} KiB"
    scenario("dashboard", dashboard)

    # 3. MCP lists over a long history, in concurrent batches of 100 calls.
    push = json.dumps({"title": "h"}).encode()
    for _ in range(SIZES["notifications"]):
        conn.request("POST", "/api/push-notification", push)

    def mcp():
        batch = json.dumps([{"jsonrpc": "2.0", "id": i, "method": "tools/call",
                             "params": {"name": "list_push_notifications", "arguments": {"limit": 1}}}
                            for i in range(SIZES["batch_calls"])]).encode()

        def run(_):
            started = time.perf_counter()
            status, answer = Connection(port).request("POST", "/mcp", batch)
            return status, len(answer), time.perf_counter() - started
        with ThreadPoolExecutor(SIZES["batches"]) as pool:
            results = list(pool.map(run, range(SIZES["batches"])))
        check("MCP batches answered", all(s == 200 for s, _, _ in results))
        return f"{max(n for _, n, _ in results) // 1024} KiB per batch, slowest batch {max(t for _, _, t in results) * 1000:.0f} ms"
    scenario("mcp lists", mcp)

    # 4. A FIFO among the fixture files, asked for 30 times.
    def fifo():
        statuses = [conn.request("POST", "/_mock/reset", json.dumps({"fixtures": "fifo.json"}).encode(), key=None)[0] for _ in range(30)]
        check("a FIFO fixture file is refused at once", statuses == [400] * 30, f"({set(statuses)})")
        return "30 refusals"
    scenario("fifo", fifo)

    # 5. A whole body past the limit: the 413 is read, not a reset.
    def too_large():
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"POST /api/push-notification HTTP/1.1\r\nHost: m\r\nContent-Length: 3145728\r\n\r\n" + b"x" * 3145728)
        answer = s.recv(4096)
        s.close()
        check("a whole body past 1 MiB reads 413", answer.startswith(b"HTTP/1.1 413"), f"({answer[:20]!r})")
        return "413"
    scenario("413", too_large)

    started = time.time()
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=30)
    stop = time.time() - started
    report.append(f"SIGTERM: exit {code} in {stop:.2f} s")
    check("SIGTERM exits 0 within 5 s", code == 0 and stop < 5, f"({code}, {stop:.2f} s)")
    print(f"bounded reads ({'long' if LONG else 'small'} sizes): " + ("all checks passed" if not failures else "FAILED: " + ", ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
