"""The upstream spec (read from ../shared/reference, never copied) plus a small, documented overlay
for what SDK 1.14.0 and CONTRACT.md add on top of the July 2026 spec.

Every change below says which newer source it comes from. Nothing here loosens a check to hide a
server bug: each item is a documented contract change, not a discrepancy.
"""
import copy
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = Path(os.environ.get("ACTIVITYSMITH_OPENAPI",
                               ROOT.parent / "shared" / "reference" / "activitysmith-openapi.json"))

COLORS = ["lime", "green", "cyan", "blue", "purple", "magenta", "red", "orange", "yellow", "gray"]
TYPES = ["segmented_progress", "progress", "metrics", "stats", "alert", "timer", "value"]
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
         "additionalProperties": True}
SENDING = {("post", "/live-activity/start"), ("put", "/live-activity/stream/{stream_key}"),
           ("post", "/push-notification"), ("put", "/push-notification/{notification_id}"), ("post", "/badge")}


def load_upstream():
    return json.loads(UPSTREAM.read_text())


def metadata_schema():
    # SDK 1.14.0: flat object, <= 50 entries, values string (<= 4000), finite number or boolean.
    return {"type": "object", "maxProperties": 50,
            "propertyNames": {"minLength": 1, "maxLength": 100},
            "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 4000}, {"type": "number"}, {"type": "boolean"}]}}


def tags_schema():
    # SDK 1.14.0: strings of 1-64 characters; CONTRACT/mock: at most 20.
    return {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 64}}


def error_response(description):
    return {"description": description, "content": {"application/json": {"schema": copy.deepcopy(ERROR)}}}


def overlay(spec):
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]

    # 1. SDK 1.14.0 adds the `value` type: `value` is then a string or a finite number.
    for name in ["ContentStateStart", "ContentStateUpdate", "ContentStateEnd", "StreamContentState"]:
        props = schemas[name]["properties"]
        props["type"]["enum"] = TYPES
        props["value"] = {"oneOf": [{"type": "number"}, {"type": "string", "minLength": 1, "maxLength": 256}]}
    # 2. SDK 1.14.0: end (and stream DELETE) take auto_dismiss_seconds too.
    schemas["ContentStateEnd"]["properties"]["auto_dismiss_seconds"] = {"type": "integer", "minimum": 0}
    # 3. SDK 1.14.0: metadata and tags on every sending request.
    for name in ["LiveActivityStartRequest", "LiveActivityUpdateRequest", "LiveActivityEndRequest",
                 "LiveActivityStreamRequest", "LiveActivityStreamDeleteRequest", "PushNotificationRequest"]:
        schemas[name]["properties"]["metadata"] = metadata_schema()
        schemas[name]["properties"]["tags"] = tags_schema()
    # 4. SDK 1.14.0: open_url actions also allow http://; push URLs may be app schemes; push icon
    #    and interruption_level.
    schemas["LiveActivityAction"]["allOf"][0]["then"]["properties"]["url"]["pattern"] = "^(https?|shortcuts)://"
    schemas["PushNotificationAction"]["allOf"][0]["then"]["properties"]["url"] = {"type": "string"}
    push = schemas["PushNotificationRequest"]["properties"]
    push["redirection"] = {"type": "string", "maxLength": 2048}
    push["icon"] = {"type": "string", "pattern": "^https://"}
    push["interruption_level"] = {"type": "string", "enum": ["passive", "active", "time-sensitive"]}
    push["badge"] = {"type": "integer", "minimum": 0, "maximum": 2147483647}
    # 5. SDK 1.14.0 response fields the July schemas lack (they say additionalProperties: false).
    schemas["PushNotificationResponse"]["properties"].update(
        notification_id={"type": "string"}, tags={"type": "array", "items": {"type": "string"}})
    schemas["LiveActivityStartResponse"]["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}
    schemas["LiveActivityEndResponse"]["properties"]["ignored"] = {"type": "boolean"}
    schemas["LiveActivityStreamPutResponse"]["properties"].update(warning={"type": "string"},
                                                                   tags={"type": "array", "items": {"type": "string"}})
    badge = schemas["AppIconBadgeCountUpdateResponse"]
    badge["properties"].update(devices_updated={"type": "integer"}, users_updated={"type": "integer"})
    badge["properties"]["effective_channel_slugs"] = {"type": "array", "items": {"type": "string"}}
    limit = schemas["LiveActivityLimitError"]["properties"]
    limit.update(blocked_devices={"type": "integer"}, targeted_devices={"type": "integer"})
    # 6. SDK 1.14.0: PUT /push-notification/{notification_id} replaces a notification.
    replace_request = copy.deepcopy(schemas["PushNotificationRequest"])
    for field in ["target", "sound", "interruption_level"]:
        replace_request["properties"].pop(field, None)
    schemas["PushNotificationReplaceRequest"] = replace_request
    spec["paths"]["/push-notification/{notification_id}"] = {"put": {
        "operationId": "replacePushNotification",
        "parameters": [{"name": "notification_id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/PushNotificationReplaceRequest"}}}},
        "responses": {"200": {"description": "Replaced", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/PushNotificationResponse"}}}}},
    }}
    # 7. CONTRACT.md statuses: 401 everywhere; 400 and 404 on update/end (mock choices); 402 on
    #    sending endpoints (SDK 1.14.0 BillingBlockedError); 404 for an unknown replace id.
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", error_response("Missing, malformed or unknown API key"))
            if (method, path) in SENDING:
                responses.setdefault("402", error_response("Billing blocks sending"))
                responses.setdefault("400", error_response("Invalid request"))
                responses.setdefault("403", error_response("Forbidden"))
                responses.setdefault("404", error_response("Not found or no recipients"))
                responses.setdefault("429", error_response("Rate or Live Activity limit"))
            if path in ("/live-activity/update", "/live-activity/end"):
                responses.setdefault("400", error_response("Invalid payload, type mismatch, or ended"))
                responses.setdefault("404", error_response("Unknown activity_id"))
    # 9. Go SDK 1.8.0 (issue 15): an explicit null on an optional request property is read as
    #    absent (the Go client sends "icon":null,"badge":null in every content state, and the body
    #    null on a stream DELETE without a final state); required properties stay non-null.
    nullable_optionals(spec)
    # 8. Links for the stateful phase: start -> update -> end, stream PUT -> DELETE.
    start_ok = spec["paths"]["/live-activity/start"]["post"]["responses"]["200"]
    start_ok["links"] = {
        "Update": {"operationId": op_id(spec, "post", "/live-activity/update"),
                   "requestBody": {"activity_id": "$response.body#/activity_id",
                                   "content_state": {"title": "Linked update"}}},
        "End": {"operationId": op_id(spec, "post", "/live-activity/end"),
                "requestBody": {"activity_id": "$response.body#/activity_id", "content_state": {"title": "Linked end"}}},
    }
    put_ok = spec["paths"]["/live-activity/stream/{stream_key}"]["put"]["responses"]["200"]
    put_ok["links"] = {"Delete": {"operationId": op_id(spec, "delete", "/live-activity/stream/{stream_key}"),
                                  "parameters": {"stream_key": "$request.path.stream_key"}}}
    return spec


def nullable_optionals(spec):
    schemas = spec["components"]["schemas"]
    done = set()

    def walk(schema):
        if isinstance(schema, list):
            for item in schema:
                walk(item)
            return
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in done:
                done.add(name)
                walk(schemas[name])
            return
        for key in ("allOf", "anyOf", "oneOf", "then", "else", "items"):
            if key in schema:
                walk(schema[key])
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"])
        required = set(schema.get("required", []))
        for name, prop in list(schema.get("properties", {}).items()):
            walk(prop)
            if name not in required:
                schema["properties"][name] = {"anyOf": [prop, {"type": "null"}]}

    for item in spec["paths"].values():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content.get("schema"))
                if method == "delete" and not operation["requestBody"].get("required", False):
                    content["schema"] = {"anyOf": [content["schema"], {"type": "null"}]}


def op_id(spec, method, path):
    operation = spec["paths"][path][method]
    operation.setdefault("operationId", f"{method}_{path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}")
    return operation["operationId"]


if __name__ == "__main__":
    import sys
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(overlay(load_upstream()), indent=1))
    print(out)
