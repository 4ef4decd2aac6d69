"""pytest fixtures (entry point `pytest11`): one mock server for the whole run, reset before each
test, and the official SDK pointed at it.

    def test_deploy(activitysmith_mock, activitysmith_client):
        activitysmith_client.notifications.send(...)

`--activitysmith-mock-args="--rate-limit 0 --clock fixed:2026-01-28T09:57:26.056Z"` passes flags
to the server.
"""
from __future__ import annotations

import shlex
from typing import Any, Iterator

import pytest

from ._server import MockServer


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("activitysmith-mock")
    group.addoption("--activitysmith-mock-args", default="", help="more flags for the activitysmith-mock server (one string)")


@pytest.fixture(scope="session")
def _activitysmith_mock_server(request: Any) -> Iterator[MockServer]:
    args = shlex.split(request.config.getoption("--activitysmith-mock-args") or "")
    with MockServer(args=args) as server:
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
