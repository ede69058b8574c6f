"""Documents drawn from a committed JSON Schema (hypothesis strategies), for the contract tests.

Enough for the schemas pydantic writes: type, anyOf, enum, const, $ref to $defs, items,
additionalProperties, pattern, minimum/maximum, the formats date, date-time and uuid. A keyword
it does not know is refused rather than ignored, so a drawn document is always one the schema
accepts (the tests check it against the schema as well).
"""
from datetime import timezone
from typing import Any

from hypothesis import strategies as st

KNOWN = {"type", "title", "default", "properties", "required", "description", "format", "anyOf", "items",
         "enum", "$ref", "$defs", "additionalProperties", "minimum", "maximum", "const", "pattern"}
FORMATS = {
    "date": st.dates().map(lambda d: d.isoformat()),
    "date-time": st.datetimes(timezones=st.just(timezone.utc)).map(lambda t: t.isoformat()),
    "uuid": st.uuids().map(str),
}
TEXT = st.text(max_size=12)


def documents(schema: dict) -> st.SearchStrategy[Any]:
    """Any document valid under `schema` (a committed payload schema, with its $defs)."""
    return _strategy(schema, schema.get("$defs", {}))


def _strategy(node: dict, defs: dict) -> st.SearchStrategy[Any]:
    unknown = set(node) - KNOWN
    if unknown:
        raise ValueError(f"schema keywords not drawn from: {sorted(unknown)}")
    if "$ref" in node:
        return st.deferred(lambda: _strategy(defs[node["$ref"].rsplit("/", 1)[-1]], defs))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([_strategy(choice, defs) for choice in node["anyOf"]])
    kind = node.get("type")
    if kind == "object":
        return _object(node, defs)
    if kind == "array":
        return st.lists(_strategy(node["items"], defs), max_size=3)
    if kind == "string":
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        return FORMATS[node["format"]] if "format" in node else TEXT
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise ValueError(f"cannot draw from {node}")


def _object(node: dict, defs: dict) -> st.SearchStrategy[dict]:
    properties = node.get("properties", {})
    required = set(node.get("required", []))
    drawn = st.fixed_dictionaries(
        {name: _strategy(s, defs) for name, s in properties.items() if name in required},
        optional={name: _strategy(s, defs) for name, s in properties.items() if name not in required})
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and not properties:
        return st.dictionaries(TEXT, _strategy(extra, defs), max_size=3)
    return drawn
