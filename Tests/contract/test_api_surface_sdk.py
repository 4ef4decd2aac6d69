"""Streams, push notifications, widget metrics and the badge through the SDK's own methods."""
from datetime import datetime, timezone

import pytest
from activitysmith_openapi.exceptions import ApiException
from activitysmith_openapi.models import (
    AppIconBadgeCountUpdateResponse,
    BadRequestError,
    BillingBlockedError,
    ForbiddenError,
    LiveActivityLimitError,
    LiveActivityStreamDeleteResponse,
    LiveActivityStreamPutResponse,
    MetricError,
    MetricValueUpdateResponse,
    NoRecipientsError,
    NotFoundError,
    PushNotificationReplaceResponse,
    PushNotificationResponse,
    RateLimitError,
)

HEALTH = {"title": "Server Health", "subtitle": "prod-web-1", "type": "metrics",
          "metrics": [{"label": "CPU", "value": 27, "unit": "%"}, {"label": "MEM", "value": 64, "unit": "%"}]}


def test_stream_lifecycle_through_the_sdk(mock):
    live = mock.sdk().live_activities
    started = live.stream("prod-web-1", content_state=HEALTH)
    assert isinstance(started, LiveActivityStreamPutResponse)
    assert started.operation == "started"
    assert started.devices_notified == 3
    noop = live.stream("prod-web-1", content_state=HEALTH)
    assert noop.operation == "noop"
    assert noop.activity_id == started.activity_id
    updated = live.stream("prod-web-1", content_state={**HEALTH, "type": None} | {"metrics": [{"label": "CPU", "value": 31}]})
    assert updated.operation == "updated"
    rotated = live.stream("prod-web-1", content_state={"title": "Down", "type": "alert", "message": "prod-web-1 down"},
                          channels=["ops"])
    assert rotated.operation == "rotated"
    assert rotated.previous_activity_id == started.activity_id
    assert rotated.effective_channel_slugs == ["ops"]
    ended = live.end_stream("prod-web-1", content_state={"title": "Recovered", "message": "ok", "auto_dismiss_minutes": 1})
    assert isinstance(ended, LiveActivityStreamDeleteResponse)
    assert ended.operation == "ended"
    assert ended.activity_id == rotated.activity_id
    again = live.end_stream("prod-web-1")
    assert again.activity_id is None


def test_stream_errors_load_into_sdk_models(mock):
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/bad.key", {"content_state": HEALTH})
    assert status == 400 and BadRequestError.from_dict(body).error == "Invalid stream_key"
    status, body, _ = mock.raw("DELETE", "/api/live-activity/stream/never-seen", {})
    assert status == 404 and NotFoundError.from_dict(body).error == "Live Activity stream not found"
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/x",
                               {"channels": ["ops"], "target": {"channels": ["marketing"]}, "content_state": HEALTH})
    assert status == 400 and BadRequestError.from_dict(body)
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/x", {"channels": ["nobody"], "content_state": HEALTH})
    assert status == 404 and NoRecipientsError.from_dict(body).effective_channel_slugs == ["nobody"]
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/x", {"channels": ["marketing"], "content_state": HEALTH},
                               key="ask_ops_only")
    assert status == 403 and ForbiddenError.from_dict(body)
    for i in range(3):
        assert mock.raw("PUT", f"/api/live-activity/stream/m{i}", {"channels": ["marketing"], "content_state": HEALTH})[0] == 200
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/m3", {"channels": ["marketing"], "content_state": HEALTH})
    assert status == 429 and LiveActivityLimitError.from_dict(body).limit == 4


def test_push_send_and_replace_through_the_sdk(mock):
    notifications = mock.sdk().notifications
    sent = notifications.send(title="New subscription 💸", message="Customer upgraded to Pro plan",
                              channels=["ops"], tags=["billing"], metadata={"plan": "pro"},
                              interruption_level="time-sensitive",
                              actions=[{"title": "Open", "type": "open_url", "url": "https://example.com/c/1"},
                                       {"title": "Refund", "type": "webhook", "url": "https://example.com/hooks/refund",
                                        "method": "POST", "body": {"id": 1}}])
    assert isinstance(sent, PushNotificationResponse)
    assert sent.devices_notified == 2
    assert sent.effective_channel_slugs == ["ops"]
    assert len(sent.notification_id) == 32
    replaced = notifications.replace(sent.notification_id, title="Subscription upgraded", message="Pro plan, annual")
    assert isinstance(replaced, PushNotificationReplaceResponse)
    assert replaced.notification_id == sent.notification_id
    assert replaced.devices_notified == 2
    assert replaced.tags == ["billing"]


def test_push_errors_load_into_sdk_models(mock):
    status, body, _ = mock.raw("POST", "/api/push-notification", {"message": "no title"})
    assert status == 400 and "title" in BadRequestError.from_dict(body).message
    status, body, _ = mock.raw("POST", "/api/push-notification", {"title": "t", "target": {"channels": ["void"]}})
    assert status == 404 and NoRecipientsError.from_dict(body).message == "No devices matched the effective channel target"
    status, body, _ = mock.raw("PUT", "/api/push-notification/unknown", {"title": "t"})
    assert status == 404 and NotFoundError.from_dict(body)
    sent = mock.raw("POST", "/api/push-notification", {"title": "t"})[1]
    status, body, _ = mock.raw("PUT", f"/api/push-notification/{sent['notification_id']}", {"title": "t"}, key="ask_globex_key")
    assert status == 403 and ForbiddenError.from_dict(body)


def test_metrics_through_the_sdk(mock):
    metrics = mock.sdk().metrics
    assert isinstance(metrics.update("deploy.success_rate", 99.5), MetricValueUpdateResponse)
    assert metrics.update("prod.status", "OK", timestamp=datetime.now(timezone.utc)).success is True
    with pytest.raises(ApiException) as missing:
        metrics.update("no.such.metric", 1)
    assert missing.value.status == 404
    assert MetricError.from_json(missing.value.body).error == "Metric not found"
    status, body, _ = mock.raw("POST", "/api/metrics/prod.status/value", {"value": "x" * 65})
    assert status == 400 and MetricError.from_dict(body).error


def test_badge_through_the_sdk(mock):
    client = mock.sdk()
    everyone = client.badge_count(8333)
    assert isinstance(everyone, AppIconBadgeCountUpdateResponse)
    assert (everyone.devices_updated, everyone.users_updated, everyone.devices_notified) == (3, 2, 3)
    ops = client.badge_count(0, channels=["ops"])
    assert ops.effective_channel_slugs == ["ops"]
    status, body, _ = mock.raw("POST", "/api/badge", {"badge": -1})
    assert status == 400 and BadRequestError.from_dict(body)


def test_rate_limit_body_loads(mock_factory):
    mock = mock_factory("--rate-limit", "2")
    for _ in range(2):
        assert mock.raw("POST", "/api/push-notification", {"title": "t"})[0] == 200
    status, body, _ = mock.raw("POST", "/api/push-notification", {"title": "t"})
    assert status == 429
    assert RateLimitError.from_dict(body).error == "Rate limit exceeded"


def test_billing_blocked_body_loads(mock_factory, tmp_path):
    fixtures = tmp_path / "billing.json"
    fixtures.write_text('{"accounts":[{"id":"b","billing_state":"trial_expired",'
                        '"keys":[{"key":"ask_billing_blocked","scope":"all"}],"devices":[{"id":"d","user":"u"}]}]}')
    mock = mock_factory("--fixtures", str(fixtures))
    status, body, _ = mock.raw("POST", "/api/push-notification", {"title": "t"}, key="ask_billing_blocked")
    assert status == 402
    error = BillingBlockedError.from_dict(body)
    assert error.error == "trial_expired" and error.upgrade_url
