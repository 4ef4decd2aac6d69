"""For every success and error example of the spec, provoke that answer from the mock and load it
into the official SDK's model for that status (SDK 1.14.0's maps, copied from its generated APIs)."""
import json

import pytest
from activitysmith_openapi import models

from overlay import load_upstream

SPEC = load_upstream()
KEY, OPS_KEY, GLOBEX_KEY = "ask_123456789", "ask_ops_only", "ask_globex_key"
SEEDED = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"
ALERT = {"content_state": {"title": "A", "type": "alert", "message": "m"}}
HEALTH = {"content_state": {"title": "Server Health", "type": "metrics", "metrics": [{"label": "CPU", "value": 27}]}}

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
NOT_PRODUCED = {
    ("POST /live-activity/start", "rate_limited"): "CONTRACT.md: the rate limit covers push, stream and metrics, not start",
    ("POST /live-activity/update", "rate_limited"): "CONTRACT.md: the rate limit covers push, stream and metrics, not update",
    ("POST /live-activity/end", "rate_limited"): "CONTRACT.md: the rate limit covers push, stream and metrics, not end",
}


def provoke(mock, limited, operation, status, name):
    """Make the mock give `status` for the spec example `name`; returns (status, body)."""
    method, path = operation.split(" ")
    stream = "/api" + path.replace("{stream_key}", "prod-web-1")
    if operation == "POST /live-activity/start":
        body = {200: {**ALERT, **({"target": {"channels": ["ops"]}} if "channel" in name else {})},
                400: {**ALERT, "target": {"channels": []}},
                403: {**ALERT, "target": {"channels": ["marketing"]}},
                404: {**ALERT, "target": {"channels": ["nobody"]}}}.get(status)
        if status == 429:
            for _ in range(3):
                mock.raw("POST", "/api/live-activity/start", {**ALERT, "target": {"channels": ["marketing"]}})
            body = {**ALERT, "target": {"channels": ["marketing"]}}
        return mock.raw("POST", "/api/live-activity/start", body, key=OPS_KEY if status == 403 else KEY)[:2]
    if operation in ("POST /live-activity/update", "POST /live-activity/end"):
        body = {"activity_id": SEEDED, "content_state": {"title": "x", "current_step": 2}}
        return mock.raw(method, "/api" + path, body, key=GLOBEX_KEY if status == 403 else KEY)[:2]
    if operation == "PUT /live-activity/stream/{stream_key}":
        if status == 200:
            if name == "noop":
                mock.raw("PUT", stream, HEALTH)
            if name == "paused":
                mock.raw("POST", "/_mock/streams/prod-web-1/pause", {"account": "acme"}, key=None)
            return mock.raw("PUT", stream, HEALTH)[:2]
        if status == 400:
            if name == "invalid_stream_key":
                return mock.raw("PUT", "/api/live-activity/stream/bad.key", HEALTH)[:2]
            return mock.raw("PUT", stream, {**HEALTH, "channels": []})[:2]
        if status == 403:
            return mock.raw("PUT", stream, {**HEALTH, "channels": ["marketing"]}, key=OPS_KEY)[:2]
        if status == 404:
            return mock.raw("PUT", stream, {**HEALTH, "channels": ["nobody"]})[:2]
        if name == "rate_limited":
            limited.raw("PUT", stream, HEALTH)
            return limited.raw("PUT", stream, HEALTH)[:2]
        for i in range(3):
            mock.raw("PUT", f"/api/live-activity/stream/full-{i}", {**HEALTH, "channels": ["marketing"]})
        return mock.raw("PUT", stream, {**HEALTH, "channels": ["marketing"]})[:2]
    if operation == "DELETE /live-activity/stream/{stream_key}":
        if status == 200:
            mock.raw("PUT", stream, HEALTH)
            if name == "already_inactive":
                mock.raw("DELETE", stream, {})
            return mock.raw("DELETE", stream, {})[:2]
        if status == 400:
            return mock.raw("DELETE", "/api/live-activity/stream/bad.key", {})[:2]
        if status == 404:
            return mock.raw("DELETE", stream, {})[:2]
        limited.raw("DELETE", stream, {})
        return limited.raw("DELETE", stream, {})[:2]
    if operation == "POST /push-notification":
        body = {200: {"title": "t", **({"target": {"channels": ["ops"]}} if "channel" in name else {})},
                400: {"title": "t", "target": {"channels": []}}, 403: {"title": "t", "target": {"channels": ["marketing"]}},
                404: {"title": "t", "target": {"channels": ["nobody"]}}}.get(status)
        if status == 429:
            limited.raw("POST", "/api/push-notification", {"title": "t"})
            return limited.raw("POST", "/api/push-notification", {"title": "t"})[:2]
        return mock.raw("POST", "/api/push-notification", body, key=OPS_KEY if status == 403 else KEY)[:2]
    if operation == "POST /metrics/{key}/value":
        if status == 429:
            limited.raw("POST", "/api/metrics/prod.status/value", {"value": 1})
            return limited.raw("POST", "/api/metrics/prod.status/value", {"value": 1})[:2]
        key = "nope" if status == 404 else "prod.status"
        return mock.raw("POST", f"/api/metrics/{key}/value", {"value": True} if status == 400 else {"value": 1})[:2]
    if operation == "POST /badge":
        body = {"badge": 3, **({"target": {"channels": ["ops"]}} if "channel" in name else {})}
        return mock.raw("POST", "/api/badge", body)[:2]
    raise AssertionError(f"no way to provoke {operation} {status} {name}")


def response_examples():
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                for name in response.get("content", {}).get("application/json", {}).get("examples", {}):
                    yield pytest.param(f"{method.upper()} {path}", int(status), name, id=f"{method.upper()} {path} {status} {name}")


@pytest.mark.parametrize("operation, status, name", list(response_examples()))
def test_example_status_loads_into_the_sdk_model(mock_factory, operation, status, name):
    if (operation, name) in NOT_PRODUCED:
        pytest.skip(NOT_PRODUCED[(operation, name)])
    mock = mock_factory()
    limited = mock_factory("--rate-limit", "1")
    got, body = provoke(mock, limited, operation, status, name)
    assert got == status, f"{operation} {name}: expected {status}, got {got} {body}"
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
