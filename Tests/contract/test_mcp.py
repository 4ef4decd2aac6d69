"""The mocked ActivitySmith MCP server, driven by the official MCP Python SDK (`mcp`) over
streamable HTTP: every tool, the errors, an agent's whole scenario, the tools' schemas, and
hostile JSON-RPC on the raw wire."""
import http.client
import json
from urllib.parse import urlparse

import anyio
import pytest
from jsonschema import Draft202012Validator
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.exceptions import McpError

from mockproc import DEFAULT_KEY

TOOLS = {
    "send_push_notification", "list_push_notifications", "get_push_notification", "update_app_icon_badge_count",
    "set_live_activity_stream", "pause_live_activity_stream", "resume_live_activity_stream", "end_live_activity_stream",
    "list_live_activities", "create_widget_metric", "update_widget_metric", "set_widget_metric_value", "list_widget_metrics",
    "delete_widget_metric", "create_channel", "get_channel", "list_channels", "update_channel", "set_channel_users",
    "set_channel_devices", "delete_channel", "list_account_users", "list_account_devices", "create_api_key", "list_api_keys",
    "update_api_key", "delete_api_key",
}
METRICS = {"title": "Server Health", "type": "metrics", "metrics": [{"label": "CPU", "value": 27, "unit": "%"}]}


def agent(mock, body, key=DEFAULT_KEY):
    """Runs `body(session)` in an initialized MCP session against the mock; returns its result."""
    async def main():
        async with streamablehttp_client(mock.base_url + "/mcp", headers={"Authorization": f"Bearer {key}"}) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)
    return anyio.run(main)


async def call(session, tool, **arguments):
    result = await session.call_tool(tool, arguments)
    assert json.loads(result.content[0].text) == result.structuredContent, "the text block is the same JSON"
    return result


def test_the_handshake_and_the_27_tools_with_valid_schemas(mock):
    async def body(session):
        return (await session.list_tools()).tools
    tools = agent(mock, body)
    assert {t.name for t in tools} == TOOLS
    for tool in tools:
        Draft202012Validator.check_schema(tool.inputSchema)
        assert tool.inputSchema["type"] == "object" and tool.description


def test_every_tool_once(mock):
    async def body(session):
        out = {}
        out["send"] = await call(session, "send_push_notification", title="Build passed", message="main is green")
        nid = out["send"].structuredContent["notification_id"]
        out["list_push"] = await call(session, "list_push_notifications", limit=5)
        out["get_push"] = await call(session, "get_push_notification", notification_id=nid)
        out["badge"] = await call(session, "update_app_icon_badge_count", badge=3)
        out["stream"] = await call(session, "set_live_activity_stream", stream_key="agent-task", content_state=METRICS)
        out["pause"] = await call(session, "pause_live_activity_stream", stream_key="agent-task")
        out["resume"] = await call(session, "resume_live_activity_stream", stream_key="agent-task")
        out["restart"] = await call(session, "set_live_activity_stream", stream_key="agent-task", content_state=METRICS)
        out["end"] = await call(session, "end_live_activity_stream", stream_key="agent-task", content_state={"title": "Done"})
        out["activities"] = await call(session, "list_live_activities", stream_key="agent-task")
        out["metric"] = await call(session, "create_widget_metric", key="agent.tasks", name="Agent tasks")
        out["rename"] = await call(session, "update_widget_metric", key="agent.tasks", name="Tasks done")
        out["value"] = await call(session, "set_widget_metric_value", key="agent.tasks", value=7)
        out["metrics"] = await call(session, "list_widget_metrics")
        out["delete_metric"] = await call(session, "delete_widget_metric", key="agent.tasks")
        out["channel"] = await call(session, "create_channel", slug="agents", name="Agents")
        out["users"] = await call(session, "set_channel_users", slug="agents", user_ids=["eve"])
        out["devices"] = await call(session, "set_channel_devices", slug="agents", device_ids=["adam-iphone", "eve-iphone"])
        out["get_channel"] = await call(session, "get_channel", slug="agents")
        out["rename_channel"] = await call(session, "update_channel", slug="agents", new_slug="ai-agents", name="AI agents")
        out["channels"] = await call(session, "list_channels")
        out["delete_channel"] = await call(session, "delete_channel", slug="ai-agents")
        out["account_users"] = await call(session, "list_account_users")
        out["account_devices"] = await call(session, "list_account_devices")
        out["key"] = await call(session, "create_api_key", name="CI", scope="channels", channels=["ops"])
        out["keys"] = await call(session, "list_api_keys")
        out["update_key"] = await call(session, "update_api_key", id=out["key"].structuredContent["id"], name="CI bot")
        out["delete_key"] = await call(session, "delete_api_key", id=out["key"].structuredContent["id"])
        return out
    out = agent(mock, body)
    assert all(r.isError is False for r in out.values()), {k: r.structuredContent for k, r in out.items() if r.isError}
    s = {k: r.structuredContent for k, r in out.items()}
    assert s["send"]["devices_notified"] == 3 and s["badge"]["badge"] == 3
    assert s["get_push"]["id"] == s["send"]["notification_id"]
    assert s["stream"]["operation"] == "started" and s["restart"]["operation"] == "started"
    assert s["pause"]["paused"] is True and s["pause"]["ended_activity_id"] == s["stream"]["activity_id"]
    assert s["end"]["operation"] == "ended"
    assert [a["status"] for a in s["activities"]["activities"]] == ["ended", "ended"]
    assert s["value"] == {"success": True} or s["value"]["success"] is True
    assert s["users"]["devices"] == ["eve-iphone"] and s["devices"]["users"] == ["adam", "eve"]
    assert s["rename_channel"]["slug"] == "ai-agents" and s["rename_channel"]["name"] == "AI agents"
    assert s["key"]["key"].startswith("ask_") and "key" not in s["keys"]["api_keys"][0]
    assert {u["id"] for u in s["account_users"]["users"]} == {"adam", "eve"}


def test_errors_are_results_with_the_rest_body(mock):
    async def body(session):
        out = {}
        out["bad"] = await call(session, "send_push_notification", message="no title")
        out["scope"] = await call(session, "send_push_notification", title="t", target={"channels": ["marketing"]})
        out["missing"] = await call(session, "get_push_notification", notification_id="nope")
        out["metric"] = await call(session, "set_widget_metric_value", key="no.such.metric", value=1)
        await call(session, "create_channel", slug="dup")
        out["dup"] = await call(session, "create_channel", slug="dup")
        out["slug"] = await call(session, "create_channel", slug="Not A Slug")
        out["paused"] = await call(session, "set_live_activity_stream", stream_key="bad.key", content_state=METRICS)
        try:
            await session.call_tool("no_such_tool", {})
            out["unknown"] = None
        except McpError as error:
            out["unknown"] = error.error.code
        return out
    out = agent(mock, body)
    assert out["bad"].isError and out["bad"].structuredContent["message"] == "title is required"
    assert out["metric"].isError and out["metric"].structuredContent == {"error": "Metric not found"}
    assert out["missing"].isError and out["dup"].isError and out["slug"].isError and out["paused"].isError
    assert out["paused"].structuredContent["error"] == "Invalid stream_key"
    assert out["unknown"] == -32602
    scoped = agent(mock, lambda s: call(s, "send_push_notification", title="t", target={"channels": ["marketing"]}), key="ask_ops_only")
    assert scoped.isError and scoped.structuredContent["message"].startswith("This API key can only target assigned channels")
    manage = agent(mock, lambda s: call(s, "create_channel", slug="x"), key="ask_ops_only")
    assert manage.isError and manage.structuredContent["error"] == "Forbidden"


def test_changes_show_up_everywhere_at_once(mock):
    async def body(session):
        await call(session, "create_channel", slug="night-shift")
        await call(session, "set_channel_devices", slug="night-shift", device_ids=["lab-ipad"])
        await call(session, "create_widget_metric", key="agent.queue")
        return (await call(session, "create_api_key", name="agent")).structuredContent
    key = agent(mock, body)
    status, pushed, _ = mock.raw("POST", "/api/push-notification", {"title": "t", "target": {"channels": ["night-shift"]}})
    assert status == 200 and pushed["devices_notified"] == 1, pushed
    assert mock.raw("POST", "/api/metrics/agent.queue/value", {"value": 4})[0] == 200
    assert mock.raw("POST", "/api/badge", {"badge": 1}, key=key["key"])[0] == 200, "a key made over MCP authenticates REST"
    agent(mock, lambda s: call(s, "delete_api_key", id=key["id"]))
    assert mock.raw("POST", "/api/badge", {"badge": 1}, key=key["key"])[0] == 401, "a deleted key no longer does"
    channels = mock.raw("GET", "/_mock/channels", key=None)[1]["channels"]
    assert {"account": "acme", "slug": "night-shift", "name": None, "users": ["adam"], "devices": ["lab-ipad"]} in \
        [{k: c[k] for k in ("account", "slug", "name", "users", "devices")} for c in channels]
    keys = mock.raw("GET", "/_mock/api-keys", key=None)[1]["api_keys"]
    assert all("key" not in k and "…" in k["key_preview"] for k in keys)
    exported = mock.raw("GET", "/_mock/fixtures", key=None)[1]
    assert "night-shift" in exported["accounts"][0]["channels"]
    journal = mock.raw("GET", "/_mock/requests?path=/mcp&limit=50", key=None)[1]["requests"]
    assert {"create_channel", "set_channel_devices", "create_widget_metric", "create_api_key"} <= {r.get("tool") for r in journal}


def test_an_agents_scenario_through_rest_control_plane_and_dashboard(mock):
    steps = {"title": "Refactor auth module", "type": "segmented_progress", "number_of_steps": 3, "current_step": 1}

    async def body(session):
        await call(session, "send_push_notification", title="Agent started", message="Refactoring auth")
        started = (await call(session, "set_live_activity_stream", stream_key="agent-run", content_state=steps)).structuredContent
        await call(session, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 2})
        await call(session, "pause_live_activity_stream", stream_key="agent-run")
        paused = (await call(session, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 3})).structuredContent
        await call(session, "resume_live_activity_stream", stream_key="agent-run")
        resumed = (await call(session, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 2})).structuredContent
        ended = (await call(session, "end_live_activity_stream", stream_key="agent-run")).structuredContent
        return started, paused, resumed, ended
    started, paused, resumed, ended = agent(mock, body)
    assert paused["operation"] == "paused" and paused["activity_id"] is None
    assert resumed["operation"] == "started" and resumed["activity_id"] != started["activity_id"]
    assert ended["activity_id"] == resumed["activity_id"]
    first = mock.raw("GET", f"/_mock/activities/{started['activity_id']}", key=None)[1]
    assert first["status"] == "ended" and [u["kind"] for u in first["updates"]] == ["start", "update", "end"]
    assert first["content_state"]["current_step"] == 2, "the paused PUT changed nothing"
    streams = {s["stream_key"]: s for s in mock.raw("GET", "/_mock/streams", key=None)[1]["streams"]}
    assert streams["agent-run"]["paused"] is False and streams["agent-run"]["status"] == "ended"
    dashboard = mock.raw("GET", "/_mock/ui/state", key=None)[1]
    cards = [a for d in dashboard["devices"] for a in d["activities"] if a["stream_key"] == "agent-run"]
    assert {a["id"] for a in cards} == {started["activity_id"], resumed["activity_id"]}
    assert any(n["payload"]["title"] == "Agent started" for n in dashboard["notifications"])


def raw_mcp(mock, body, key=DEFAULT_KEY, headers=None):
    url = urlparse(mock.base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("POST", "/mcp", body=body if isinstance(body, bytes) else body.encode(),
                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, (json.loads(data) if data else None)


@pytest.mark.parametrize("body, code", [
    ('{"jsonrpc":"1.0","id":1,"method":"ping"}', -32600),
    ('{"id":1,"method":"ping"}', -32600),
    ('{"jsonrpc":"2.0","id":1}', -32600),
    ('{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"send_push_notification","arguments":[1]}}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"resources/list"}', -32601),
    ('{"jsonrpc":"2.0","id":1,"method":', -32700),
    ('[]', -32600),
    ('"just a string"', -32600),
])
def test_malformed_messages_get_their_json_rpc_error(mock, body, code):
    status, answer = raw_mcp(mock, body)
    assert status == 200 and answer["error"]["code"] == code, answer


@pytest.mark.parametrize("id_json", ["null", "true", "false", "[1]", '{"a":1}', "1.5", '"x"', "7", "-3", "1e3"])
def test_ids_of_every_json_type(mock, id_json):
    status, answer = raw_mcp(mock, f'{{"jsonrpc":"2.0","id":{id_json},"method":"ping"}}')
    assert status == 200
    if id_json in ('"x"', "7", "-3", "1e3"):
        assert answer["id"] == json.loads(id_json) and answer["result"] == {}
    else:
        assert answer["id"] is None and answer["error"]["code"] == -32600


def test_hostile_batches_and_nesting_are_answered_without_a_crash(mock):
    status, answers = raw_mcp(mock, json.dumps([{"jsonrpc": "2.0", "id": i, "method": "ping"} for i in range(100)]))
    assert status == 200 and len(answers) == 100
    status, answer = raw_mcp(mock, json.dumps([{"jsonrpc": "2.0", "id": i, "method": "ping"} for i in range(5000)]))
    assert status == 200 and answer["error"]["code"] == -32600
    status, answer = raw_mcp(mock, "[" * 20000 + "]" * 20000)
    assert status == 200 and answer["error"]["code"] == -32700
    status, answer = raw_mcp(mock, '{"jsonrpc":"2.0","method":"notifications/initialized"}')
    assert (status, answer) == (202, None)
    assert raw_mcp(mock, '{"jsonrpc":"2.0","id":1,"method":"ping"}', headers={"MCP-Protocol-Version": "1999-01-01"})[0] == 400
    assert raw_mcp(mock, '{"jsonrpc":"2.0","id":1,"method":"ping"}', key="ask_wrong_key_123")[0] == 401
    status, answer = raw_mcp(mock, '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2099-01-01"}}')
    assert answer["result"]["protocolVersion"] == "2025-11-25", "an unknown version gets the newest spoken"
    assert mock.raw("GET", "/_mock/health", key=None)[0] == 200, "still serving"
