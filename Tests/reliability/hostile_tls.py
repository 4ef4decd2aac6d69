"""Hostile and heavy clients on the HTTPS port (--tls-port): the plain port keeps answering, and
what TLS peers held is freed. Shares its helpers with hostile_clients.py."""
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from hostile_clients import REQUEST, normal_request, open_fds, read_response, rss_mb, wait_until

BIN = sys.argv[1]
CLIENTS = 500


def main():
    process = subprocess.Popen([BIN, "--port", "0", "--tls-port", "0", "--db", ":memory:", "--quiet", "--rate-limit", "0",
                                "--max-connections", "1200", "--header-timeout", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", process.stdout.readline()).group(1))
    tls_port = int(process.stdout.readline().strip().rsplit(":", 1)[1])
    pid = process.pid
    failures = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}".rstrip())
        if not ok:
            failures.append(name)

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/tls/ca.pem") as response:
        ca = tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False)
        ca.write(response.read().decode())
        ca.close()
    context = ssl.create_default_context(cafile=ca.name)
    baseline_fds = open_fds(pid)
    rss_before = rss_mb(pid)

    # 500 TLS clients at once, each kept open after its answer; the plain port meanwhile.
    def tls_client(_):
        sock = context.wrap_socket(socket.create_connection(("127.0.0.1", tls_port), timeout=10), server_hostname="activitysmith.com")
        sock.sendall(REQUEST)
        status, _ = read_response(sock)
        return sock, status

    started = time.time()
    with ThreadPoolExecutor(64) as pool:
        plain = pool.submit(lambda: [normal_request(port) for _ in range(20)])
        held = list(pool.map(tls_client, range(CLIENTS)))
        plain_results = plain.result()
    answered = sum(1 for _, status in held if status == 200)
    check(f"{CLIENTS} concurrent TLS clients answered", answered == CLIENTS, f"({answered}/{CLIENTS} in {time.time() - started:.1f} s)")
    worst = max(ms for _, ms in plain_results)
    check("the plain port answered meanwhile", all(s == 200 for s, _ in plain_results) and worst < 1000, f"(worst {worst:.1f} ms)")
    status, ms = normal_request(port)
    check("plain port answers with 500 TLS connections open", status == 200 and ms < 500, f"({status}, {ms:.1f} ms)")
    for sock, _ in held:
        sock.close()
    check("their descriptors were freed", wait_until(lambda: open_fds(pid) <= baseline_fds + 2, 10),
          f"({open_fds(pid)} open, {baseline_fds} at start)")

    # Stalled handshakes (nothing sent, or half a ClientHello), plain HTTP and garbage on the TLS port.
    stalled = [socket.create_connection(("127.0.0.1", tls_port), timeout=5) for _ in range(200)]
    for s in stalled[:100]:
        s.sendall(b"\x16\x03\x01\x02\x00")  # a TLS record header promising 512 bytes that never come
    status, ms = normal_request(port)
    check("plain port answers beside 200 stalled handshakes", status == 200 and ms < 500, f"({status}, {ms:.1f} ms)")
    closed = 0
    for s in stalled:
        s.settimeout(6)
        try:
            if s.recv(4096) == b"":
                closed += 1
        except OSError:
            closed += 1  # reset by the server
        s.close()
    check("stalled handshakes closed by the handshake timeout", closed == 200, f"({closed}/200)")

    def closes(payload):
        with socket.create_connection(("127.0.0.1", tls_port), timeout=5) as s:
            s.sendall(payload)
            try:
                data = s.recv(4096)
                while data and not data.startswith(b"HTTP/"):  # a TLS alert, then the close
                    data = s.recv(4096)
                return data == b""
            except OSError:
                return True
    plain_http = sum(closes(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n") for _ in range(50))
    check("plain HTTP on the TLS port is closed", plain_http == 50, f"({plain_http}/50)")
    garbage = sum(closes(bytes((i * 37 + j) % 256 for j in range(300))) for i in range(50))
    check("garbage on the TLS port is closed", garbage == 50, f"({garbage}/50)")

    # A TLS peer that completes the handshake, then sends half a request head: 408, as on plain HTTP.
    sock = context.wrap_socket(socket.create_connection(("127.0.0.1", tls_port), timeout=6), server_hostname="localhost")
    sock.sendall(b"POST /api/push-notification HTTP/1.1\r\nHost: m\r\n")
    status, _ = read_response(sock)
    sock.close()
    check("half a request over TLS gets 408", status == 408, f"({status})")
    check("server still serving both ports", normal_request(port)[0] == 200 and tls_client(0)[1] == 200)
    check("descriptors freed after all of it", wait_until(lambda: open_fds(pid) <= baseline_fds + 2, 10),
          f"({open_fds(pid)} open, {baseline_fds} at start)")
    check("RSS bounded", rss_mb(pid) - rss_before < 80, f"(RSS {rss_before:.1f} -> {rss_mb(pid):.1f} MB)")

    # Peers that leave while the server writes them a large answer (the OpenAPI document) with a
    # small receive window: the server's later writes fail with EPIPE. The server sets no signal
    # disposition, so a write that raised SIGPIPE would end the process here.
    def leave_mid_answer(_):
        try:
            raw = socket.socket()
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            raw.settimeout(10)
            raw.connect(("127.0.0.1", tls_port))
            sock = context.wrap_socket(raw, server_hostname="activitysmith.com")
            sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: m\r\n\r\n" * 20)
            sock.recv(1024)
            sock.close()
        except OSError:
            pass  # a server that died shows below

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(leave_mid_answer, range(40)))
    time.sleep(0.5)
    alive = process.poll() is None
    check("peers gone mid-answer: no SIGPIPE, the server serves on", alive and normal_request(port)[0] == 200,
          f"(exit code {process.poll()})")
    if not alive:
        print("hostile TLS clients: FAILED: the server died")
        return 1

    # Storms: 1,000 TLS connections at once that handshake and then stall, closed together, five
    # times. Once the server is idle again the executable gives the heap back (malloc_trim).
    def stalled_tls(_):
        return context.wrap_socket(socket.create_connection(("127.0.0.1", tls_port), timeout=10), server_hostname="activitysmith.com")

    calm = rss_mb(pid)
    peaks = []
    for _ in range(5):
        with ThreadPoolExecutor(64) as pool:
            storm = list(pool.map(stalled_tls, range(1000)))
        peaks.append(rss_mb(pid))
        for sock in storm:
            sock.close()
        wait_until(lambda: open_fds(pid) <= baseline_fds + 2, 10)
    # Given back: at most 60 % of what the storms added stays once idle (the trim runs within ~1 s).
    grew = max(peaks) - calm
    kept = lambda: rss_mb(pid) - calm <= 0.6 * grew
    wait_until(kept, 4)
    after = rss_mb(pid)
    check("memory given back after 5 storms of 1,000 TLS connections", grew < 5 or kept(),
          f"(RSS {calm:.1f} MB before, {max(peaks):.1f} at the highest storm, {after:.1f} once idle)")

    process.terminate()
    code = process.wait(timeout=10)
    check("SIGTERM exits 0", code == 0, f"({code})")
    print(f"hostile TLS clients: {'all checks passed' if not failures else 'FAILED: ' + ', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
