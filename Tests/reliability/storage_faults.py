"""Storage faults against the built server, each with what a client sees and what is kept:
disk full (a small tmpfs), read-only storage, the database or WAL file deleted or replaced under
the server, a newer schema, two servers on one file (by one name or another), and another
process's commits on a shared file. Needs root for the tmpfs cases (CI runs
as root); where mounting is not permitted those are skipped with a message saying so.

Prints one line per fault: `<fault>: client saw …; acknowledged N, lost M`.
"""
import contextlib
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
KEY = "ask_123456789"
FAILED = []
LINES = []


def start(db, *extra):
    process = subprocess.Popen([BIN, "--port", "0", "--db", db, "--quiet", "--rate-limit", "0", "--live-activity-limit", "0", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r":(\d+) ", line)
    if not match:
        process.wait(timeout=5)
        return process, None
    return process, int(match.group(1))


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def call(port, method, path, body=None, key=KEY):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, json.loads(data) if data else None, dict(response.getheaders())


def check(ok, what):
    if not ok:
        FAILED.append(what)
        print("FAIL:", what, flush=True)


def push(port, i, size=0):
    return call(port, "POST", "/api/push-notification", {"title": f"n{i}", "message": "x" * size})


def stored_titles(port):
    status, body, _ = call(port, "GET", "/_mock/notifications?limit=1000")
    check(status == 200, f"notifications readable ({status})")
    return {n["payload"]["title"] for n in body["notifications"]} if status == 200 else set()


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], capture_output=True, text=True)
    return result.returncode == 0, result.stderr.strip()


def remount(path, options):
    subprocess.run(["mount", "-o", f"remount,{options}", path], check=True)


def umount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def disk_full(root):
    mnt = os.path.join(root, "full")
    ok, why = mount_tmpfs(mnt, "3m")
    if not ok:
        LINES.append(f"disk full: SKIPPED (cannot mount a tmpfs here: {why})")
        return
    try:
        db = os.path.join(mnt, "mock.sqlite")
        process, port = start(db, "--journal-retention", "50")
        acked, refused, i = [], None, 0
        while refused is None and i < 5000:
            i += 1
            status, body, headers = push(port, i, size=3000)
            if status == 200:
                acked.append(f"n{i}")
            else:
                refused = (status, body, headers)
        check(refused is not None and refused[0] == 507, f"a full disk answers 507 (got {refused and refused[0]})")
        if refused:
            check(refused[2].get("Retry-After") == "5", "507 carries Retry-After")
            check("disk full" in refused[1]["message"], "507 names the cause")
        status, health, _ = call(port, "GET", "/_mock/health")
        check(status == 503 and health["status"] == "degraded" and health["reason"] == "disk full", f"health degraded ({status} {health})")
        check(acked and set(acked) <= stored_titles(port), "reads under /_mock/ work while the disk is full")
        status, _, _ = call(port, "GET", "/_mock/requests?limit=5")
        check(status == 200, "the journal is readable while the disk is full")
        remount(mnt, "size=32m")
        for _ in range(50):
            status, health, _ = call(port, "GET", "/_mock/health")
            if status == 200:
                break
            time.sleep(0.1)
        check(status == 200, f"health recovers without a restart ({status})")
        status, _, _ = push(port, "after")
        check(status == 200, "writes work again once space frees")
        time.sleep(0.3)
        status, journal, _ = call(port, "GET", "/_mock/requests?limit=100&status=507")
        check(status == 200 and len(journal["requests"]) >= 1, "the refused request's journal entry, kept in memory, reached the table")
        stop(process)
        process, port = start(db)
        lost = set(acked) - stored_titles(port)
        stop(process)
        check(not lost, f"nothing acknowledged lost across a restart ({len(lost)})")
        LINES.append(f"disk full: client saw 507 + Retry-After, health 503 degraded, reads 200, recovery by itself; acknowledged {len(acked)}, lost {len(lost)}")
    finally:
        umount(mnt)


def read_only(root):
    """As an unprivileged user (root ignores permissions): the file and its directory made
    read-only under a running server change nothing (SQLite holds open descriptors), and a start
    on them exits 2 with one line. EROFS/EACCES at run time answer 503 (classified in the tests)."""
    if os.geteuid() != 0:
        LINES.append("read-only storage: SKIPPED (needs root to run the server as another user)")
        return
    work = os.path.join(root, "ro")
    os.makedirs(work)
    os.chown(work, 65534, 65534)
    os.chmod(root, 0o755)
    db = os.path.join(work, "mock.sqlite")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    global BIN
    real = BIN
    try:
        BIN = "/usr/bin/env"
        process, port = start_as(as_nobody, real, db)
        check(port is not None, "the server starts as nobody")
        acked = [f"n{i}" for i in range(20) if push(port, i)[0] == 200]
        for name in os.listdir(work):
            os.chmod(os.path.join(work, name), 0o444)
        os.chmod(work, 0o555)
        status, _, _ = push(port, "after-chmod")
        check(status == 200, f"chmod under a running server changes nothing ({status})")
        if status == 200:
            acked.append("nafter-chmod")
        stop(process)
        process, port = start_as(as_nobody, real, db)
        err = process.stderr.read().strip() if port is None else ""
        check(port is None and process.returncode == 2 and len(err.splitlines()) == 1, f"a read-only database exits 2 with one line: {err!r}")
        if port:
            stop(process)
        os.chmod(work, 0o755)
        for name in os.listdir(work):
            os.chmod(os.path.join(work, name), 0o644)
        process, port = start_as(as_nobody, real, db)
        lost = set(acked) - stored_titles(port)
        stop(process)
        check(not lost, f"nothing acknowledged lost after read-only ({len(lost)})")
        LINES.append(f"read-only file and directory: a running server keeps writing (open descriptors), a start exits 2 ({err}); acknowledged {len(acked)}, lost {len(lost)}")
    finally:
        BIN = real


def start_as(prefix, binary, db):
    process = subprocess.Popen([*prefix, binary, "--port", "0", "--db", db, "--quiet", "--rate-limit", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    match = re.search(r":(\d+) ", process.stdout.readline())
    if not match:
        process.wait(timeout=5)
        return process, None
    return process, int(match.group(1))


def file_gone(root, name, damage, restore_path):
    work = os.path.join(root, name)
    os.makedirs(work)
    db = os.path.join(work, "mock.sqlite")
    process, port = start(db)
    acked = [f"n{i}" for i in range(30) if push(port, i)[0] == 200]
    damage(db)
    status, body, headers = push(port, "after")
    check(status == 503 and headers.get("Retry-After") == "5", f"{name}: writes refused with 503 ({status} {body})")
    status, health, _ = call(port, "GET", "/_mock/health")
    check(status == 503 and health["reason"] == "database file gone", f"{name}: health degraded ({status} {health})")
    check(set(acked) <= stored_titles(port), f"{name}: reads still work")
    stop(process)
    path = restore_path(db)
    process, port = start(path)
    check(port is not None, f"{name}: restarts on {path}")
    lost = set(acked) - stored_titles(port) if port else set(acked)
    stop(process)
    check(not lost, f"{name}: nothing acknowledged lost ({len(lost)})")
    LINES.append(f"{name}: client saw 503 + Retry-After, health 503 degraded, reads 200; acknowledged {len(acked)}, lost {len(lost)} (data in {os.path.basename(path)})")


def replaced_restore(db):
    rescued = [f for f in os.listdir(os.path.dirname(db)) if ".rescued-" in f and f.endswith(".sqlite")]
    check(len(rescued) == 1, f"replaced: one rescued copy beside the file ({rescued})")
    return os.path.join(os.path.dirname(db), rescued[0]) if rescued else db


def replace(db):
    other = db + ".other"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    os.replace(other, db)


def newer_schema(root):
    db = os.path.join(root, "newer.sqlite")
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    process, port = start(db)
    err = process.stderr.read().strip()
    check(port is None and process.returncode == 2, f"a newer schema exits 2 (rc {process.returncode})")
    check(len(err.splitlines()) == 1 and "newer" in err, f"one clear line: {err!r}")
    check(sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 99, "never downgraded")
    LINES.append(f"newer schema: exit 2, {err}")


def two_owners(root):
    db = os.path.join(root, "shared.sqlite")
    first, port = start(db)
    second, second_port = start(db)
    err = second.stderr.read().strip()
    check(second_port is None and second.returncode == 2, f"a second server on one file exits 2 (rc {second.returncode})")
    check(str(first.pid) in err and db in err and len(err.splitlines()) == 1, f"the line names the file and the owner: {err!r}")
    # SQLite's own lock, held by the running server for the whole process (unix-excl): another
    # process can neither read a half-copied page nor write behind the server's back.
    try:
        sqlite3.connect(db, timeout=0.1).execute("SELECT COUNT(*) FROM updates").fetchone()
        outsider = "read the file"
    except sqlite3.OperationalError as error:
        outsider = str(error)
    check(outsider == "database is locked", f"another process opening the running server's file is told it is locked ({outsider})")
    check(not os.path.exists(db + "-shm"), "no shared-memory file: the WAL index lives in the server's memory")
    first.kill()
    first.wait()
    # The other way round: a file another process has open is shared, as SQLite shares it.
    with contextlib.closing(sqlite3.connect(db)) as outsider:
        outsider.execute("SELECT COUNT(*) FROM updates").fetchall()
        shared, shared_port = start(db)
        note = shared.stderr.readline().strip()
        check(shared_port is not None and "another process has" in note, f"a file open elsewhere is shared, said in one line ({note!r})")
        if shared_port is not None:
            status, _, _ = call(shared_port, "POST", "/api/push-notification", {"title": "shared"})
            check(status == 200, f"writes work on a shared file ({status})")
            check(outsider.execute("SELECT COUNT(*) FROM notifications").fetchone()[0] >= 1, "the other process reads them")
            stop(shared)
    began = time.monotonic()
    third, third_port = start(db)
    check(third_port is not None, "after kill -9 of the owner the next start works")
    took = time.monotonic() - began
    stop(third)
    LINES.append(f"two servers on one file: the second exits 2 ({err}); after SIGKILL of the owner the next start took {took:.2f} s")


def other_names(root):
    """One file is one database by any name: a second server on a symlink or a hard link to a
    running server's file exits 2, whether the first has the file alone or shares it."""
    db = os.path.join(root, "named.sqlite")
    link, hard = os.path.join(root, "link.sqlite"), os.path.join(root, "hard.sqlite")
    for sharing in (False, True):
        for path in (db, db + "-wal", db + ".lock", link, hard):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        if sharing:
            made, _ = start(db)
            stop(made)
        outsider = sqlite3.connect(db) if sharing else None
        if outsider:
            outsider.execute("SELECT COUNT(*) FROM activities").fetchall()
        first, port = start(db)
        if sharing:
            check("another process has" in first.stderr.readline(), "the first server shares the file")
        os.symlink(db, link)
        os.link(db, hard)
        for name in (link, hard):
            second, second_port = start(name)
            err = second.stderr.read().strip()
            check(second_port is None and second.returncode == 2 and "under another name" in err,
                  f"a server on {os.path.basename(name)} (first {'sharing' if sharing else 'alone'}) exits 2: rc {second.returncode} {err!r}")
            if second_port is not None:
                stop(second)
        status, _, _ = call(port, "POST", "/api/push-notification", {"title": "still mine"})
        check(status == 200, f"the first server still writes ({status})")
        stop(first)
        if outsider:
            outsider.close()
    LINES.append("one file by any name: a second server on a symlink or a hard link exits 2, the first alone or sharing")


def shared_sees_others(root):
    """A server sharing its file sees another process's commits: no cached row hides them."""
    db = os.path.join(root, "seen.sqlite")
    made, _ = start(db)  # a WAL database, so that an open reader keeps its lock and is noticed
    stop(made)
    outsider = sqlite3.connect(db, timeout=5)
    outsider.execute("SELECT COUNT(*) FROM activities").fetchall()
    server, port = start(db)
    check("another process has" in server.stderr.readline(), "the server shares the file")
    try:
        status, started, _ = call(port, "POST", "/api/live-activity/start",
                                  {"content_state": {"title": "t", "type": "alert", "message": "m"}})
        check(status == 200, f"start on a shared file ({status})")
        activity = started["activity_id"]
        status, _, _ = call(port, "POST", "/api/live-activity/update",
                            {"activity_id": activity, "content_state": {"title": "t", "message": "cached now"}})
        check(status == 200, f"an update, so the activity is cached ({status})")
        outsider.execute("UPDATE activities SET status = 'ended' WHERE id = ?", (activity,))
        outsider.commit()
        status, body, _ = call(port, "GET", f"/_mock/activities/{activity}")
        check(status == 200 and body["status"] == "ended", f"the control plane shows the other process's change ({body and body.get('status')})")
        status, body, _ = call(port, "POST", "/api/live-activity/update",
                               {"activity_id": activity, "content_state": {"title": "t", "message": "after"}})
        check(status == 400, f"the next update sees the end, it does not overwrite it ({status} {body})")
        still = outsider.execute("SELECT status FROM activities WHERE id = ?", (activity,)).fetchone()[0]
        check(still == "ended", f"the other process's change stays ({still})")
    finally:
        stop(server)
        outsider.close()
    LINES.append("sharing the file: another process's commit is seen at the next call (the cache is dropped when data_version moves)")


def write_lock_held(root):
    """Another process holds the write lock of a shared file: health says so at once (503
    degraded), a write waits the busy timeout and is answered 503 with Retry-After, naming the
    lock; once the lock is let go, both recover by themselves."""
    db = os.path.join(root, "held.sqlite")
    made, _ = start(db)
    stop(made)
    outsider = sqlite3.connect(db, isolation_level=None, timeout=0)
    outsider.execute("SELECT COUNT(*) FROM activities").fetchall()
    server, port = start(db)
    try:
        check("another process has" in server.stderr.readline(), "the server shares the file")
        outsider.execute("BEGIN IMMEDIATE")
        began = time.monotonic()
        status, body, _ = call(port, "GET", "/_mock/health")
        health_took = time.monotonic() - began
        check(status == 503 and body["status"] == "degraded" and body["reason"] == "database locked by another process",
              f"health while the lock is held: {status} {body and body.get('reason')}")
        check(health_took < 2.5, f"health answers at once, not after the 5 s busy wait ({health_took:.2f} s)")
        began = time.monotonic()
        status, body, headers = push(port, 1)
        write_took = time.monotonic() - began
        check(status == 503 and "another process holds the database's write lock" in (body or {}).get("message", "")
              and headers.get("Retry-After"), f"a write while the lock is held: {status} {body} {headers.get('Retry-After')}")
        outsider.execute("ROLLBACK")
        status, _, _ = push(port, 2)
        check(status == 200, f"writes work again once the lock is let go ({status})")
        status, body, _ = call(port, "GET", "/_mock/health")
        check(status == 200 and body["status"] == "ok", f"health recovers by itself ({status})")
        check(stored_titles(port) == {"n2"}, "the refused write changed nothing; the next one is there")
    finally:
        stop(server)
        outsider.close()
    LINES.append(f"write lock held by another process: health 503 in {health_took:.2f} s, a write 503 with Retry-After after {write_took:.1f} s; both recover")


def ca_whole_or_not_at_all(root):
    """The CA beside the database appears whole or not at all: half a CA (a key without its
    certificate) and the temporary copies a killed start left are cleaned up and the CA made anew;
    SIGKILL at random moments of first starts never leaves a state a later start refuses."""
    import random
    db = os.path.join(root, "ca.sqlite")
    tls = db + ".tls"
    os.makedirs(tls)
    with open(os.path.join(tls, "ca-key.pem"), "w") as f:
        f.write("half\n")
    with open(os.path.join(tls, "ca-key.pem.tmp-12345"), "w") as f:
        f.write("a copy of a private key\n")
    os.makedirs(db + ".tls.new-999")
    with open(os.path.join(db + ".tls.new-999", "ca-key.pem"), "w") as f:
        f.write("staged\n")
    server, port = start(db, "--tls-port", "0")
    check(port is not None, f"a start over half a CA works ({server.stderr.read() if port is None else ''})")
    if port is not None:
        with open(os.path.join(tls, "ca.pem")) as f:
            on_disk = f.read()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_mock/tls/ca.pem")
        served = conn.getresponse().read().decode()
        check(served == on_disk and "BEGIN CERTIFICATE" in served, "the CA made anew is the one served")
        stop(server)
    check(sorted(os.listdir(tls)) == ["ca-key.pem", "ca.pem"], f"only the CA's two files stay ({sorted(os.listdir(tls))})")
    check(not os.path.exists(db + ".tls.new-999"), "a staged CA a killed start left is removed")
    check(oct(os.stat(os.path.join(tls, "ca-key.pem")).st_mode & 0o777) == "0o600", "the key is the owner's alone")

    rng = random.Random(7)
    rounds, refused = 40, 0
    for i in range(rounds):
        fresh = os.path.join(root, f"kill{i}.sqlite")
        process = subprocess.Popen([BIN, "--port", "0", "--tls-port", "0", "--db", fresh, "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 0.04))
        process.kill()
        process.wait()
        again, again_port = start(fresh, "--tls-port", "0")
        if again_port is None:
            refused += 1
        else:
            stop(again)
        leftovers = [n for n in os.listdir(root) if n.startswith(f"kill{i}.sqlite.tls.new-")]
        if os.path.isdir(fresh + ".tls"):
            leftovers += [n for n in os.listdir(fresh + ".tls") if ".tmp-" in n]
        check(not leftovers, f"round {i}: no temporary copies left ({leftovers})")
    check(refused == 0, f"{refused} of {rounds} starts after a kill during the first start were refused")
    LINES.append(f"CA whole or not at all: half a CA and leftovers cleaned up; {rounds} SIGKILLs during first starts, {refused} later starts refused")


def timed(name, f, *args):
    began = time.monotonic()
    f(*args)
    print(f"  ({name}: {time.monotonic() - began:.1f} s)", flush=True)


def main():
    root = tempfile.mkdtemp(prefix="asmock-faults-")
    try:
        timed("disk_full", disk_full, root)
        timed("read_only", read_only, root)
        file_gone(root, "database deleted", os.remove, lambda db: db)
        file_gone(root, "database replaced", replace, replaced_restore)
        file_gone(root, "WAL deleted", lambda db: os.remove(db + "-wal"), lambda db: db)
        timed("newer_schema", newer_schema, root)
        timed("two_owners", two_owners, root)
        timed("other_names", other_names, root)
        timed("shared_sees_others", shared_sees_others, root)
        timed("write_lock_held", write_lock_held, root)
        timed("ca_whole_or_not_at_all", ca_whole_or_not_at_all, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for line in LINES:
        print(line)
    if FAILED:
        print(f"storage faults: {len(FAILED)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("storage faults: all checks passed")


main()
