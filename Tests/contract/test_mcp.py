"""The mocked ActivitySmith MCP server, driven by the official MCP Python SDK (`mcp` 2.x) over
streamable HTTP in both of its eras: the stateless revision (2026-07-28, which the SDK's client
negotiates by default through `server/discover`) and the `initialize` handshake (`mode="legacy"`).
Every tool, the errors, an agent's whole scenario, the tools' schemas, and hostile JSON-RPC on the
raw wire, whose 2026-07-28 answers are checked against the SDK's generated wire models."""
import http.client
import json
from urllib.parse import urlparse

import anyio
import httpx2
import pytest
from jsonschema import Draft202012Validator
from mcp.client import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

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
# The client's connect mode and the revision it must end up speaking with the mock.
ERAS = {"auto": "2026-07-28", "legacy": "2025-11-25"}


def agent(mock, body, key=DEFAULT_KEY, mode="auto"):
    """Runs `body(client)` in a connected MCP client against the mock; returns its result."""
    async def main():
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}) as http:
            async with Client(streamable_http_client(mock.base_url + "/mcp", http_client=http), mode=mode) as client:
                assert client.protocol_version == ERAS[mode]
                return await body(client)
    return anyio.run(main)


async def call(client, tool, **arguments):
    result = await client.call_tool(tool, arguments)
    assert json.loads(result.content[0].text) == result.structured_content, "the text block is the same JSON"
    return result


@pytest.mark.parametrize("mode", ERAS)
def test_both_eras_list_the_27_tools_with_valid_schemas(mock, mode):
    async def body(client):
        return (await client.list_tools()).tools
    tools = agent(mock, body, mode=mode)
    assert {t.name for t in tools} == TOOLS
    for tool in tools:
        Draft202012Validator.check_schema(tool.input_schema)
        assert tool.input_schema["type"] == "object" and tool.description


@pytest.mark.parametrize("mode", ERAS)
def test_every_tool_once(mock, mode):
    async def body(client):
        out = {}
        out["send"] = await call(client, "send_push_notification", title="Build passed", message="main is green")
        nid = out["send"].structured_content["notification_id"]
        out["list_push"] = await call(client, "list_push_notifications", limit=5)
        out["get_push"] = await call(client, "get_push_notification", notification_id=nid)
        out["badge"] = await call(client, "update_app_icon_badge_count", badge=3)
        out["stream"] = await call(client, "set_live_activity_stream", stream_key="agent-task", content_state=METRICS)
        out["pause"] = await call(client, "pause_live_activity_stream", stream_key="agent-task")
        out["resume"] = await call(client, "resume_live_activity_stream", stream_key="agent-task")
        out["restart"] = await call(client, "set_live_activity_stream", stream_key="agent-task", content_state=METRICS)
        out["end"] = await call(client, "end_live_activity_stream", stream_key="agent-task", content_state={"title": "Done"})
        out["activities"] = await call(client, "list_live_activities", stream_key="agent-task")
        out["metric"] = await call(client, "create_widget_metric", key="agent.tasks", name="Agent tasks")
        out["rename"] = await call(client, "update_widget_metric", key="agent.tasks", name="Tasks done")
        out["value"] = await call(client, "set_widget_metric_value", key="agent.tasks", value=7)
        out["metrics"] = await call(client, "list_widget_metrics")
        out["delete_metric"] = await call(client, "delete_widget_metric", key="agent.tasks")
        out["channel"] = await call(client, "create_channel", slug="agents", name="Agents")
        out["users"] = await call(client, "set_channel_users", slug="agents", user_ids=["eve"])
        out["devices"] = await call(client, "set_channel_devices", slug="agents", device_ids=["adam-iphone", "eve-iphone"])
        out["get_channel"] = await call(client, "get_channel", slug="agents")
        out["rename_channel"] = await call(client, "update_channel", slug="agents", new_slug="ai-agents", name="AI agents")
        out["channels"] = await call(client, "list_channels")
        out["delete_channel"] = await call(client, "delete_channel", slug="ai-agents")
        out["account_users"] = await call(client, "list_account_users")
        out["account_devices"] = await call(client, "list_account_devices")
        out["key"] = await call(client, "create_api_key", name="CI", scope="channels", channels=["ops"])
        out["keys"] = await call(client, "list_api_keys")
        out["update_key"] = await call(client, "update_api_key", id=out["key"].structured_content["id"], name="CI bot")
        out["delete_key"] = await call(client, "delete_api_key", id=out["key"].structured_content["id"])
        return out
    out = agent(mock, body, mode=mode)
    assert all(r.is_error is False for r in out.values()), {k: r.structured_content for k, r in out.items() if r.is_error}
    s = {k: r.structured_content for k, r in out.items()}
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


@pytest.mark.parametrize("mode", ERAS)
def test_errors_are_results_with_the_rest_body(mock, mode):
    async def body(client):
        out = {}
        out["bad"] = await call(client, "send_push_notification", message="no title")
        out["scope"] = await call(client, "send_push_notification", title="t", target={"channels": ["marketing"]})
        out["missing"] = await call(client, "get_push_notification", notification_id="nope")
        out["metric"] = await call(client, "set_widget_metric_value", key="no.such.metric", value=1)
        await call(client, "create_channel", slug="dup")
        out["dup"] = await call(client, "create_channel", slug="dup")
        out["slug"] = await call(client, "create_channel", slug="Not A Slug")
        out["paused"] = await call(client, "set_live_activity_stream", stream_key="bad.key", content_state=METRICS)
        try:
            await client.call_tool("no_such_tool", {})
            out["unknown"] = None
        except MCPError as error:
            out["unknown"] = error.code
        return out
    out = agent(mock, body, mode=mode)
    assert out["bad"].is_error and out["bad"].structured_content["message"] == "title is required"
    assert out["metric"].is_error and out["metric"].structured_content == {"error": "Metric not found"}
    assert out["missing"].is_error and out["dup"].is_error and out["slug"].is_error and out["paused"].is_error
    assert out["paused"].structured_content["error"] == "Invalid stream_key"
    assert out["unknown"] == -32602
    scoped = agent(mock, lambda c: call(c, "send_push_notification", title="t", target={"channels": ["marketing"]}), key="ask_ops_only", mode=mode)
    assert scoped.is_error and scoped.structured_content["message"].startswith("This API key can only target assigned channels")
    manage = agent(mock, lambda c: call(c, "create_channel", slug="x"), key="ask_ops_only", mode=mode)
    assert manage.is_error and manage.structured_content["error"] == "Forbidden"


def test_changes_show_up_everywhere_at_once(mock):
    async def body(client):
        await call(client, "create_channel", slug="night-shift")
        await call(client, "set_channel_devices", slug="night-shift", device_ids=["lab-ipad"])
        await call(client, "create_widget_metric", key="agent.queue")
        return (await call(client, "create_api_key", name="agent")).structured_content
    key = agent(mock, body)
    status, pushed, _ = mock.raw("POST", "/api/push-notification", {"title": "t", "target": {"channels": ["night-shift"]}})
    assert status == 200 and pushed["devices_notified"] == 1, pushed
    assert mock.raw("POST", "/api/metrics/agent.queue/value", {"value": 4})[0] == 200
    assert mock.raw("POST", "/api/badge", {"badge": 1}, key=key["key"])[0] == 200, "a key made over MCP authenticates REST"
    agent(mock, lambda c: call(c, "delete_api_key", id=key["id"]))
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

    async def body(client):
        await call(client, "send_push_notification", title="Agent started", message="Refactoring auth")
        started = (await call(client, "set_live_activity_stream", stream_key="agent-run", content_state=steps)).structured_content
        await call(client, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 2})
        await call(client, "pause_live_activity_stream", stream_key="agent-run")
        paused = (await call(client, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 3})).structured_content
        await call(client, "resume_live_activity_stream", stream_key="agent-run")
        resumed = (await call(client, "set_live_activity_stream", stream_key="agent-run", content_state={**steps, "current_step": 2})).structured_content
        ended = (await call(client, "end_live_activity_stream", stream_key="agent-run")).structured_content
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


MODERN = "2026-07-28"
META = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}


def modern(method, params=None, *, id=1, headers=None, meta=META):
    """A 2026-07-28 request: the envelope in `params._meta` and the routing headers that mirror it."""
    routing = {"MCP-Protocol-Version": MODERN, "Mcp-Method": method}
    if method == "tools/call":
        routing["Mcp-Name"] = (params or {}).get("name", "")
    body = {"jsonrpc": "2.0", "id": id, "method": method, "params": {**(params or {}), **({"_meta": meta} if meta is not None else {})}}
    return json.dumps(body), {**routing, **(headers or {})}


def send(mock, request):
    body, headers = request
    return raw_mcp(mock, body, headers=headers)


def test_the_stateless_revisions_results_match_its_wire_schema(mock):
    from mcp_types import _v2026_07_28 as wire
    status, discover = send(mock, modern("server/discover"))
    assert status == 200
    result = wire.DiscoverResultResponse.model_validate(discover).result
    assert result.supported_versions == [MODERN] and result.result_type == "complete" and result.capabilities.tools is not None
    assert discover["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "activitysmith-mock"
    status, listed = send(mock, modern("tools/list"))
    assert status == 200 and {t.name for t in wire.ListToolsResultResponse.model_validate(listed).result.tools} == TOOLS
    status, called = send(mock, modern("tools/call", {"name": "send_push_notification", "arguments": {"title": "From an agent"}}))
    result = wire.CallToolResultResponse.model_validate(called).result
    assert status == 200 and result.result_type == "complete" and result.is_error is False
    assert result.structured_content["devices_notified"] == 3
    status, refused = send(mock, modern("tools/call", {"name": "send_push_notification", "arguments": {"message": "x"}}))
    result = wire.CallToolResultResponse.model_validate(refused).result
    assert status == 200 and result.is_error is True and result.structured_content["message"] == "title is required"
    journal = mock.raw("GET", "/_mock/requests?path=/mcp&limit=5", key=None)[1]["requests"]
    assert journal[0]["tool"] == "send_push_notification", "a stateless call is journaled with its tool"


def headers_only(method, **headers):
    body, routing = modern(method)
    return body, {**routing, **headers}


@pytest.mark.parametrize("name, request_, status, code", [
    ("no _meta", modern("tools/list", meta=None), 400, -32602),
    ("_meta without capabilities", modern("tools/list", meta={"io.modelcontextprotocol/protocolVersion": MODERN}), 400, -32602),
    ("version header differs from the envelope", modern("tools/list", meta={**META, "io.modelcontextprotocol/protocolVersion": "2026-01-01"}), 400, -32020),
    ("Mcp-Method differs", headers_only("tools/list", **{"Mcp-Method": "tools/call"}), 400, -32020),
    ("Mcp-Name differs", modern("tools/call", {"name": "list_channels"}, headers={"Mcp-Name": "list_api_keys"}), 400, -32020),
    ("Mcp-Name as base64", modern("tools/call", {"name": "list_channels"}, headers={"Mcp-Name": "=?base64?bGlzdF9jaGFubmVscw==?="}), 200, None),
    ("Mcp-Name malformed base64", modern("tools/call", {"name": "list_channels"}, headers={"Mcp-Name": "=?base64?!!?="}), 400, -32020),
    ("unknown version", (json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {**META, "io.modelcontextprotocol/protocolVersion": "2099-01-01"}}}),
                         {"MCP-Protocol-Version": "2099-01-01", "Mcp-Method": "tools/list"}), 400, -32022),
    ("initialize is the handshake's", modern("initialize"), 404, -32601),
    ("ping is the handshake's", modern("ping"), 404, -32601),
    ("unknown method", modern("resources/list"), 404, -32601),
    ("unknown tool", modern("tools/call", {"name": "no_such_tool"}), 400, -32602),
    ("a batch", (json.dumps([json.loads(modern("tools/list")[0])]), modern("tools/list")[1]), 400, -32600),
    ("not JSON", ('{"jsonrpc":', {"MCP-Protocol-Version": MODERN}), 400, -32700),
])
def test_the_stateless_revisions_request_ladder(mock, name, request_, status, code):
    from mcp_types import _v2026_07_28 as wire
    got, answer = send(mock, request_)
    assert got == status, (name, answer)
    if code is None:
        wire.CallToolResultResponse.model_validate(answer)
    else:
        error = wire.JSONRPCErrorResponse.model_validate(answer).error
        assert error.code == code, (name, answer)
    if code == -32022:
        assert answer["error"]["data"] == {"supported": [MODERN], "requested": "2099-01-01"}


def test_the_stateless_revision_acknowledges_notifications_and_refuses_duplicated_routing_headers(mock):
    assert raw_mcp(mock, '{"jsonrpc":"2.0","method":"notifications/cancelled"}', headers={"MCP-Protocol-Version": MODERN}) == (202, None)
    status, answer = raw_mcp(mock, '{"jsonrpc":"2.0","method":"notifications/cancelled"}', headers={"MCP-Protocol-Version": "2099-01-01"})
    assert status == 400 and answer["error"]["code"] == -32022
    body, headers = modern("tools/list")
    url = urlparse(mock.base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.putrequest("POST", "/mcp")
    for name, value in [("Authorization", f"Bearer {DEFAULT_KEY}"), ("Content-Type", "application/json"),
                        ("Content-Length", str(len(body))), *headers.items(), ("Mcp-Method", "tools/list")]:
        conn.putheader(name, value)
    conn.endheaders(body.encode())
    response = conn.getresponse()
    answer = json.loads(response.read())
    conn.close()
    assert response.status == 400 and answer["error"]["code"] == -32020 and "more than once" in answer["error"]["message"]
