"""What each official client puts on the wire for its documented examples (Tests/contract/wire/),
replayed byte for byte with the client's own headers: every one must get the answer the docs imply."""
import os

import pytest

from mockproc import one_mock
from replay import HERE, check, load, prepare, send

CLIENTS = sorted(f[:-5] for f in os.listdir(os.path.join(HERE, "wire")) if f.endswith(".json"))
REQUESTS = [(client, r) for client in CLIENTS for r in load("wire", client + ".json")["requests"]]


@pytest.fixture(scope="module")
def wire_mock():
    yield from one_mock("--seed", "7", "--clock", "fixed:2026-07-01T09:00:00.000Z")


@pytest.mark.parametrize("client,request_", REQUESTS, ids=[f"{c}: {r['source']}" for c, r in REQUESTS])
def test_client_request_is_accepted(wire_mock, client, request_):
    prepare(wire_mock, request_.get("setup", {}))
    status, body = send(wire_mock, request_["method"], request_["path"], request_.get("body"), headers=request_["headers"])
    check(status, body, request_["expect"], f"{client}: {request_['source']}")


def test_every_client_is_in_the_corpus():
    counts = {c: len(load("wire", c + ".json")["requests"]) for c in CLIENTS}
    assert counts == {"action": 25, "cli": 14, "go": 24, "n8n": 18, "node": 16, "php": 23, "py": 31, "rb": 28}, counts
