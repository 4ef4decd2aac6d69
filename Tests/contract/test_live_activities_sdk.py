"""Start, update and end driven through the official SDK 1.14.0: every response must load into its models."""
from datetime import datetime

import pytest
from activitysmith_openapi.exceptions import ApiException
from activitysmith_openapi.models import (
    LiveActivityEndResponse,
    LiveActivityStartResponse,
    LiveActivityUpdateResponse,
)

from conftest import SEEDED_ID


def test_docs_update_example_through_the_sdk(mock):
    client = mock.sdk()
    response = client.live_activities.update(
        activity_id=SEEDED_ID,
        content_state={"title": "Nightly database backup", "subtitle": "upload archive",
                       "number_of_steps": 3, "current_step": 2},
    )
    assert isinstance(response, LiveActivityUpdateResponse)
    assert response.success is True
    assert response.activity_id == SEEDED_ID
    assert response.devices_notified == 2
    assert response.devices_queued == 0
    assert isinstance(response.timestamp, datetime)


@pytest.mark.parametrize("prefix", ["/api", ""])
def test_lifecycle_with_and_without_type(mock, prefix):
    client = mock.sdk(prefix=prefix)
    started = client.live_activities.start(
        content_state={"title": "Deploy payments-api", "subtitle": "build", "type": "segmented_progress",
                       "number_of_steps": 4, "current_step": 1, "color": "blue"},
        action={"title": "Open", "type": "open_url", "url": "https://example.com/run/1"},
        tags=["deploy"], metadata={"run": 1, "env": "prod", "dry": False},
    )
    assert isinstance(started, LiveActivityStartResponse)
    assert len(started.activity_id) == 32
    assert started.devices_notified == 3
    assert started.users_notified == 2

    inferred = client.live_activities.update(
        activity_id=started.activity_id, content_state={"title": "Deploy payments-api", "current_step": 2})
    assert isinstance(inferred, LiveActivityUpdateResponse)
    # lab-ipad registers its per-activity token only when told: its updates queue.
    assert (inferred.devices_notified, inferred.devices_queued) == (2, 1)

    typed = client.live_activities.update(
        activity_id=started.activity_id,
        content_state={"title": "Deploy payments-api", "type": "segmented_progress", "current_step": 3,
                       "number_of_steps": 5})
    assert typed.success is True

    ended = client.live_activities.end(
        activity_id=started.activity_id,
        content_state={"title": "Deployed", "current_step": 5, "auto_dismiss_minutes": 1})
    assert isinstance(ended, LiveActivityEndResponse)
    assert ended.ignored is None

    again = client.live_activities.end(
        activity_id=started.activity_id, content_state={"title": "Deployed", "current_step": 5})
    assert again.ignored is True


@pytest.mark.parametrize("content_state, update", [
    ({"type": "progress", "percentage": 15}, {"percentage": 60}),
    ({"type": "progress", "value": 3, "upper_limit": 10}, {"value": 7, "upper_limit": 10}),
    ({"type": "metrics", "metrics": [{"label": "CPU", "value": 21, "unit": "%"}]},
     {"metrics": [{"label": "CPU", "value": 25, "unit": "%"}, {"label": "MEM", "value": "64%"}]}),
    ({"type": "stats", "metrics": [{"label": "Orders", "value": 120}]}, {"metrics": [{"label": "Orders", "value": 121}]}),
    ({"type": "alert", "message": "Approve?"}, {"message": "Approved"}),
    ({"type": "timer", "duration_seconds": 300}, {}),
    ({"type": "timer", "counts_down": False}, {"duration_seconds": 180}),
    ({"type": "value", "value": "$1,234.50"}, {"value": 1250.75}),
])
def test_every_type_through_the_sdk(mock, content_state, update):
    client = mock.sdk()
    started = client.live_activities.start(content_state={"title": "T", **content_state})
    assert isinstance(started, LiveActivityStartResponse)
    updated = client.live_activities.update(activity_id=started.activity_id, content_state={"title": "T", **update})
    assert isinstance(updated, LiveActivityUpdateResponse)
    ended = client.live_activities.end(activity_id=started.activity_id, content_state={"title": "T", **update})
    assert isinstance(ended, LiveActivityEndResponse)


def test_sdk_surfaces_errors_as_api_exceptions(mock):
    client = mock.sdk()
    with pytest.raises(ApiException) as forbidden:
        mock.sdk(key="ask_globex_key").live_activities.update(
            activity_id=SEEDED_ID, content_state={"title": "x", "current_step": 2})
    assert forbidden.value.status == 403
    with pytest.raises(ApiException) as mismatch:
        client.live_activities.update(activity_id=SEEDED_ID,
                                      content_state={"title": "x", "type": "alert", "message": "m"})
    assert mismatch.value.status == 400
    assert "content_state.type" in mismatch.value.body
