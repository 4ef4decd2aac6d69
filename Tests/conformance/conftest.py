"""Conformance tests reuse the contract suite's mock process helpers."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from mockproc import mock_maker  # noqa: E402


@pytest.fixture
def mock_factory():
    yield from mock_maker()
