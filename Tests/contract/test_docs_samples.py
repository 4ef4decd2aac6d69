"""Every request sample of the docs repository, and every 4xx example body it gives, replayed
against the built mock (data in Tests/contract/docs/)."""
import json

import pytest

from mockproc import DEFAULT_KEY, one_mock
from replay import check, load, prepare, send

SAMPLES = load("docs", "samples.json")["samples"]
ERRORS = load("docs", "errors.json")["cases"]


@pytest.fixture(scope="module")
def docs_mock():
    yield from one_mock("--seed", "7", "--clock", "fixed:2026-07-01T09:00:00.000Z")


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["source"] for s in SAMPLES])
def test_docs_sample_gets_the_status_the_docs_imply(docs_mock, sample):
    prepare(docs_mock, sample.get("setup", {}))
    status, body = send(docs_mock, sample["method"], "/api" + sample["path"], sample.get("body"))
    check(status, body, sample["expect"], sample["source"])


@pytest.mark.parametrize("case", ERRORS, ids=[c["source"] for c in ERRORS])
def test_docs_error_body_is_answered_byte_for_byte(docs_mock, case):
    prepare(docs_mock, case.get("setup", {}))
    key = case.get("key", DEFAULT_KEY)
    path = "/api" + case["path"]
    for method, before in case.get("before", []):
        status, body = send(docs_mock, method, "/api" + before, case.get("body"), key=key)
        assert status == 200, body
    for _ in range(case.get("repeat", 1) - 1):
        send(docs_mock, case["method"], path, case.get("body"), key=key)
    status, body = send(docs_mock, case["method"], path, case.get("body"), key=key)
    assert status == case["status"], (case["source"], body)
    assert json.dumps(body, separators=(",", ":"), ensure_ascii=False) == case["expect"]


def test_the_corpus_is_whole():
    """Counts in the issue note: a sample lost from the data would otherwise pass silently."""
    assert len(SAMPLES) == 63
    assert len(ERRORS) == 23
    assert {s["method"] for s in SAMPLES} == {"POST", "PUT", "DELETE"}
