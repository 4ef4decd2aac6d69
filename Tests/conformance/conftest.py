"""Conformance tests reuse the contract suite's mock process helpers."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from mockproc import start_mock, stop_mock  # noqa: E402


@pytest.fixture
def mock_factory():
    started = []

    def make(*args):
        started.append(start_mock(*args))
        return started[-1]

    yield make
    for m in started:
        stop_mock(m)
