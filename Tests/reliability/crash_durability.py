"""Crash durability: concurrent clients update their own activities; the server is killed with
SIGKILL at a random moment; after a restart on the same database, every update that got a 2xx
must be there, in order, and the database must pass PRAGMA integrity_check. Repeated N times.

Each activity is of type `value`; its k-th update carries value k, so the stored history of an
activity must read 1, 2, 3, ... up to at least the last acknowledged k.
"""
import contextlib
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BIN = sys.argv[1]
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "10"))
CLIENTS = 8
KEY = "ask_123456789"


def start(db):
    process = subprocess.Popen([BIN, "--port", "0", "--db", db, "--quiet", "--rate-limit", "0", "--live-activity-limit", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    port = int(re.search(r":(\d+) ", line).group(1))
    return process, port


def call(conn, method, path, body):
    conn.request(method, path, body=json.dumps(body), headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def client(port, acked, errors, stop):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        status, body = call(conn, "POST", "/api/live-activity/start",
                            {"content_state": {"title": "Counter", "type": "value", "value": 0}})
        if status != 200:
            errors.append(f"start {status} {body}")
            return
        activity = body["activity_id"]
        acked[activity] = 0
        k = 0
        while not stop.is_set():
            k += 1
            status, body = call(conn, "POST", "/api/live-activity/update",
                                {"activity_id": activity, "content_state": {"title": "Counter", "value": k}})
            if status != 200:
                errors.append(f"update {status} {body}")
                return
            acked[activity] = k  # acknowledged only after the 2xx arrived
    except (OSError, http.client.HTTPException):
        pass  # the server was killed mid-request: that update was never acknowledged


def history(db, activity):
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT seq, payload FROM updates WHERE activity_id = ? AND kind = 'update' ORDER BY seq", (activity,)).fetchall()
    return [json.loads(payload)["content_state"]["value"] for _, payload in rows], [seq for seq, _ in rows]


def main():
    random.seed(int(os.environ.get("CRASH_SEED", "7")))
    total_acked = lost = 0
    with tempfile.TemporaryDirectory(prefix="asmock-crash-") as work:
        db = os.path.join(work, "crash.sqlite")
        for round_number in range(1, ROUNDS + 1):
            process, port = start(db)
            acked, errors, stop = {}, [], threading.Event()
            threads = [threading.Thread(target=client, args=(port, acked, errors, stop)) for _ in range(CLIENTS)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.3, 1.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
            stop.set()
            for t in threads:
                t.join()
            assert not errors, errors
            # Restart on the same database: it must come up, and every acknowledged update must be there.
            process, port = start(db)
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
            with contextlib.closing(sqlite3.connect(db)) as conn:
                integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            round_lost = 0
            for activity, k in acked.items():
                values, seqs = history(db, activity)
                if values[:k] != list(range(1, k + 1)) or seqs != list(range(1, len(seqs) + 1)):
                    round_lost += max(0, k - len([v for v in values if v <= k]))
                    print(f"  activity {activity}: acknowledged 1..{k}, stored {values[:k + 3]}")
            round_acked = sum(acked.values())
            total_acked += round_acked
            lost += round_lost
            print(f"round {round_number}: killed after {round_acked} acknowledged updates over {len(acked)} activities; "
                  f"lost {round_lost}; integrity_check {integrity}")
            assert integrity == "ok", integrity
    print(f"crash durability: {ROUNDS} SIGKILL rounds, {total_acked} acknowledged updates, {lost} lost")
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
