"""Every request example of the upstream spec, sent as-is with the fixture key, gets the documented
success status, and the answer has the documented example's keys with the same JSON types."""
import json

import pytest

from overlay import load_upstream

SPEC = load_upstream()
KEY = "ask_123456789"
STREAM_KEY = "prod-web-1"  # the key the spec's stream examples answer with

# Spec inconsistencies, recorded rather than silenced: (operation, example, key) -> reason.
EXCEPTIONS = {
    ("POST /badge", "default", "effective_channel_slugs"):
        "example shows null; SDK 1.14.0's AppIconBadgeCountUpdateResponse requires a list, so the mock sends []",
}


def fixture_set(activity_type):
    """Every channel the examples target has a device; the seeded activity has the example's type."""
    channels = ["ops", "devs", "marketing", "sales", "customer-success"]
    account = {
        "id": "acme", "keys": [{"key": KEY, "scope": "all"}], "channels": channels, "users": ["adam", "eve"],
        "devices": [{"id": f"{c}-phone", "user": "adam" if i % 2 else "eve", "channels": [c]} for i, c in enumerate(channels)],
        "metrics": [{"key": "deploy.success_rate"}, {"key": "prod.status"}],
    }
    if activity_type:
        account["activities"] = [{"id": "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "devices": ["ops-phone", "devs-phone"],
                                  "content_state": seeded_state(activity_type)}]
    return {"accounts": [account]}


def seeded_state(activity_type):
    base = {"title": "Seeded", "type": activity_type}
    return {**base, **{
        "segmented_progress": {"number_of_steps": 12, "current_step": 1},
        "progress": {"percentage": 10},
        "metrics": {"metrics": [{"label": "CPU", "value": 1}]},
        "stats": {"metrics": [{"label": "CPU", "value": 1}]},
        "alert": {"message": "seeded"},
        "timer": {"duration_seconds": 60},
        "value": {"value": "1"},
    }[activity_type]}


def inferred_type(content_state):
    if "type" in content_state:
        return content_state["type"]
    for field, kind in [("number_of_steps", "segmented_progress"), ("current_step", "segmented_progress"),
                        ("percentage", "progress"), ("metrics", "metrics"), ("message", "alert")]:
        if field in content_state:
            return kind
    return "timer"


def request_examples():
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            for name, example in content.get("examples", {}).items():
                yield pytest.param(method.upper(), path, name, example["value"], id=f"{method.upper()} {path} {name}")


def success_examples(method, path):
    ok = SPEC["paths"][path][method.lower()]["responses"]["200"]["content"]["application/json"]
    return {name: e["value"] for name, e in ok.get("examples", {}).items()}


def json_type(value):
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}[type(value)]


@pytest.mark.parametrize("method, path, name, body", list(request_examples()))
def test_request_example_succeeds_with_documented_shape(mock_factory, method, path, name, body):
    mock = mock_factory("--live-activity-limit", "0")
    state = body.get("content_state", {})
    needs_activity = path in ("/live-activity/update", "/live-activity/end")
    status, _, _ = mock.raw("POST", "/_mock/reset", {"fixture_set": fixture_set(inferred_type(state) if needs_activity else None)},
                            key=None)
    assert status == 200
    concrete = path.replace("{stream_key}", STREAM_KEY)
    if method == "DELETE" and "stream" in path:
        # Ending needs a live stream of the example's type.
        start = {"content_state": {**state, "auto_dismiss_minutes": None}} if state else {
            "content_state": {"title": "Server Health", "type": "metrics", "metrics": [{"label": "CPU", "value": 1}]}}
        start["content_state"] = {k: v for k, v in start["content_state"].items() if v is not None and not k.startswith("auto_dismiss")}
        assert mock.raw("PUT", concrete_api(concrete), start, key=KEY)[0] == 200
    status, answer, headers = mock.raw(method, concrete_api(concrete), body, key=KEY)
    assert status == 200, f"{method} {path} example {name!r}: {status} {answer}"
    assert headers["Content-Type"] == "application/json"
    documented = success_examples(method, path)
    expected = documented.get(name) or next(iter(documented.values()))
    for key, value in expected.items():
        assert key in answer, f"{name}: missing {key}"
        exception = EXCEPTIONS.get((f"{method} {path}", name, key)) or EXCEPTIONS.get((f"{method} {path}", "default", key))
        if exception:
            continue
        if value is None or answer[key] is None:
            assert json_type(answer[key]) in (json_type(value), "null", "string"), f"{name}: {key}"
        else:
            assert json_type(answer[key]) == json_type(value), f"{name}: {key} is {answer[key]!r}, documented {value!r}"


def concrete_api(path):
    return "/api" + path


def test_every_operation_with_examples_was_replayed():
    operations = {(p.values[0], p.values[1]) for p in request_examples()}
    assert len(operations) >= 7, operations
