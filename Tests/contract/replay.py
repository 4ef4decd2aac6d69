"""Replaying recorded requests (docs samples, client wire captures) against the built mock:
each starts from the docs fixture set plus the activity or stream it needs."""
import http.client
import json
import os
from urllib.parse import urlparse

from mockproc import DEFAULT_KEY

HERE = os.path.dirname(__file__)
FIXTURES = json.load(open(os.path.join(HERE, "docs", "fixtures.json")))
ACME_DEVICES = [d["id"] for d in FIXTURES["accounts"][0]["devices"]]


def load(*parts):
    return json.load(open(os.path.join(HERE, *parts)))


def prepare(mock, setup):
    """Back to the docs fixtures, with the activity or stream `setup` names."""
    fixtures = json.loads(json.dumps(FIXTURES))
    if "activity" in setup:
        a = setup["activity"]
        fixtures["accounts"][0]["activities"] = [{"id": a["id"], "devices": ACME_DEVICES, "content_state": a["content_state"]}]
    status, body, _ = mock.raw("POST", "/_mock/reset", {"fixture_set": fixtures}, key=None)
    assert status == 200, body
    if "stream" in setup:
        s = setup["stream"]
        status, body, _ = mock.raw("PUT", f"/api/live-activity/stream/{s['stream_key']}", {"content_state": s["content_state"]})
        assert status == 200 and body["operation"] == "started", body


def send(mock, method, path, body, headers=None, key=DEFAULT_KEY):
    """Sends exactly these bytes and headers; returns (status, parsed JSON body)."""
    url = urlparse(mock.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    sent = {"Content-Type": "application/json", **(headers or {}), "Authorization": f"Bearer {key}"}
    connection.request(method, path, body=body.encode() if body is not None else None, headers=sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data)


def check(status, body, expect, source):
    assert status == expect["status"], (source, body)
    assert body.get("success") is expect["success"], (source, body)
    if "operation" in expect:
        assert body["operation"] == expect["operation"], (source, body)
