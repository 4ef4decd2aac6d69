"""The mock's own OpenAPI document, as the built server publishes it at GET /openapi.json.

scripts/conformance saves it to ACTIVITYSMITH_MOCK_DOCUMENT; run alone, the tests fetch it from a
throwaway server. Nothing here reads outside the repository.
"""
import json
import os
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from mockproc import start_mock, stop_mock  # noqa: E402

API_TAGS = {"Live Activities", "Push Notifications", "Widget Metrics and Badges"}


def load_document():
    saved = os.environ.get("ACTIVITYSMITH_MOCK_DOCUMENT")
    if saved:
        return json.loads(Path(saved).read_text())
    mock = start_mock()
    try:
        with urllib.request.urlopen(mock.base_url + "/openapi.json", timeout=5) as response:
            return json.loads(response.read())
    finally:
        stop_mock(mock)


def api_operations(document):
    """(METHOD, path, operation) of the ActivitySmith API, paths as served (with /api)."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if set(operation.get("tags", [])) & API_TAGS:
                yield method.upper(), path, operation
