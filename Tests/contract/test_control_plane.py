"""A tester's scenario: drive the SDK, then assert through the control plane what was sent
and what each simulated device received."""
from activitysmith_openapi.models import LiveActivityUpdateResponse


def test_queued_until_the_token_registers_then_notified(mock):
    live = mock.sdk().live_activities
    started = live.start(content_state={"title": "Deploy", "type": "segmented_progress",
                                        "number_of_steps": 3, "current_step": 0})
    first = live.update(activity_id=started.activity_id, content_state={"title": "Deploy", "current_step": 1})
    second = live.update(activity_id=started.activity_id, content_state={"title": "Deploy", "current_step": 2})
    assert (first.devices_queued, second.devices_queued) == (1, 1)

    # The journal shows what the SDK really sent, newest first, with the key masked.
    status, journal, _ = mock.raw("GET", f"/_mock/requests?activity_id={started.activity_id}", key=None)
    assert status == 200
    entries = journal["requests"]
    assert [e["path"] for e in entries] == ["/api/live-activity/update", "/api/live-activity/update",
                                            "/api/live-activity/start"]
    assert entries[0]["request_body"]["content_state"]["current_step"] == 2
    assert entries[0]["key_id"] == "ask_…789"

    # lab-ipad registers its token: both queued updates are delivered, in order.
    status, registered, _ = mock.raw("POST", f"/_mock/devices/lab-ipad/tokens/{started.activity_id}", key=None)
    assert status == 200 and registered["delivered"] == 2
    status, detail, _ = mock.raw("GET", f"/_mock/activities/{started.activity_id}", key=None)
    lab = next(d for d in detail["devices"] if d["device_id"] == "lab-ipad")
    assert lab["received"] == [0, 1, 2] and lab["queued"] == []

    third = live.update(activity_id=started.activity_id, content_state={"title": "Deploy", "current_step": 3})
    assert isinstance(third, LiveActivityUpdateResponse)
    assert (third.devices_notified, third.devices_queued) == (3, 0)


def test_fault_then_recovery_through_the_sdk(mock):
    import pytest
    from activitysmith_openapi.exceptions import ApiException
    status, _, _ = mock.raw("POST", "/_mock/faults", {"path": "/push-notification", "status": 503, "count": 1}, key=None)
    assert status == 200
    notifications = mock.sdk().notifications
    with pytest.raises(ApiException) as failure:
        notifications.send(title="first try")
    assert failure.value.status == 503
    assert notifications.send(title="second try").devices_notified == 3
    status, body, _ = mock.raw("GET", "/_mock/notifications", key=None)
    assert [n["payload"]["title"] for n in body["notifications"]] == ["second try"]
