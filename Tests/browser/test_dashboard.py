"""The live dashboard in headless Chromium: API calls must show up as rendered Lock Screens
within about a second, each type drawn from its own fields."""
import os
import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from mockproc import one_mock  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts"
WAIT = 2.0  # SSE pushes within ~100 ms of a change; 2 s leaves room for a loaded CI machine


@pytest.fixture
def mock():
    yield from one_mock()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    yield driver
    driver.quit()


# The page redraws on every pushed state, so element handles go stale: read the DOM atomically.
def texts(driver, selector):
    return driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())", selector)


def attrs(driver, selector, name):
    return driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                                 selector, name)


def count(driver, selector):
    return len(texts(driver, selector))


def click(driver, selector):
    driver.execute_script("document.querySelector(arguments[0]).click()", selector)


def wait_for(driver, condition, what):
    WebDriverWait(driver, WAIT, poll_frequency=0.05).until(lambda d: condition(), message=what)


def card(activity, device):
    return f'[data-device-id="{device}"] [data-activity-id="{activity}"]'


def test_api_calls_render_as_lock_screens(mock, browser):
    browser.get(mock.base_url + "/_mock/ui")
    wait_for(browser, lambda: texts(browser, "#status") == ["live"], "the event stream connected")
    assert count(browser, ".phone") == 4

    # segmented_progress to ops (adam-iphone, and lab-ipad whose token waits), updated twice
    status, started, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["ops"]}, "content_state": {
        "title": "Deploy payments-api", "subtitle": "build", "type": "segmented_progress", "number_of_steps": 4,
        "current_step": 1, "color": "blue"}, "action": {"title": "Open run", "type": "open_url", "url": "https://ci.example.com/1"}})
    assert status == 200
    seg = started["activity_id"]
    filled = lambda: count(browser, card(seg, "adam-iphone") + " .segment.filled")
    wait_for(browser, lambda: filled() == 1, "1 filled segment after start")
    assert count(browser, card(seg, "adam-iphone") + " .segment") == 4
    assert "Open run" in texts(browser, card(seg, "adam-iphone") + " .actions")[0]
    for step in (2, 3):
        assert mock.raw("POST", "/api/live-activity/update", {"activity_id": seg, "content_state": {
            "title": "Deploy payments-api", "subtitle": f"step {step}", "current_step": step, "step_color": "green"}})[0] == 200
        wait_for(browser, lambda: filled() == step, f"{step} filled segments")
    assert texts(browser, card(seg, "adam-iphone") + " .subtitle") == ["step 3"]
    pending = card(seg, "lab-ipad") + " .pending"
    wait_for(browser, lambda: attrs(browser, pending, "data-queued") == ["2"],
             "lab-ipad shows 2 pending updates")
    # lab-ipad draws what it received (the start), not the updates still waiting for its token
    assert count(browser, card(seg, "lab-ipad") + " .segment.filled") == 1
    assert texts(browser, card(seg, "lab-ipad") + " .subtitle") == ["build"]

    # metrics to marketing (eve-iphone)
    status, metrics, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["marketing"]}, "content_state": {
        "title": "Server Health", "type": "metrics", "metrics": [{"label": "CPU", "value": 21, "unit": "%"},
                                                                 {"label": "MEM", "value": 64, "unit": "%"}]}})
    values = lambda: texts(browser, card(metrics["activity_id"], "eve-iphone") + " .metric-row .value")
    wait_for(browser, lambda: values() == ["21%", "64%"], "metric values 21% and 64%")
    labels = texts(browser, card(metrics["activity_id"], "eve-iphone") + " .metric-row .label")
    assert labels == ["CPU", "MEM"]

    # alert, value and progress to everyone
    status, alert, _ = mock.raw("POST", "/api/live-activity/start", {"content_state": {
        "title": "Approval Needed", "type": "alert", "message": "Send the follow-up email?", "icon": {"symbol": "envelope"}}})
    message = lambda: texts(browser, card(alert["activity_id"], "eve-iphone") + " .message")
    wait_for(browser, lambda: message() == ["Send the follow-up email?"], "the alert's message")
    assert "envelope" in texts(browser, card(alert["activity_id"], "eve-iphone") + " .icon")[0]

    # a push notification, then its replacement in place
    status, push, _ = mock.raw("POST", "/api/push-notification", {"title": "Deploy finished", "message": "v2.14.0 is live",
                                                                    "interruption_level": "time-sensitive"})
    titles = lambda: texts(browser, "#notifications .note-title")
    wait_for(browser, lambda: titles() == ["Deploy finished"], "the push in the notification list")
    assert "time-sensitive" in texts(browser, "#notifications .level")[0]
    mock.raw("PUT", f"/api/push-notification/{push['notification_id']}", {"title": "Deploy finished (replaced)"})
    wait_for(browser, lambda: titles() == ["Deploy finished (replaced)"], "the replaced push updated in place")
    assert mock.raw("POST", "/api/badge", {"badge": 7})[0] == 200
    wait_for(browser, lambda: texts(browser, '[data-device-id="eve-iphone"] .app-badge') == ["7"], "the badge count")

    # the Register token button delivers lab-ipad's queue
    click(browser, pending + " button")
    wait_for(browser, lambda: count(browser, pending) == 0, "the pending note disappears once the token registered")
    assert count(browser, card(seg, "lab-ipad") + " .segment.filled") == 3

    # the timeline of the segmented activity
    click(browser, card(seg, "adam-iphone") + " .title")
    wait_for(browser, lambda: count(browser, "#timeline-updates li[data-seq]") == 3
             and browser.execute_script("return !document.querySelector('#timeline').hidden"), "the timeline opens")
    assert attrs(browser, "#timeline-updates li[data-seq]", "data-seq") == ["0", "1", "2"]
    ARTIFACTS.mkdir(exist_ok=True)
    click(browser, "#timeline-close")
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    # usable at phone width: nothing wider than the screen
    browser.set_window_size(390, 844)
    wait_for(browser, lambda: browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
             "no horizontal overflow at 390 px")
    browser.save_screenshot(str(ARTIFACTS / "dashboard-phone.png"))


def test_timer_value_and_ended_states(mock, browser):
    browser.get(mock.base_url + "/_mock/ui")
    wait_for(browser, lambda: texts(browser, "#status") == ["live"], "connected")
    _, timer, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["marketing"]},
                                                                 "content_state": {"title": "Benchmark", "type": "timer", "duration_seconds": 300}})
    readout = card(timer["activity_id"], "eve-iphone") + " .timer-readout"
    wait_for(browser, lambda: texts(browser, readout)[:1] in (["5:00"], ["4:59"], ["4:58"]), "a countdown near 5:00")
    mock.raw("POST", "/api/live-activity/update", {"activity_id": timer["activity_id"], "content_state": {"title": "Benchmark", "is_running": False}})
    wait_for(browser, lambda: attrs(browser, readout, "data-running") == ["0"], "the timer paused")
    _, value, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["marketing"]},
                                                                 "content_state": {"title": "Revenue", "type": "value", "value": "$1,234.50"}})
    readout_value = card(value["activity_id"], "eve-iphone") + " .value-readout"
    wait_for(browser, lambda: texts(browser, readout_value) == ["$1,234.50"], "the value readout")
    mock.raw("POST", "/api/live-activity/end", {"activity_id": value["activity_id"], "content_state": {
        "title": "Revenue", "value": "$1,300.00", "auto_dismiss_minutes": 5}})
    note = card(value["activity_id"], "eve-iphone") + " .ended-note"
    wait_for(browser, lambda: any("dismissed in" in t for t in texts(browser, note)), "the ended state with its countdown")
    assert texts(browser, readout_value) == ["$1,300.00"]


def test_a_paused_timer_shows_its_frozen_window(mock, browser):
    browser.get(mock.base_url + "/_mock/ui")
    wait_for(browser, lambda: texts(browser, "#status") == ["live"], "connected")
    _, timer, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["marketing"]},
                                                                 "content_state": {"title": "Bench", "type": "timer", "duration_seconds": 90,
                                                                                   "is_running": False}})
    readout = card(timer["activity_id"], "eve-iphone") + " .timer-readout"
    wait_for(browser, lambda: texts(browser, readout) == ["1:30"], "frozen at the full window")
    mock.raw("POST", "/api/live-activity/update", {"activity_id": timer["activity_id"], "content_state": {"title": "Bench", "is_running": True}})
    wait_for(browser, lambda: attrs(browser, readout, "data-running") == ["1"], "resumed")
    assert attrs(browser, readout, "data-ends")[0], "a countdown carries its end"


def test_stream_pause_and_resume_buttons(mock, browser):
    browser.get(mock.base_url + "/_mock/ui")
    wait_for(browser, lambda: texts(browser, "#status") == ["live"], "connected")
    _, started, _ = mock.raw("PUT", "/api/live-activity/stream/prod-web-1", {"target": {"channels": ["marketing"]}, "content_state": {
        "title": "Server Health", "type": "metrics", "metrics": [{"label": "CPU", "value": 27, "unit": "%"}]}})
    stream_card = card(started["activity_id"], "eve-iphone")
    wait_for(browser, lambda: count(browser, stream_card + " .stream-pause") == 1, "a pause button on the stream's activity")
    click(browser, stream_card + " .stream-pause")
    wait_for(browser, lambda: count(browser, stream_card + " .stream-resume") == 1, "paused: the activity ended, resume offered")
    status, body, _ = mock.raw("PUT", "/api/live-activity/stream/prod-web-1", {"content_state": {"title": "Server Health", "type": "metrics",
                                                                                                  "metrics": [{"label": "CPU", "value": 30}]}})
    assert (status, body["operation"], body["activity_id"]) == (200, "paused", None)
    click(browser, stream_card + " .stream-resume")
    wait_for(browser, lambda: count(browser, stream_card + " .stream-resume") == 0, "resumed")
    _, body, _ = mock.raw("PUT", "/api/live-activity/stream/prod-web-1", {"content_state": {"title": "Server Health", "type": "metrics",
                                                                                              "metrics": [{"label": "CPU", "value": 31}]}})
    assert body["operation"] == "started"


def test_first_paint_draws_the_state_before_the_event_stream(mock, browser):
    # With the event stream blocked, the page can only draw what it was served with.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/_mock/events*"]})
    assert mock.raw("POST", "/api/push-notification", {"title": "Before the page loaded"})[0] == 200
    browser.get(mock.base_url + "/_mock/ui")
    assert texts(browser, "#status") != ["live"], "the stream was blocked"
    assert count(browser, ".phone") == 4
    assert texts(browser, "#notifications .note-title") == ["Before the page loaded"]
    seeded = card("pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "adam-iphone")
    assert texts(browser, seeded + " .title") == ["Nightly database backup"]


@pytest.fixture
def receiver():
    from receiver import Receiver
    started = Receiver()
    yield started
    started.stop()


def test_buttons_on_a_phone_can_be_pressed_and_show_the_outcome(receiver, browser):
    from receiver import closed_port
    from mockproc import start_mock, stop_mock
    mock = start_mock("--webhook-route", f"https://hooks.example.com={receiver.base}",
                      "--webhook-route", f"https://down.example.com=http://127.0.0.1:{closed_port()}")
    try:
        browser.get(mock.base_url + "/_mock/ui")
        wait_for(browser, lambda: texts(browser, "#status") == ["live"], "the event stream connected")
        status, started, _ = mock.raw("POST", "/api/live-activity/start", {"target": {"channels": ["ops"]}, "content_state": {
            "title": "Approve deploy", "type": "alert", "message": "v2 is ready"},
            "action": {"title": "Approve", "type": "webhook", "url": "https://hooks.example.com/approve", "body": {"id": "d-1"}},
            "secondary_action": {"title": "Page on-call", "type": "webhook", "url": "https://down.example.com/page"}})
        assert status == 200
        on_adam = card(started["activity_id"], "adam-iphone")
        wait_for(browser, lambda: count(browser, on_adam + " button.tap") == 2, "both buttons drawn as buttons")
        assert texts(browser, on_adam + " button.tap") == ["Approve", "Page on-call"]

        click(browser, on_adam + ' button.tap[data-kind="webhook"]')
        wait_for(browser, lambda: any("Approve: sent, answered 200 in" in t for t in texts(browser, on_adam + " .tap-outcome")),
                 "the phone shows the answer")
        assert [r["body"] for r in receiver.received()] == [b'{"id":"d-1"}']

        browser.execute_script("document.querySelectorAll(arguments[0])[1].click()", on_adam + " button.tap")
        wait_for(browser, lambda: any("Page on-call: failed: connection refused" in t for t in texts(browser, on_adam + " .tap-outcome")),
                 "the phone shows the failure")
        assert attrs(browser, on_adam + " .tap-outcome", "data-state") == ["failed"]

        # A push notification's actions, drawn on the phone and pressed there.
        status, push, _ = mock.raw("POST", "/api/push-notification", {"title": "Build failed", "target": {"channels": ["marketing"]},
            "redirection": "https://ci.example.com/run/9",
            "actions": [{"title": "Retry", "type": "webhook", "url": "https://hooks.example.com/retry", "method": "GET"}]})
        assert status == 200
        note = f'[data-device-id="eve-iphone"] [data-notification-id="{push["notification_id"]}"]'
        wait_for(browser, lambda: texts(browser, note + " button.tap") == ["Open", "Retry"], "the notification's buttons")
        click(browser, note + ' button.tap[data-kind="webhook"]')
        wait_for(browser, lambda: any("Retry: sent, answered 200" in t for t in texts(browser, note + " .tap-outcome")), "the retry's answer")
        assert [r["method"] + " " + r["path"] for r in receiver.received()][-1] == "GET /retry"
        click(browser, note + " button.tap.open")
        wait_for(browser, lambda: any("opened https://ci.example.com/run/9" in t for t in texts(browser, note + " .tap-outcome")),
                 "the redirection opened")
        browser.save_screenshot(str(ARTIFACTS / "dashboard-taps.png"))
    finally:
        stop_mock(mock)
