"""A team's tests of notifier.py against activitysmith-mock, in the style they would write them."""
import pytest
from activitysmith_openapi.exceptions import ApiException

from notifier import alert_build_failed, report_later, track_deploy


def test_a_deploy_starts_updates_and_ends_its_live_activity(activitysmith_mock, activitysmith_client):
    activity_id = track_deploy(activitysmith_client, "payments-api", steps=3)

    activity = activitysmith_mock.activity(activity_id)
    assert activity["status"] == "ended"
    assert [u["kind"] for u in activity["updates"]] == ["start", "update", "update", "end"]
    assert activity["content_state"]["title"] == "Deployed payments-api"
    sent = activitysmith_mock.requests(path="/live-activity/update")
    assert [r["request_body"]["content_state"]["current_step"] for r in sent] == [3, 2]


def test_the_incident_button_calls_our_webhook(activitysmith_mock, activitysmith_client, receiver):
    notification_id = alert_build_failed(activitysmith_client, "https://ci.example.com/runs/7")

    tap = activitysmith_mock.tap(device_id="adam-iphone", notification_id=notification_id, action_index=0)
    delivery = activitysmith_mock.delivery(tap["delivery_id"], wait=5)
    assert delivery["state"] == "delivered"
    assert delivery["response"]["status"] == 201
    assert ("/incidents", {"service": "payments-api", "severity": "high"}) in receiver.received


def test_an_error_surfaces_through_the_sdk(activitysmith_client):
    with pytest.raises(ApiException) as raised:
        activitysmith_client.live_activities.update(activity_id="no-such-activity", content_state={"title": "x"})
    assert raised.value.status == 404


def test_a_background_send_is_waited_for(activitysmith_mock, activitysmith_client):
    thread = report_later(activitysmith_client, "Nightly report ready")

    entries = activitysmith_mock.wait_for_requests(path="/push-notification", timeout=5)
    assert entries[0]["request_body"]["title"] == "Nightly report ready"
    thread.join()


def test_each_test_starts_clean(activitysmith_mock):
    assert activitysmith_mock.requests() == []
    assert all(a["id"] == "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW" for a in activitysmith_mock.control("GET", "/_mock/activities")["activities"])
    assert activitysmith_mock.control("GET", "/_mock/taps")["taps"] == []


def test_the_rate_limit_for_one_test(activitysmith_mock, activitysmith_client):
    activitysmith_mock.set_limits(rate_limit=1)
    report_later(activitysmith_client, "first").join()
    with pytest.raises(ApiException) as raised:
        activitysmith_client.notifications.send(title="second")
    assert raised.value.status == 429
