"""Where the CPU of one update goes at 32 connections: perf samples of the mock's process while
wrk sends the docs' update, each sample put in the first phase its stack shows (innermost
wins), in µs of CPU per acknowledged update.

    python3 Tests/bench/profile.py .build/release/activitysmith-mock [seconds]

Needs perf (linux-perf) and wrk; perf_event_paranoid ≤ 2 lets a user profile its own process.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (its start_mock, free_port, write_script)

FREQUENCY = 2999
# (phase, pattern over a frame's symbol), in priority order: a sample belongs to the first phase
# any frame of its stack matches (a SQLite frame under the journal's insert is the journal's).
# The journal and the change feed are middleware around the whole handler: only their own
# functions and their answer-side closures count as theirs.
PHASES = [
    ("store: WAL write and sync", r"^(__libc_pwrite|pwrite64|fdatasync|sqlite3WalFrames)$"),
    ("store: journal rows", r"JournalTable"),
    ("store: the update's statements", r"saveActivityChange|insertUpdate|8activity2id|TokenDelivery|setLastUpdate"),
    ("store: commit and other SQLite", r"^sqlite3"),
    ("socket write (loopback TCP, both ends)", r"^(__send|__libc_send|send|__GI___libc_write)$"),
    ("socket read", r"^(__libc_recv|recv|__GI___libc_read)$"),
    ("parse HTTP", r"RequestParser"),
    ("decode and validate JSON", r"ChangeRequest|ContentState|JSONParser|ObjectReader|CommonFields"),
    ("authenticate", r"Authenticator"),
    ("encode the answer and the payload", r"JSONWriter|ResponseEncoder"),
    ("journal (request side)", r"7JournalC6record|scanActivityID|JournalBuffer|JournalEntry|ChangeWaiters"),
    ("change feed", r"ChangeFeedC(?!10middleware)|ChangeFeedC10middleware.*fU_.*fU_"),
    ("thread wake-ups (futex, eventfd)", r"futex|sem_post|sem_wait|eventfd_write|_dispatch_semaphore"),
    ("Dispatch manager (sources, epoll)", r"_dispatch_mgr|epoll_wait"),
    ("route, handler and store job, other", r"LiveActivityEndpoints|ActivityLifecycle|APIRoute|RouteTable|Middleware|runBatch|startWriter|submit"),
    ("WAL checkpoints", r"WALMaintenance"),
    ("connection I/O queue, other", r"7HTTPKit10Connection"),
    ("scheduling (context switches)", r"finish_task_switch|__schedule"),
]


def classify(stack):
    for name, pattern in PHASES:
        if any(re.search(pattern, frame) for frame in stack):
            return name
    return "other (allocator, Swift runtime, kernel)"


def main():
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for tool in ("perf", "wrk"):
        if not shutil.which(tool):
            print(f"SKIPPED: {tool} is not installed")
            return
    work = tempfile.mkdtemp(prefix="asmock-profile-")
    bench.BIN = binary
    mock, port, _ = bench.start_mock(os.path.join(work, "bench.sqlite"))
    try:
        script = bench.update_script(port, os.path.join(work, "update.lua"))
        bench.wrk(f"http://127.0.0.1:{port}", script, 32, 1)  # warm-up
        data = os.path.join(work, "perf.data")
        perf = subprocess.Popen(["perf", "record", "-F", str(FREQUENCY), "-g", "-p", str(mock.pid), "-o", data, "--",
                                 "sleep", str(seconds + 1)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)
        result = bench.wrk(f"http://127.0.0.1:{port}", script, 32, seconds)
        perf.wait()
        if perf.returncode != 0:
            print("SKIPPED: perf record failed: " + perf.stderr.read().decode().strip().splitlines()[-1])
            return
        text = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym"], capture_output=True, text=True).stdout
    finally:
        mock.terminate()
        mock.wait()
    samples = {}
    total = 0
    for block in text.split("\n\n"):
        stack = [line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else "" for line in block.strip().splitlines()]
        if not stack:
            continue
        total += 1
        phase = classify(stack)
        samples[phase] = samples.get(phase, 0) + 1
    updates = result["total"]
    cpu_seconds = total / FREQUENCY
    per_update = cpu_seconds / max(1, updates) * 1e6
    print(f"32 connections, {seconds} s: {updates:,} updates ({updates / seconds:,.0f}/s); {total:,} samples at {FREQUENCY} Hz; "
          f"{per_update:.1f} µs of CPU per update")
    print()
    print("| phase | share | µs per update |")
    print("|---|---:|---:|")
    for phase, count in sorted(samples.items(), key=lambda kv: -kv[1]):
        print(f"| {phase} | {100 * count / total:.1f} % | {per_update * count / total:.1f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
