"""Every request example of the mock's own document, sent as-is with the fixture key, gets 200, and
the answer has the documented success example's keys with the same JSON types."""
import pytest

from document import api_operations, load_document

DOCUMENT = load_document()
KEY = "ask_123456789"
SEEDED = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"


def fixture_set(activity_type):
    """The default account's channels and metrics; the seeded activity has the example's type."""
    channels = ["ops", "marketing"]
    account = {
        "id": "acme", "keys": [{"key": KEY, "scope": "all"}], "channels": channels, "users": ["adam", "eve"],
        "devices": [{"id": f"{c}-phone", "user": "adam" if i % 2 else "eve", "channels": [c]} for i, c in enumerate(channels)],
        "metrics": [{"key": "deploy.success_rate"}, {"key": "prod.status"}],
    }
    if activity_type:
        account["activities"] = [{"id": SEEDED, "devices": ["ops-phone", "marketing-phone"], "content_state": seeded_state(activity_type)}]
    return {"accounts": [account]}


def seeded_state(activity_type):
    return {"title": "Seeded", "type": activity_type, **{
        "segmented_progress": {"number_of_steps": 12, "current_step": 1},
        "progress": {"percentage": 10},
        "metrics": {"metrics": [{"label": "CPU", "value": 1}]},
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
    for method, path, operation in api_operations(DOCUMENT):
        content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        for name, example in content.get("examples", {}).items():
            yield pytest.param(method, path, operation, example["value"], id=f"{method} {path} {name}")


def json_type(value):
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}[type(value)]


@pytest.mark.parametrize("method, path, operation, body", list(request_examples()))
def test_request_example_succeeds_with_documented_shape(mock_factory, method, path, operation, body):
    mock = mock_factory("--live-activity-limit", "0")
    state = body.get("content_state", {})
    seeded = inferred_type(state) if path.endswith(("/update", "/end")) else None
    assert mock.raw("POST", "/_mock/reset", {"fixture_set": fixture_set(seeded)}, key=None)[0] == 200
    concrete = path.replace("{stream_key}", "server-health").replace("{key}", "deploy.success_rate")
    if method == "DELETE":
        start = {"content_state": {"title": "Server health", "type": "metrics", "metrics": [{"label": "CPU", "value": 1}]}}
        assert mock.raw("PUT", concrete, start, key=KEY)[0] == 200
    if "{notification_id}" in concrete:
        status, sent, _ = mock.raw("POST", "/api/push-notification", {"title": "First"}, key=KEY)
        assert status == 200
        concrete = concrete.replace("{notification_id}", sent["notification_id"])
    status, answer, headers = mock.raw(method, concrete, body, key=KEY)
    assert status == 200, f"{method} {path}: {status} {answer}"
    assert headers["Content-Type"] == "application/json"
    documented = operation["responses"]["200"]["content"]["application/json"]
    for example in documented.get("examples", {}).values():
        for key, value in example["value"].items():
            if key in ("activity_id",) and value is None:
                continue
            assert key in answer, f"missing {key}: {answer}"
            if value is not None and answer[key] is not None:
                assert json_type(answer[key]) == json_type(value), f"{key} is {answer[key]!r}, documented {value!r}"


def test_every_api_operation_has_examples():
    missing = [f"{method} {path}" for method, path, operation in api_operations(DOCUMENT)
               if not operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("examples")]
    assert missing == []
    assert len(list(request_examples())) >= 20
