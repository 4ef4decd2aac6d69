"""Starts the built mock on a free port with a throwaway database, per test."""
import pytest

from mockproc import BINARY, DEFAULT_KEY, SEEDED_ID, Mock, start_mock, stop_mock  # noqa: F401


@pytest.fixture
def mock():
    """A fresh mock with the default fixtures and an in-memory database."""
    started = start_mock()
    yield started
    stop_mock(started)


@pytest.fixture
def mock_factory():
    """Starts mocks with extra flags; all are stopped after the test."""
    started = []

    def make(*args):
        started.append(start_mock(*args))
        return started[-1]

    yield make
    for m in started:
        stop_mock(m)
