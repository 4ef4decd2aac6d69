"""For every success and error example of the mock's own document, provoke that answer from the mock,
check it against the example where the answer is deterministic, and load it into the official SDK's
model for that status (SDK 1.14.0's maps, copied from its generated APIs)."""
import json

import pytest
from activitysmith_openapi import models

from document import api_operations, load_document

DOCUMENT = load_document()
KEY, OPS_KEY, GLOBEX_KEY = "ask_123456789", "ask_ops_only", "ask_globex_key"
SEEDED = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"
ALERT = {"content_state": {"title": "A", "type": "alert", "message": "m"}}
HEALTH = {"content_state": {"title": "Server health", "type": "metrics", "metrics": [{"label": "CPU", "value": 27}]}}

# SDK 1.14.0 `_response_types_map` per operation and status.
SDK_MODELS = {
    "POST /live-activity/start": {200: "LiveActivityStartResponse", 400: "BadRequestError", 402: "BillingBlockedError",
                                  403: "ForbiddenError", 422: "NoRecipientsError", 429: "SendPushNotification429Response"},
    "POST /live-activity/update": {200: "LiveActivityUpdateResponse", 403: "ForbiddenError", 429: "RateLimitError"},
    "POST /live-activity/end": {200: "LiveActivityEndResponse", 403: "ForbiddenError", 429: "RateLimitError"},
    "PUT /live-activity/stream/{stream_key}": {200: "LiveActivityStreamPutResponse", 400: "BadRequestError",
                                               402: "BillingBlockedError", 403: "ForbiddenError", 422: "NoRecipientsError",
                                               429: "SendPushNotification429Response"},
    "DELETE /live-activity/stream/{stream_key}": {200: "LiveActivityStreamDeleteResponse", 400: "BadRequestError",
                                                  404: "NotFoundError", 429: "RateLimitError"},
    "POST /push-notification": {200: "PushNotificationResponse", 400: "BadRequestError", 402: "BillingBlockedError",
                                403: "ForbiddenError", 422: "NoRecipientsError", 429: "SendPushNotification429Response"},
    "POST /metrics/{key}/value": {200: "MetricValueUpdateResponse", 400: "MetricError", 404: "MetricError", 429: "RateLimitError"},
    "POST /badge": {200: "AppIconBadgeCountUpdateResponse", 400: "BadRequestError", 402: "BillingBlockedError",
                    403: "ForbiddenError", 429: "RateLimitError"},
}

# Where the mock and the SDK disagree by design, the model used and why (listed in the issue note).
STATUS_EXCEPTIONS = {
    404: ("NoRecipientsError", "no recipients is 404 per CONTRACT.md and the July spec; SDK 1.14.0 maps it to 422"),
}
# SDK 1.14.0 defect: its oneOf for 429 cannot load a Live Activity limit body, because the generated
# RateLimitError ignores unknown fields, so both members match ("Multiple matches found"). The
# body is checked against the member model instead; the test fails once the SDK is fixed.
ONEOF_DEFECTS = {"SendPushNotification429Response": "LiveActivityLimitError"}
# Answers whose body is the same on every run: the provoked one must equal the example.
DETERMINISTIC_STATUSES = {400, 401, 403, 404, 429}
BAD_TARGET = {"target": {"channels": "ops"}}


def provoke(mock, limited, operation, status, name):
    """Make the mock give the example `name` of `status`; returns (status, body)."""
    method, path = operation.split(" ")
    if status == 401:
        return mock.raw(method, concrete(path), {}, key=None)[:2]
    if operation == "POST /live-activity/start":
        body = {200: ALERT, 400: {**ALERT, **BAD_TARGET}, 403: {**ALERT, "target": {"channels": ["marketing"]}},
                404: {**ALERT, "target": {"channels": ["nobody"]}}}.get(status)
        if status == 429:
            for _ in range(4):
                mock.raw("POST", "/api/live-activity/start", ALERT)
            body = ALERT
        return mock.raw("POST", "/api/live-activity/start", body, key=OPS_KEY if status == 403 else KEY)[:2]
    if operation in ("POST /live-activity/update", "POST /live-activity/end"):
        activity = "nope" if status == 404 else SEEDED
        return mock.raw(method, "/api" + path, {"activity_id": activity, "content_state": {"title": "x", "current_step": 2}})[:2]
    if operation == "PUT /live-activity/stream/{stream_key}":
        stream = concrete(path)
        if name == "paused":
            mock.raw("POST", "/_mock/streams/server-health/pause", {"account": "acme"}, key=None)
        if name == "rate_limited":
            limited.raw("PUT", stream, HEALTH)
            return limited.raw("PUT", stream, HEALTH)[:2]
        if name == "live_activity_limit":
            for i in range(4):
                mock.raw("PUT", f"/api/live-activity/stream/full-{i}", HEALTH)
        body = {400: {**HEALTH, **BAD_TARGET}, 403: {**HEALTH, "channels": ["marketing"]},
                404: {**HEALTH, "channels": ["nobody"]}}.get(status, HEALTH)
        return mock.raw("PUT", stream, body, key=OPS_KEY if status == 403 else KEY)[:2]
    if operation == "DELETE /live-activity/stream/{stream_key}":
        mock.raw("PUT", concrete(path), HEALTH)
        return mock.raw("DELETE", concrete(path), {})[:2]
    if operation == "POST /push-notification":
        if status == 429:
            limited.raw("POST", "/api/push-notification", {"title": "t"})
            return limited.raw("POST", "/api/push-notification", {"title": "t"})[:2]
        body = {200: {"title": "t"}, 400: {"title": "t", **BAD_TARGET}, 403: {"title": "t", "target": {"channels": ["marketing"]}},
                404: {"title": "t", "target": {"channels": ["nobody"]}}}[status]
        return mock.raw("POST", "/api/push-notification", body, key=OPS_KEY if status == 403 else KEY)[:2]
    if operation == "POST /metrics/{key}/value":
        key = "nope" if status == 404 else "prod.status"
        return mock.raw("POST", f"/api/metrics/{key}/value", {"value": True} if status == 400 else {"value": 1})[:2]
    if operation == "POST /badge":
        return mock.raw("POST", "/api/badge", {"badge": 3})[:2]
    raise AssertionError(f"no way to provoke {operation} {status} {name}")


def concrete(path):
    return "/api" + path.replace("{stream_key}", "server-health").replace("{key}", "prod.status") \
        .replace("{notification_id}", "nope")


def response_examples():
    for method, path, operation in api_operations(DOCUMENT):
        for status, response in operation.get("responses", {}).items():
            for name, example in response.get("content", {}).get("application/json", {}).get("examples", {}).items():
                key = f"{method} {path.removeprefix('/api')}"
                yield pytest.param(key, int(status), name, example["value"], id=f"{key} {status} {name}")


@pytest.mark.parametrize("operation, status, name, example", list(response_examples()))
def test_example_is_what_the_mock_answers(mock_factory, operation, status, name, example):
    mock = mock_factory()
    limited = mock_factory("--rate-limit", "1")
    got, body = provoke(mock, limited, operation, status, name)
    assert got == status, f"{operation} {name}: expected {status}, got {got} {body}"
    if status in DETERMINISTIC_STATUSES:
        assert body == example, f"{operation} {status} {name}: the example says {example}, the mock {body}"
    else:
        assert set(example) <= set(body), f"{operation} {name}: {set(example) - set(body)} missing"
    if status == 401:
        return  # the SDK maps no model to 401
    model_name = SDK_MODELS[operation].get(status) or STATUS_EXCEPTIONS[status][0]
    model = getattr(models, model_name)
    text = json.dumps(body)
    if model_name in ONEOF_DEFECTS and "limit" in body:
        with pytest.raises(ValueError, match="Multiple matches"):
            model.from_json(text)
        model = getattr(models, ONEOF_DEFECTS[model_name])
    loaded = model.from_json(text)
    assert loaded is not None
    if status == 200:
        assert loaded.success is True


def test_every_api_operation_has_a_success_example():
    operations = {operation for operation, status, *_ in (p.values for p in response_examples()) if status == 200}
    assert len(operations) >= 8, operations
