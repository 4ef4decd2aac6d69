"""Starts the built mock on a free port with a throwaway database, per test."""
import pytest

from mockproc import BINARY, DEFAULT_KEY, SEEDED_ID, Mock, mock_maker, one_mock  # noqa: F401


@pytest.fixture
def mock():
    """A fresh mock with the default fixtures and an in-memory database."""
    yield from one_mock()


@pytest.fixture
def mock_factory():
    """Starts mocks with extra flags; all are stopped after the test."""
    yield from mock_maker()
