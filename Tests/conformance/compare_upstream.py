"""Compares the mock's own OpenAPI document with the upstream ActivitySmith spec, operation by
operation, and checks that the differences are exactly those listed in docs/mock-choices.md.

The upstream spec is read where it is found (ACTIVITYSMITH_OPENAPI, or ../shared/reference beside
the repository) and never copied; without it this prints `SKIPPED: <why>` and exits 0.

  compare_upstream.py MOCK_DOCUMENT.json          check
  compare_upstream.py MOCK_DOCUMENT.json --list   print the differences as table rows to paste
"""
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHOICES = ROOT / "docs" / "mock-choices.md"
SECTION = "## Differences from the upstream OpenAPI spec"
FACTS = ["enum", "const", "minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "minItems", "maxItems",
         "pattern", "format", "maxProperties", "dependentRequired", "additionalProperties"]


def upstream_path():
    given = os.environ.get("ACTIVITYSMITH_OPENAPI")
    return Path(given) if given else ROOT.parent / "shared" / "reference" / "activitysmith-openapi.json"


class Flattener:
    """A schema as {property path: {fact: value}}, references resolved, combinations merged."""

    def __init__(self, document):
        self.schemas = document.get("components", {}).get("schemas", {})

    def resolve(self, schema):
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def flatten(self, schema, path="", out=None, required=True):
        out = {} if out is None else out
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return out
        node = out.setdefault(path or "(body)", {"types": set(), "required": required})
        for key in ("oneOf", "anyOf"):
            for choice in schema.get(key, []):
                self.flatten(choice, path, out, required)
        for part in schema.get("allOf", []):
            if "if" not in part:  # conditional rules (if/then) are prose in the mock's document
                self.flatten(part, path, out, required)
        types = schema.get("type")
        types = [types] if isinstance(types, str) else (types or [])
        node["types"].update(types)
        kinds = [t for t in types if t != "null"]
        kind = kinds[0] if len(kinds) == 1 else "any"
        for fact in FACTS:
            if fact in schema:
                value = schema[fact]
                if fact == "enum":
                    value = sorted(str(v) for v in value if v is not None)
                elif fact == "additionalProperties":
                    value = value if isinstance(value, bool) else "schema"
                elif fact == "dependentRequired":
                    value = json.dumps(value, sort_keys=True)
                node[f"{kind}.{fact}"] = value
        inner = set(schema.get("required", []))
        for name, child in schema.get("properties", {}).items():
            self.flatten(child, f"{path}.{name}" if path else name, out, name in inner)
        if "items" in schema:
            self.flatten(schema["items"], f"{path}[]", out, True)
        return out


def operations(document, strip_api):
    ops = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            if strip_api and not path.startswith("/api/"):
                continue
            ops[f"{method.upper()} {path.removeprefix('/api') if strip_api else path}"] = operation
    return ops


def body_schema(operation):
    return operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")


def ok_schema(operation):
    return operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema")


def request_differences(name, upstream, mock, up_doc, mock_doc):
    theirs = Flattener(up_doc).flatten(body_schema(upstream)) if body_schema(upstream) else {}
    ours = Flattener(mock_doc).flatten(body_schema(mock)) if body_schema(mock) else {}
    lines, nullable = [], False
    for path in sorted(set(theirs) | set(ours)):
        if path not in ours:
            lines.append(f"{name} request {path}: not accepted")
            continue
        if path not in theirs:
            lines.append(f"{name} request {path}: added")
            continue
        a, b = theirs[path], ours[path]
        if "null" in b["types"] and "null" not in a["types"]:
            nullable = True
        ta, tb = a["types"] - {"null"}, b["types"] - {"null"}
        if ta != tb:
            lines.append(f"{name} request {path}: type {'/'.join(sorted(ta)) or 'any'} -> {'/'.join(sorted(tb)) or 'any'}")
        if a["required"] != b["required"]:
            lines.append(f"{name} request {path}: {'required' if b['required'] else 'optional'}")
        for fact in sorted((set(a) | set(b)) - {"types", "required"}):
            if a.get(fact) != b.get(fact):
                lines.append(f"{name} request {path}: {fact} {fmt(a.get(fact))} -> {fmt(b.get(fact))}")
    if nullable:
        lines.append(f"{name} request: optional properties accept null")
    return lines


def response_differences(name, upstream, mock, up_doc, mock_doc):
    lines = []
    theirs, ours = set(upstream.get("responses", {})), set(mock.get("responses", {}))
    for status in sorted(ours - theirs):
        lines.append(f"{name} answers {status}")
    for status in sorted(theirs - ours):
        lines.append(f"{name} never answers {status}")
    a = Flattener(up_doc).flatten(ok_schema(upstream)) if ok_schema(upstream) else {}
    b = Flattener(mock_doc).flatten(ok_schema(mock)) if ok_schema(mock) else {}
    for path in sorted(set(a) | set(b)):
        if path == "(body)":
            continue
        if path not in b:
            lines.append(f"{name} 200 {path}: never sent")
        elif path not in a:
            lines.append(f"{name} 200 {path}: added")
        elif a[path]["types"] != b[path]["types"]:
            lines.append(f"{name} 200 {path}: type {'/'.join(sorted(a[path]['types']))} -> {'/'.join(sorted(b[path]['types']))}")
    return lines


def fmt(value):
    return "none" if value is None else json.dumps(value) if not isinstance(value, str) else value


def differences(up_doc, mock_doc):
    """Each difference once, with the operations it concerns: `<what> [op; op; ...]`."""
    theirs, ours = operations(up_doc, strip_api=False), operations(mock_doc, strip_api=True)
    lines = [f"{name}: not served" for name in sorted(set(theirs) - set(ours))]
    lines += [f"{name}: added" for name in sorted(set(ours) - set(theirs))]
    where = {}
    for name in sorted(set(theirs) & set(ours)):
        for line in (request_differences(name, theirs[name], ours[name], up_doc, mock_doc)
                     + response_differences(name, theirs[name], ours[name], up_doc, mock_doc)):
            where.setdefault(line[len(name) + 1:], []).append(theirs[name].get("operationId", name))
    lines += [f"{what} [{', '.join(sorted(ids))}]" for what, ids in sorted(where.items())]
    return lines


def listed():
    text = CHOICES.read_text()
    if SECTION not in text:
        return []
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


def main():
    mock_doc = json.loads(Path(sys.argv[1]).read_text())
    upstream = upstream_path()
    if not upstream.is_file():
        print(f"SKIPPED: upstream comparison: no upstream spec at {upstream} (set ACTIVITYSMITH_OPENAPI to compare)")
        return 0
    found = differences(json.loads(upstream.read_text()), mock_doc)
    if "--list" in sys.argv:
        for line in found:
            print(f"| `{line}` | |")
        return 0
    written = listed()
    unlisted = [line for line in found if line not in written]
    stale = [line for line in written if line not in found]
    for line in unlisted:
        print(f"not in docs/mock-choices.md: {line}")
    for line in stale:
        print(f"listed in docs/mock-choices.md but no longer a difference: {line}")
    print(f"upstream comparison: {len(found)} differences over {len(operations(mock_doc, True))} operations, "
          f"{len(unlisted)} unlisted, {len(stale)} stale")
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main())
