"""The HTTP edge's own parts: body parsing as FastAPI reported it, JSON log lines."""
import orjson
import pytest
from fastapi.exceptions import RequestValidationError

from thidua_kernel.http import CommandBody
from thidua_kernel.logs import json_line
from thidua_kernel.routes import _inline, parse_body


class Sample(CommandBody):
    name: str
    count: int


class Nested(CommandBody):
    items: list[Sample]


def errors_of(body: bytes, model=Sample) -> list[dict]:
    with pytest.raises(RequestValidationError) as refused:
        parse_body(model, body)
    return refused.value.errors()


def test_a_body_parses_into_its_model():
    assert parse_body(Sample, '{"name": "Xã Thử", "count": 2}'.encode()) == Sample(name="Xã Thử", count=2)


def test_refusals_carry_fastapis_types_and_locations():
    assert [(e["type"], e["loc"]) for e in errors_of(b"")] == [("missing", ("body",))]
    assert errors_of(b"{")[0]["type"] == "json_invalid"
    assert [(e["type"], e["loc"]) for e in errors_of(b'{"name": "a", "count": "x"}')] == [
        ("int_parsing", ("body", "count"))]
    assert errors_of(b'{"name": "a", "count": 1, "extra": 1}')[0]["type"] == "extra_forbidden"
    nfd = orjson.dumps({"name": "Bie\u0302n", "count": 1})
    assert errors_of(nfd)[0]["type"] == "nfc"


def test_the_published_schema_is_self_contained():
    schema = _inline(Nested)
    assert "$defs" not in schema and "$ref" not in orjson.dumps(schema).decode()
    assert schema["properties"]["items"]["items"]["properties"]["count"]["type"] == "integer"


def test_a_log_line_takes_int_keys_and_odd_values():
    line = json_line({"offsets": {0: [1, 2]}, "big": 2**70, "when": object})
    assert line.endswith(b"\n") and orjson.loads(line)["offsets"] == {"0": [1, 2]}
