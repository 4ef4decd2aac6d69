"""docs/control-plane-examples.md holds real answers of the control plane, made here from a fixed
seed and clock: this test fails when the file and the server disagree. Rewrite the file with
ACTIVITYSMITH_UPDATE_DOCS=1."""
import json
import os
from pathlib import Path

from mockproc import start_mock, stop_mock

DOC = Path(__file__).resolve().parents[2] / "docs" / "control-plane-examples.md"

INTRO = """# Control plane: real answers

Made by `Tests/contract/test_control_plane_examples.py` from a mock started with
`--seed 7 --clock fixed:2026-07-01T09:00:00.000Z` and the default fixtures, after these calls
(the test fails when the server and this file disagree, so they cannot drift apart):

```sh
curl -X POST localhost:8080/api/live-activity/start -H "Authorization: Bearer ask_123456789" \\
  -d '{"target":{"channels":["ops"]},"content_state":{"title":"Deploy payments-api","type":"segmented_progress","number_of_steps":3,"current_step":1}}'
curl -X POST localhost:8080/api/live-activity/update -H "Authorization: Bearer ask_123456789" \\
  -d '{"activity_id":"<id>","content_state":{"title":"Deploy payments-api","current_step":2}}'
curl -X POST localhost:8080/api/push-notification -H "Authorization: Bearer ask_123456789" \\
  -d '{"title":"Deploy finished","target":{"channels":["ops"]}}'
```

`adam-iphone` and `lab-ipad` are on the `ops` channel. `lab-ipad`'s per-activity token is
`manual`: the start still reaches it (push-to-start needs no per-activity token), the update waits
for its token (`queued`), until `POST /_mock/devices/lab-ipad/tokens/<id>`. Update numbers
(`seq`) start at 0, the start's. A journal entry's `duration_ms` varies from run to run (shown
here as 0.5).
"""


def render(sections):
    parts = [INTRO]
    for title, call, body in sections:
        parts.append(f"## `{call}`\n\n{title}\n\n```json\n{json.dumps(body, indent=2, ensure_ascii=False)}\n```\n")
    return "\n".join(parts)


def test_the_examples_are_what_the_server_answers():
    mock = start_mock("--seed", "7", "--clock", "fixed:2026-07-01T09:00:00.000Z")
    try:
        status, started, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["ops"]}, "content_state": {
            "title": "Deploy payments-api", "type": "segmented_progress", "number_of_steps": 3, "current_step": 1}})
        assert status == 200, started
        activity = started["activity_id"]
        assert mock.raw("POST", "/api/live-activity/update", {"activity_id": activity, "content_state": {
            "title": "Deploy payments-api", "current_step": 2}})[0] == 200
        assert mock.raw("POST", "/api/push-notification", {"title": "Deploy finished", "target": {"channels": ["ops"]}})[0] == 200

        def get(path):
            status, body, _ = mock.raw("GET", path, key=None)
            assert status == 200, body
            return body

        entry = get("/_mock/requests?limit=1")["requests"][0]
        entry["duration_ms"] = 0.5
        sections = [
            ("One activity: its state, every update in order, and per device what it received and what waits.",
             f"GET /_mock/activities/{activity}", get(f"/_mock/activities/{activity}")),
            ("One device: its activities (token, received, queued), its notifications and badge.",
             "GET /_mock/devices/lab-ipad", get("/_mock/devices/lab-ipad")),
            ("Push notifications, newest first; `devices` lists the devices that received the newest revision.",
             "GET /_mock/notifications", get("/_mock/notifications")),
            ("The request journal, newest first (here one entry).", "GET /_mock/requests?limit=1", {"requests": [entry]}),
        ]
    finally:
        stop_mock(mock)
    text = render(sections)
    if os.environ.get("ACTIVITYSMITH_UPDATE_DOCS") == "1":
        DOC.write_text(text)
    assert DOC.read_text() == text, "docs/control-plane-examples.md is stale: rerun with ACTIVITYSMITH_UPDATE_DOCS=1"
