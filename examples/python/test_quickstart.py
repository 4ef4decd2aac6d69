"""The README's pytest example, as written there."""


def test_deploy_alert(activitysmith_mock, activitysmith_client):
    activitysmith_client.notifications.send(title="Deploy finished")
    sent = activitysmith_mock.wait_for_requests(path="/push-notification")
    assert sent[0]["response_body"]["devices_notified"] == 3
