"""Starting and stopping the built mock, and talking to it without the SDK."""
import json
import os
import re
import subprocess
import urllib.error
import urllib.request

from activitysmith import ActivitySmith

BINARY = os.environ.get("ACTIVITYSMITH_MOCK_BIN", ".build/debug/activitysmith-mock")
DEFAULT_KEY = "ask_123456789"
SEEDED_ID = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"


class Mock:
    def __init__(self, base_url, process):
        self.base_url = base_url
        self.process = process

    def raw(self, method, path, body=None, key=DEFAULT_KEY, raw_body=None):
        """Sends a request without the SDK; returns (status, parsed JSON body, headers)."""
        data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if key is not None:
            request.add_header("Authorization", f"Bearer {key}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read()), response.headers
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read()), error.headers

    def sdk(self, key=DEFAULT_KEY, prefix="/api"):
        """The official SDK's client, pointed at this mock."""
        client = ActivitySmith(api_key=key)
        client.live_activities._api.api_client.configuration.host = self.base_url + prefix
        return client


def start_mock(*args):
    process = subprocess.Popen(
        [BINARY, "--port", "0", "--db", ":memory:", "--quiet", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        process.kill()
        raise AssertionError(f"no listening line: {line!r} {process.stderr.read()}")
    return Mock(match.group(1), process)


def stop_mock(mock):
    mock.process.terminate()
    try:
        mock.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        mock.process.kill()
        raise
    assert mock.process.returncode == 0, f"mock exited with {mock.process.returncode} on SIGTERM"



def one_mock(*args):
    """Generator for a pytest fixture: one fresh mock, stopped afterwards."""
    started = start_mock(*args)
    yield started
    stop_mock(started)


def mock_maker():
    """Generator for a pytest fixture: a function starting mocks with extra flags; all stopped afterwards."""
    started = []

    def make(*args):
        started.append(start_mock(*args))
        return started[-1]

    yield make
    for m in started:
        stop_mock(m)
