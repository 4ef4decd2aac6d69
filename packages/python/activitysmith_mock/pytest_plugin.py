"""pytest fixtures (entry point `pytest11`): one mock server for the whole run, reset before each
test, and the official SDK pointed at it.

    def test_deploy(activitysmith_mock, activitysmith_client):
        activitysmith_client.notifications.send(...)

`--activitysmith-mock-args="--rate-limit 0 --clock fixed:2026-01-28T09:57:26.056Z"` passes flags
to the server; a conftest.py may instead override the session fixture `activitysmith_mock_args`
(to route webhooks to a receiver it starts, say).
"""
from __future__ import annotations

import shlex
from typing import Any, Iterator, List

import pytest

from ._server import MockServer


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("activitysmith-mock")
    group.addoption("--activitysmith-mock-args", default="", help="more flags for the activitysmith-mock server (one string)")


@pytest.fixture(scope="session")
def activitysmith_mock_args(request: Any) -> List[str]:
    """The server's extra flags: `--activitysmith-mock-args`, split as a shell would."""
    return shlex.split(request.config.getoption("--activitysmith-mock-args") or "")


@pytest.fixture(scope="session")
def _activitysmith_mock_server(activitysmith_mock_args: List[str]) -> Iterator[MockServer]:
    with MockServer(args=activitysmith_mock_args) as server:
        yield server


@pytest.fixture
def activitysmith_mock(_activitysmith_mock_server: MockServer) -> MockServer:
    """The run's mock server, reset before this test: fixtures, taps, deliveries and journal."""
    _activitysmith_mock_server.reset()
    return _activitysmith_mock_server


@pytest.fixture
def activitysmith_client(activitysmith_mock: MockServer) -> Any:
    """An official `activitysmith.ActivitySmith` client on the mock (needs `activitysmith`)."""
    return activitysmith_mock.sdk()
