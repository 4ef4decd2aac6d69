"""The executable as a user meets it: exit codes, environment variables, signals."""
import os
import re
import signal
import subprocess

from conftest import BINARY


def run(args, env=None, timeout=10):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_bad_flag_exits_2_with_a_message():
    result = run(["--bogus"])
    assert result.returncode == 2
    assert "unknown option --bogus" in result.stderr


def test_unreadable_fixture_file_exits_2(tmp_path):
    result = run(["--port", "0", "--db", ":memory:", "--fixtures", str(tmp_path / "missing.json")])
    assert result.returncode == 2
    assert "cannot read fixture file" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"accounts":[{"id":"a","keys":[{"key":"short"}]}]}')
    result = run(["--port", "0", "--db", ":memory:", "--fixtures", str(bad)])
    assert result.returncode == 2
    assert "accounts[0].keys[0].key" in result.stderr


def test_help_exits_0():
    result = run(["--help"])
    assert result.returncode == 0
    assert "--fixtures" in result.stdout


def test_environment_configures_and_sigint_stops_cleanly(tmp_path):
    db = tmp_path / "env.sqlite"
    process = subprocess.Popen([BINARY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "ACTIVITYSMITH_MOCK_PORT": "0", "ACTIVITYSMITH_MOCK_DB": str(db)})
    line = process.stdout.readline()
    assert re.search(r"listening on http://127\.0\.0\.1:\d+ \(db: .*env\.sqlite\)", line), line
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert db.exists()


def test_healthcheck_subcommand(mock):
    port = mock.base_url.rsplit(":", 1)[1]
    assert run(["healthcheck", "--port", port]).returncode == 0
    assert run(["healthcheck"], env={"ACTIVITYSMITH_MOCK_PORT": port}).returncode == 0
    down = run(["healthcheck", "--port", "1"])
    assert down.returncode == 1 and "no answer" in down.stderr


def test_soft_descriptor_limit_is_raised_to_the_hard_one():
    """Started with a soft limit of 256 (hard 4096), the server runs with 4096: connections are capped
    below the soft limit, and 256 would cap them far below --max-connections."""
    process = subprocess.Popen(["prlimit", "--nofile=256:4096", BINARY, "--port", "0", "--db", ":memory:", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "listening on" in process.stdout.readline()
        limits = open(f"/proc/{process.pid}/limits").read()
        soft = re.search(r"Max open files\s+(\d+)\s+(\d+)", limits)
        assert soft and soft.group(1) == "4096", limits
    finally:
        process.terminate()
        process.wait(timeout=5)
