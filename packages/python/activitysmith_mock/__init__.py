"""activitysmith-mock for Python test suites: start the mock ActivitySmith server, point the
official SDK at it, and read or steer its state through the control plane.

    from activitysmith_mock import MockServer

    with MockServer() as mock:
        client = mock.sdk()
        client.live_activities.start(content_state={"title": "Deploy", "type": "alert", "message": "ok"})
        assert mock.wait_for_requests(path="/live-activity/start")[0]["status"] == 200

With pytest, the plugin gives the fixtures `activitysmith_mock` (one server for the run, reset
before each test) and `activitysmith_client` (the SDK pointed at it).
"""

from ._server import MockError, MockServer, binary_path

__all__ = ["MockError", "MockServer", "binary_path"]
__version__ = "0.1.0"
