"""The code under test: what a team's deploy tooling might do with ActivitySmith."""
import threading

from activitysmith import ActivitySmith


def track_deploy(client: ActivitySmith, service: str, steps: int) -> str:
    """Shows a deploy as a segmented Live Activity, step by step, and ends it."""
    started = client.live_activities.start(content_state={
        "title": f"Deploy {service}", "type": "segmented_progress", "number_of_steps": steps, "current_step": 1})
    for step in range(2, steps + 1):
        client.live_activities.update(activity_id=started.activity_id,
                                      content_state={"title": f"Deploy {service}", "current_step": step})
    client.live_activities.end(activity_id=started.activity_id, content_state={
        "title": f"Deployed {service}", "current_step": steps, "auto_dismiss_minutes": 2})
    return started.activity_id


def alert_build_failed(client: ActivitySmith, run_url: str) -> str:
    """A push with a button that calls our incident webhook."""
    sent = client.notifications.send(
        title="Build failed", message="main is red", redirection=run_url,
        actions=[{"title": "Open incident", "type": "webhook", "url": "https://hooks.example.com/incidents",
                  "method": "POST", "body": {"service": "payments-api", "severity": "high"}}],
    )
    return sent.notification_id


def report_later(client: ActivitySmith, title: str) -> threading.Thread:
    """Sends from a background thread, as a worker or a job queue would."""
    thread = threading.Thread(target=lambda: client.notifications.send(title=title))
    thread.start()
    return thread
