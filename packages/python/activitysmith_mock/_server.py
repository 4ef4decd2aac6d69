"""The mock server as a child process, and its control plane as methods."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Dict, List, Optional, Sequence, Type

DEFAULT_KEY = "ask_123456789"


class MockError(Exception):
    """A control-plane call the mock refused (its JSON `message` included), or a server that
    did not start (its stderr included)."""

    def __init__(self, message: str, status: Optional[int] = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def binary_path(search_path: bool = True) -> str:
    """The server binary: `ACTIVITYSMITH_MOCK_BIN`, else the one in this package, else (with
    `search_path`) the PATH."""
    explicit = os.environ.get("ACTIVITYSMITH_MOCK_BIN")
    if explicit:
        return explicit
    bundled = Path(__file__).resolve().parent / "bin" / "activitysmith-mock"
    if bundled.is_file():
        return str(bundled)
    found = shutil.which("activitysmith-mock") if search_path else None
    if found:
        return found
    raise MockError("no activitysmith-mock binary: install the wheel, or set ACTIVITYSMITH_MOCK_BIN")


class MockServer:
    """The mock on a free port of 127.0.0.1, started by `start()` (or `with`), stopped by `stop()`.

    `db` is `:memory:` (nothing kept) or a file path; `args` are more command-line flags
    (`["--webhook-route", "https://hooks.example.com=http://127.0.0.1:3000"]`).
    """

    def __init__(self, db: str = ":memory:", args: Sequence[str] = (), binary: Optional[str] = None,
                 start_timeout: float = 10.0) -> None:
        self.db = db
        self.args = list(args)
        self.binary = binary
        self.start_timeout = start_timeout
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._stderr: Any = None
        self.url = ""

    # -- lifetime -----------------------------------------------------------------------------

    def start(self) -> "MockServer":
        if self._process is not None:
            return self
        binary = self.binary or binary_path()
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--db", self.db, "--quiet", "--scheduling", "normal", *self.args],
            stdout=subprocess.PIPE, stderr=self._stderr)
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode(errors="replace")
        marker = "listening on "
        if marker not in line:
            self._fail(f"activitysmith-mock did not start: {line.strip()!r}")
        self.url = line.split(marker, 1)[1].split()[0]
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                self.control("GET", "/_mock/health")
                return self
            except MockError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self._fail("activitysmith-mock never became healthy")
                time.sleep(0.02)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if self._stderr:
            self._stderr.close()

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, kind: Optional[Type[BaseException]], value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.stop()

    def _fail(self, what: str) -> None:
        process = self._process
        stderr = ""
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            self._stderr.seek(0)
            stderr = self._stderr.read().decode(errors="replace").strip()
        self._process = None
        raise MockError(f"{what}; exit code {process.returncode if process else '?'}; stderr: {stderr or '(empty)'}")

    def _check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._fail("activitysmith-mock exited")

    # -- addresses ----------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """The base URL the SDKs take: `<url>/api`."""
        return self.url + "/api"

    @property
    def ca_pem(self) -> Optional[str]:
        """The CA certificate (PEM) to trust for HTTPS, when started with `--tls-port`."""
        tls = self.control("GET", "/_mock/health").get("tls")
        return tls.get("ca_pem") if isinstance(tls, dict) else None

    def sdk(self, api_key: str = DEFAULT_KEY) -> Any:
        """An official `activitysmith.ActivitySmith` client pointed at this mock (needs the
        `activitysmith` package). The only place that knows the SDK's configuration path."""
        from activitysmith import ActivitySmith  # imported here: the SDK is optional

        client = ActivitySmith(api_key=api_key)
        # Every resource of SDK 1.x shares one generated configuration.
        client.live_activities._api.api_client.configuration.host = self.api_url
        return client

    # -- the control plane ------------------------------------------------------------------

    def control(self, method: str, path: str, body: Any = None, timeout: float = 35.0) -> Any:
        """Any control-plane call: the parsed JSON answer, or `MockError` with the mock's message."""
        if not self.url:
            raise MockError("the mock is not started")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
            message = parsed.get("message") or parsed.get("error") if isinstance(parsed, dict) else parsed
            raise MockError(f"{method} {path}: {error.code}: {message}", status=error.code, body=parsed) from None
        except (urllib.error.URLError, ConnectionError) as error:
            self._check_alive()
            raise MockError(f"{method} {path}: {error}") from None

    def reset(self) -> None:
        """Back to the start-up fixtures, leaving no trace of the previous test: state, taps,
        deliveries and the request journal (which `POST /_mock/reset` alone keeps)."""
        self.control("POST", "/_mock/reset")
        self.control("DELETE", "/_mock/requests")

    def requests(self, **filters: Any) -> List[Dict[str, Any]]:
        """Journal entries, newest first: `path`, `method`, `status`, `activity_id`, `since`, `limit`."""
        return self.control("GET", "/_mock/requests?" + _query(filters))["requests"]

    def wait_for_requests(self, count: int = 1, timeout: float = 5, **filters: Any) -> List[Dict[str, Any]]:
        """Waits (woken by the journal, not by polling) until at least `count` entries match;
        raises `MockError` when `timeout` passes first."""
        query = _query({**filters, "wait": _seconds(timeout), "min_count": count})
        answer = self.control("GET", "/_mock/requests?" + query, timeout=timeout + 5)
        if answer.get("timed_out"):
            raise MockError(f"{len(answer['requests'])} of {count} requests matching {filters} after {timeout} s")
        return answer["requests"]

    def activity(self, activity_id: str) -> Dict[str, Any]:
        return self.control("GET", "/_mock/activities/" + urllib.parse.quote(activity_id, safe=""))

    def device(self, device_id: str) -> Dict[str, Any]:
        return self.control("GET", "/_mock/devices/" + urllib.parse.quote(device_id, safe=""))

    def tap(self, **fields: Any) -> Dict[str, Any]:
        """A tap: `device_id` with `activity_id` and `button`, or with `notification_id` (and `action_index`)."""
        return self.control("POST", "/_mock/taps", fields)

    def delivery(self, delivery_id: int, wait: Optional[float] = None) -> Dict[str, Any]:
        """A webhook delivery; with `wait`, once it is no longer pending (`MockError` if it still is)."""
        path = f"/_mock/deliveries/{int(delivery_id)}"
        if wait is None:
            return self.control("GET", path)
        answer = self.control("GET", f"{path}?wait={_seconds(wait)}", timeout=wait + 5)
        if answer.get("timed_out"):
            raise MockError(f"delivery {delivery_id} still pending after {wait} s", body=answer)
        return answer

    def advance_clock(self, ms: int) -> Dict[str, Any]:
        """Moves the mock's clock forward (a system clock becomes fixed at now + ms)."""
        return self.control("POST", "/_mock/clock", {"advance_ms": int(ms)})

    def set_limits(self, account: str = "acme", **limits: Any) -> Dict[str, Any]:
        """Changes an account's limits for the rest of the run (until a reset):
        `rate_limit`, `live_activity_limit` (0 turns a limit off)."""
        return self.control("PATCH", "/_mock/accounts/" + urllib.parse.quote(account, safe=""), limits)


def _seconds(value: float) -> str:
    return f"{min(max(value, 0), 30):g}"


def _query(filters: Dict[str, Any]) -> str:
    return urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
