"""Slow and hostile clients against the real binary: the server stays up, answers normal clients
promptly, frees what hostile ones held, and keeps memory bounded over 100 000 requests."""
import os
import re
import socket
import subprocess
import sys
import threading
import time

BIN = sys.argv[1]
REQUESTS = int(os.environ.get("HOSTILE_REQUESTS", "100000"))
UPDATE = (b'{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"title":"Nightly database backup",'
          b'"subtitle":"upload archive","number_of_steps":3,"current_step":2}}')
REQUEST = (b"POST /api/live-activity/update HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer ask_123456789\r\n"
           b"Content-Type: application/json\r\nContent-Length: " + str(len(UPDATE)).encode() + b"\r\n\r\n" + UPDATE)


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def answered_with(sockets, status_line, timeout):
    """How many of `sockets` have an answer waiting that starts with `status_line`."""
    count = 0
    for s in sockets:
        s.settimeout(timeout)
        try:
            if s.recv(4096).startswith(status_line):
                count += 1
        except OSError:
            pass
    return count


def read_response(sock):
    return read_pipelined(sock, b"")


def normal_request(port):
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(REQUEST)
        status, _ = read_response(s)
    return status, (time.perf_counter() - started) * 1000


def wait_until(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def main():
    process = subprocess.Popen([BIN, "--port", "0", "--db", ":memory:", "--quiet", "--rate-limit", "0",
                                "--max-connections", "700", "--header-timeout", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", process.stdout.readline()).group(1))
    pid = process.pid
    baseline_fds = open_fds(pid)
    failures = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
        if not ok:
            failures.append(name)

    # 1. 500 connections send part of a request and stall; a normal client is still answered promptly.
    stalled = []
    for _ in range(500):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/live-activity/update HTTP/1.1\r\nHost: m\r\nContent-Le")
        stalled.append(s)
    status, ms = normal_request(port)
    check("normal client answered beside 500 stalled ones", status == 200 and ms < 500, f"({status}, {ms:.1f} ms)")
    # ... and the stalled ones get 408 and are closed after the header timeout, freeing their descriptors.
    time.sleep(2.6)
    answered = answered_with(stalled, b"HTTP/1.1 408", timeout=2)
    for s in stalled:
        s.close()
    check("stalled connections got 408", answered == 500, f"({answered}/500)")
    check("their descriptors were freed", wait_until(lambda: open_fds(pid) <= baseline_fds + 2, 5),
          f"(fds {open_fds(pid)}, baseline {baseline_fds})")

    # 2. A client that pipelines without ever reading: reading pauses (backpressure), nothing grows unbounded.
    before = rss_mb(pid)
    greedy = socket.create_connection(("127.0.0.1", port))
    greedy.setblocking(False)
    sent = 0
    try:
        while sent < 40_000_000:
            sent += greedy.send(REQUEST * 200)
    except BlockingIOError:
        pass
    time.sleep(0.5)
    status, ms = normal_request(port)
    check("server serves while a client never reads", status == 200, f"(pushed {sent // 1024} KiB before the socket filled; {ms:.1f} ms)")
    check("memory stayed bounded under it", rss_mb(pid) - before < 50, f"(RSS {before:.1f} -> {rss_mb(pid):.1f} MB)")
    greedy.close()

    # 3. Half-closed socket: the request is answered, then the connection closes.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(REQUEST)
        s.shutdown(socket.SHUT_WR)
        status, _ = read_response(s)
        check("half-closed client gets its answer", status == 200)

    # 4. Disconnect in the middle of a body.
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/live-activity/update HTTP/1.1\r\nHost: m\r\nContent-Length: 1000\r\n\r\n{\"activity_")
        s.close()
    check("server fine after 50 mid-body disconnects", normal_request(port)[0] == 200)

    # 5. A flood beyond the connection limit (700): the extra ones get 503, the server stays up.
    flood, refused = [], 0
    for _ in range(760):
        try:
            flood.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        except OSError:
            refused += 1
    time.sleep(0.3)
    got503 = answered_with(flood[690:], b"HTTP/1.1 503", timeout=0.5)
    for s in flood:
        s.close()
    check("connections beyond the limit get 503", got503 >= 50, f"({got503} answered 503, {refused} refused)")
    check("descriptors freed after the flood", wait_until(lambda: open_fds(pid) <= baseline_fds + 2, 5),
          f"(fds {open_fds(pid)})")
    check("server still serving", normal_request(port)[0] == 200)

    # 6. Memory over 100 000 requests on keep-alive connections.
    rss_before = rss_mb(pid)
    per_thread = REQUESTS // 4
    errors = []

    def worker():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                batch = 50
                for _ in range(per_thread // batch):
                    s.sendall(REQUEST * batch)
                    pending = b""
                    for _ in range(batch):
                        status, pending = read_pipelined(s, pending)
                        if status != 200:
                            errors.append(status)
        except OSError as error:
            errors.append(str(error))

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rss_after = rss_mb(pid)
    check(f"{per_thread * 4} requests without errors", not errors, f"({len(errors)} errors, {time.time() - started:.1f} s)")
    # The database is in memory, so its rows (~26 MB for 100k updates) are part of the growth;
    # what earlier steps left (the greedy client's requests, as many as the kernel's socket
    # buffers held) is not, so the bound is on the growth over these requests.
    check("RSS bounded over them", rss_after - rss_before < 32, f"(RSS before {rss_before:.1f} MB, after {rss_after:.1f} MB)")

    # 7. Two clients pipeline small GETs as fast as they can (and read the answers): new
    #    connections, on the same I/O queues, are still answered promptly (TurnBudget).
    p50, p99, served = pipelining_neighbours(port)
    check("new connections beside two pipelining clients", p99 < 100, f"(first answer p50 {p50:.1f} ms, p99 {p99:.1f} ms; the pipeliners got {served} answers)")

    process.terminate()
    process.wait(timeout=10)
    print(f"hostile clients: {'all checks passed' if not failures else 'FAILED: ' + ', '.join(failures)}")
    sys.exit(1 if failures else 0)


def pipelining_neighbours(port, seconds=3.0):
    """p50 and p99 (ms) of new connections' first answers while two clients pipeline."""
    request = b"GET / HTTP/1.1\r\nHost: m\r\n\r\n"
    stop = threading.Event()
    served = [0]

    def pipeliner():
        # Sends without waiting for answers (the socket's buffers full), and reads on another thread.
        s = socket.create_connection(("127.0.0.1", port), timeout=10)

        def read():
            while not stop.is_set():
                try:
                    chunk = s.recv(1 << 20)
                except OSError:
                    return
                if not chunk:
                    return
                served[0] += chunk.count(b"HTTP/1.1 ")

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            while not stop.is_set():
                s.sendall(request * 500)
        except OSError:
            pass
        s.close()
        reader.join(timeout=5)

    threads = [threading.Thread(target=pipeliner, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(latencies) < 200:
        began = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(request)
            s.recv(4096)
        latencies.append((time.monotonic() - began) * 1000)
        time.sleep(0.01)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], served[0]


def read_pipelined(sock, pending):
    while b"\r\n\r\n" not in pending:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        pending += chunk
    head, rest = pending.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    while len(rest) < length:
        rest += sock.recv(65536)
    return int(head.split(b" ")[1]), rest[length:]


if __name__ == "__main__":
    main()
