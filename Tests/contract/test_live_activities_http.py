"""Error statuses through raw HTTP; each body must load into the SDK's model for that status."""
from activitysmith_openapi.models import (
    BadRequestError,
    ForbiddenError,
    LiveActivityLimitError,
    NoRecipientsError,
    NotFoundError,
)

from conftest import SEEDED_ID

ALERT = {"content_state": {"title": "A", "type": "alert", "message": "m"}}


def test_400_bad_payload_names_the_field(mock):
    status, body, headers = mock.raw("POST", "/api/live-activity/start", {
        "content_state": {"title": "B", "type": "segmented_progress", "number_of_steps": 3, "current_step": 1.5}})
    assert status == 400
    assert headers["Content-Type"] == "application/json"
    error = BadRequestError.from_dict(body)
    assert "content_state.current_step" in error.message


def test_400_broken_json(mock):
    status, body, _ = mock.raw("POST", "/live-activity/update", raw_body=b'{"activity_id": ')
    assert status == 400
    BadRequestError.from_dict(body)


def test_401_missing_and_unknown_key(mock):
    for key in (None, "ask_wrong"):
        status, body, _ = mock.raw("POST", "/api/live-activity/update", {"activity_id": SEEDED_ID}, key=key)
        assert status == 401
        assert body["error"] == "Unauthorized"
        assert "ask_wrong" not in body["message"]


def test_403_other_account_and_channel_scope(mock):
    status, body, _ = mock.raw("POST", "/api/live-activity/end", {
        "activity_id": SEEDED_ID, "content_state": {"title": "x", "current_step": 3}}, key="ask_globex_key")
    assert status == 403
    assert ForbiddenError.from_dict(body).message == "This API key cannot end this Live Activity"
    status, body, _ = mock.raw("POST", "/api/live-activity/start", {**ALERT, "target": {"channels": ["marketing"]}},
                               key="ask_ops_only")
    assert status == 403
    assert ForbiddenError.from_dict(body).error == "Invalid channel targeting"


def test_404_no_recipients_and_unknown_activity(mock):
    status, body, _ = mock.raw("POST", "/api/live-activity/start", {**ALERT, "target": {"channels": ["nobody"]}})
    assert status == 404
    error = NoRecipientsError.from_dict(body)
    assert error.effective_channel_slugs == ["nobody"]
    status, body, _ = mock.raw("POST", "/api/live-activity/update",
                               {"activity_id": "missing", "content_state": {"title": "x"}})
    assert status == 404
    NotFoundError.from_dict(body)


def test_429_live_activity_limit(mock):
    body_marketing = {**ALERT, "target": {"channels": ["marketing"]}}
    for _ in range(3):
        assert mock.raw("POST", "/api/live-activity/start", body_marketing)[0] == 200
    status, body, _ = mock.raw("POST", "/api/live-activity/start", body_marketing)
    assert status == 429
    error = LiveActivityLimitError.from_dict(body)
    assert (error.limit, error.active) == (4, 4)
    status, body, _ = mock.raw("POST", "/api/live-activity/start", ALERT)
    mixed = LiveActivityLimitError.from_dict(body)
    assert (mixed.blocked_devices, mixed.targeted_devices) == (1, 3)


def test_update_after_end_is_400(mock):
    end = {"activity_id": SEEDED_ID, "content_state": {"title": "x", "current_step": 3}}
    assert mock.raw("POST", "/api/live-activity/end", end)[0] == 200
    status, body, _ = mock.raw("POST", "/api/live-activity/update", end)
    assert status == 400
    assert BadRequestError.from_dict(body).error == "Live Activity has ended"
