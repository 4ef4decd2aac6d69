"""Taps and webhook deliveries end to end: the GitHub Action's README webhook examples as the
Action itself puts them on the wire (Tests/contract/wire/action.json), then a tap on a simulated
phone, and the receiver gets the button's body; and the same flow through the official Python SDK."""
import json

import pytest

from mockproc import mock_maker
from receiver import Receiver
from replay import load, prepare, send

ACTION = {r["source"]: r for r in load("wire", "action.json")["requests"]}
UPDATE_WITH_WEBHOOK = "activitysmith-github-action README.md: Update Live Activity with webhook action"
ACTIONABLE_PUSH = "activitysmith-github-action README.md: Send actionable push notification"


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture
def make_mock():
    yield from mock_maker()


def delivered(mock, delivery_id):
    status, body, _ = mock.raw("GET", f"/_mock/deliveries/{delivery_id}?wait=5", key=None)
    assert status == 200 and body["timed_out"] is False, body
    return body


def test_the_actions_webhook_example_reaches_the_receiver(make_mock, receiver):
    mock = make_mock("--webhook-route", f"https://ops.example.com={receiver.base}",
                     "--webhook-route", f"https://hooks.example.com={receiver.base}")
    request = ACTION[UPDATE_WITH_WEBHOOK]
    prepare(mock, request["setup"])
    status, body = send(mock, request["method"], request["path"], request["body"], headers=request["headers"])
    assert status == 200, body
    activity = json.loads(request["body"])["activity_id"]
    device = mock.raw("GET", f"/_mock/activities/{activity}", key=None)[1]["devices"][0]["device_id"]

    status, tap, _ = mock.raw("POST", "/_mock/taps", {"device_id": device, "activity_id": activity, "button": "action"}, key=None)
    assert status == 200, tap
    assert tap["kind"] == "webhook" and tap["url"] == "https://ops.example.com/hooks/search/reindex/pause"
    delivery = delivered(mock, tap["delivery_id"])
    assert delivery["state"] == "delivered" and delivery["response"]["status"] == 200
    got = receiver.received()
    assert [(r["method"], r["path"]) for r in got] == [("POST", "/hooks/search/reindex/pause")]
    assert json.loads(got[0]["body"]) == {"job_id": "reindex-2026-03-19", "requested_by": "activitysmith-github-action"}
    assert got[0]["headers"]["content-type"] == "application/json"

    # The README's actionable push: its webhook action (index 1) and its redirection.
    push = ACTION[ACTIONABLE_PUSH]
    status, sent = send(mock, push["method"], push["path"], push["body"], headers=push["headers"])
    assert status == 200, sent
    nid = sent["notification_id"]
    status, tap, _ = mock.raw("POST", "/_mock/taps", {"device_id": device, "notification_id": nid, "action_index": 1}, key=None)
    assert status == 200, tap
    assert delivered(mock, tap["delivery_id"])["state"] == "delivered"
    assert json.loads(receiver.received()[-1]["body"]) == {"service": "payments-api", "severity": "high"}
    status, opened, _ = mock.raw("POST", "/_mock/taps", {"device_id": device, "notification_id": nid}, key=None)
    assert (status, opened["kind"], opened["url"]) == (200, "redirection", "https://github.com/org/repo/actions/runs/123456789")
    assert "delivery_id" not in opened and len(receiver.received()) == 2


def libcurl_mapped(mock):
    with open(f"/proc/{mock.process.pid}/maps") as maps:
        return "libcurl" in maps.read()


def test_libcurl_is_loaded_by_the_first_delivery_only(make_mock, receiver):
    """A source build does not link libcurl (start-up without its libraries): the first delivery
    loads it, and it works from then on."""
    mock = make_mock("--webhook-route", f"https://hooks.example.com={receiver.base}")
    assert not libcurl_mapped(mock)
    device = "adam-iphone"  # the default fixtures' phone
    status, sent = send(mock, "POST", "/api/push-notification", json.dumps({
        "title": "Deploy", "actions": [{"title": "Pause", "type": "webhook", "url": "https://hooks.example.com/pause"}]}))
    assert status == 200, sent
    for expected in (1, 2):
        status, tap, _ = mock.raw("POST", "/_mock/taps", {"device_id": device, "notification_id": sent["notification_id"],
                                                        "action_index": 0}, key=None)
        assert status == 200, tap
        assert delivered(mock, tap["delivery_id"])["state"] == "delivered"
        assert len(receiver.received()) == expected
    assert libcurl_mapped(mock)


def test_an_api_key_cannot_make_the_mock_call_out(make_mock, receiver):
    mock = make_mock("--webhook-route", f"https://hooks.example.com={receiver.base}", "--admin-token", "admin-secret-1")
    body = {"device_id": "adam-iphone", "activity_id": "x", "button": "action"}
    assert mock.raw("POST", "/_mock/taps", body)[0] == 401  # the default API key opens no control route
    assert mock.raw("POST", "/_mock/taps", body, key=None)[0] == 401
    assert mock.raw("POST", "/api/_mock/taps", body)[0] == 404
    assert receiver.received() == []


def test_the_python_sdk_flow(make_mock, receiver):
    mock = make_mock("--webhook-route", f"https://hooks.example.com={receiver.base}")
    client = mock.sdk()
    started = client.live_activities.start(
        content_state={"title": "Deploy approval", "type": "alert", "message": "v2.4.0 is ready"},
        action={"title": "Approve", "type": "webhook", "url": "https://hooks.example.com/deploys/approve",
                "method": "POST", "body": {"deploy_id": "dep_42"}},
    )
    status, tap, _ = mock.raw("POST", "/_mock/taps", {"device_id": "adam-iphone", "activity_id": started.activity_id,
                                                      "button": "action"}, key=None)
    assert status == 200, tap
    assert delivered(mock, tap["delivery_id"])["response"]["status"] == 200
    assert json.loads(receiver.received()[0]["body"]) == {"deploy_id": "dep_42"}
