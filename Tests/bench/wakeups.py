"""Thread wake-ups and context switches per update at 32 connections, by who woke whom: the
scheduler's tracepoints (perf) while wrk sends the docs' update, with the mock's threads sorted
into roles (libdispatch's manager thread, the store's writer, Dispatch workers) and wrk's.

    python3 Tests/bench/wakeups.py .build/release/activitysmith-mock [seconds] [connections]

Needs perf (linux-perf) and wrk, and root or perf_event_paranoid ≤ 1 for the tracepoints.
Not part of the test command; docs/benchmark.md quotes it.
"""
import collections, os, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (start_mock, update_script, wrk)


def roles(pid):
    """tid -> role, read while the mock is idle: the manager waits in epoll, the writer is the
    other thread named after the executable (the main thread waits for a signal)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        name = open(f"{base}/comm").read().strip()
        wchan = open(f"{base}/wchan").read().strip()
        if int(tid) == pid:
            out[int(tid)] = "main"
        elif "epoll" in wchan:
            out[int(tid)] = "manager"
        elif name == open(f"/proc/{pid}/comm").read().strip():
            out[int(tid)] = "writer"
        else:
            out[int(tid)] = "worker"
    return out


def main():
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    connections = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    bench.BIN = binary
    bench.TLS = False
    workdir = tempfile.mkdtemp(prefix="asmock-wakeups-")
    mock, port, _ = bench.start_mock(os.path.join(workdir, "db.sqlite"))
    data = os.path.join(workdir, "sched.data")
    try:
        script = bench.update_script(port, os.path.join(workdir, "update.lua"))
        bench.wrk(f"http://127.0.0.1:{port}", script, connections, 1)
        time.sleep(0.2)
        role = roles(mock.pid)
        perf = subprocess.Popen(["perf", "record", "-q", "-e", "sched:sched_wakeup,sched:sched_switch", "-a", "-o", data],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        result = bench.wrk(f"http://127.0.0.1:{port}", script, connections, seconds)
        perf.send_signal(2)
        perf.wait()
        role.update({t: r for t, r in roles(mock.pid).items() if t not in role})  # workers started meanwhile
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    text = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,event,trace"], capture_output=True, text=True).stdout

    def who(tid, comm):
        return role.get(int(tid)) or ("wrk" if comm.startswith("wrk") else "idle" if comm.startswith("swapper") else "other")

    wakes, switches = collections.Counter(), collections.Counter()
    for line in text.splitlines():
        m = re.match(r"\s*(\S+)\s+(\d+)\s+sched:(\w+):\s+(.*)", line)
        if not m:
            continue
        comm, tid, event, trace = m.groups()
        if event == "sched_wakeup":
            w = re.search(r"comm=(\S+) pid=(\d+)", trace)
            wakes[(who(tid, comm), who(w.group(2), w.group(1)))] += 1
        elif event == "sched_switch":
            s = re.search(r"prev_comm=(\S+) prev_pid=(\d+) .*prev_state=(\S+)", trace)
            switches[(who(s.group(2), s.group(1)), "preempted" if s.group(3).startswith("R") else "slept")] += 1
    # Counted over the whole recording (it brackets the run by ~0.3 s), per update wrk saw answered.
    n = max(result["total"], 1)
    print(f"{connections} connections, {seconds} s: {result['total']:,} updates ({result['rps']:,.0f}/s), p99 {result['p99']}")
    print("\n| waker → woken | per update |\n|---|---:|")
    for (a, b), count in wakes.most_common():
        if count / n >= 0.01 and "other" not in (a, b):
            print(f"| {a} → {b} | {count / n:.2f} |")
    print("\n| thread | slept | preempted |\n|---|---:|---:|")
    for name in ("manager", "worker", "writer", "wrk"):
        print(f"| {name} | {switches[(name, 'slept')] / n:.2f} | {switches[(name, 'preempted')] / n:.2f} |")
    total = sum(c for (name, _), c in switches.items() if name in ("manager", "worker", "writer"))
    print(f"\nthe mock's context switches per update: {total / n:.2f}")


if __name__ == "__main__":
    main()
