"""Counts what a commit writes, by table: the mock under wrk's update load, its WAL copied while the
server is stopped (SIGSTOP, so the copy is one consistent moment), each frame's page mapped to its
table or index with `dbstat`. Not part of the test command (no assertions); see docs/benchmark.md.

    python3 Tests/bench/wal_frames.py .build/release/activitysmith-mock [CONNECTIONS]
"""
import collections
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 32
sys.argv = sys.argv[:2]  # bench.py reads the binary from argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def frames(wal_path):
    """(page number, is-commit) of every frame in a WAL file."""
    data = open(wal_path, "rb").read()
    page_size = struct.unpack(">I", data[8:12])[0]
    out, offset = [], 32
    while offset + 24 + page_size <= len(data):
        page, commit_size = struct.unpack(">II", data[offset:offset + 8])
        out.append((page, commit_size != 0))
        offset += 24 + page_size
    return out


def main():
    work = tempfile.mkdtemp(prefix="asmock-wal-")
    try:
        db = os.path.join(work, "bench.sqlite")
        mock, port, _ = bench.start_mock(db)
        script = bench.update_script(port, os.path.join(work, "update.lua"))
        bench.wrk(f"http://127.0.0.1:{port}", script, CONNECTIONS, 3)
        load = subprocess.Popen(["wrk", "-t2", f"-c{CONNECTIONS}", "-d3s", "-s", script, f"http://127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL)
        time.sleep(1.5)
        os.kill(mock.pid, signal.SIGSTOP)
        shutil.copy(db, os.path.join(work, "copy.sqlite"))
        shutil.copy(db + "-wal", os.path.join(work, "copy.sqlite-wal"))
        os.kill(mock.pid, signal.SIGCONT)
        load.wait()
        mock.terminate()
        mock.wait()
        counted = frames(os.path.join(work, "copy.sqlite-wal"))
        with sqlite3.connect(os.path.join(work, "copy.sqlite")) as conn:
            owner = {page: name for name, page in conn.execute("SELECT name, pageno FROM dbstat")}
        commits = max(1, sum(1 for _, commit in counted if commit))
        by_table = collections.Counter(owner.get(page, "(free list or new)") for page, _ in counted)
        print(f"{CONNECTIONS} connections: {len(counted)} frames, {commits} commits, {len(counted) / commits:.2f} frames per commit")
        for name, n in by_table.most_common():
            print(f"  {name:28} {n:7}  {n / commits:.2f} per commit")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
