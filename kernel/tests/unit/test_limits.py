"""The kernel's input limits: the guard in front of every route, strict bodies, rule names."""
import httpx
import orjson
import pytest
from fastapi import FastAPI

from thidua_kernel.guard import InputGuard
from thidua_kernel.http import CommandBody, install_error_handlers
from thidua_kernel.limits import MAX_BODY_BYTES, Day, Int
from thidua_kernel.openapi import document_refusals
from thidua_kernel.routes import parse_body, require_json


class Body(CommandBody):
    count: Int
    flag: bool = False
    ratio: float = 0.0
    day: Day | None = None
    tags: dict[str, float] = {}


def kinds(body: bytes) -> list[str]:
    from fastapi.exceptions import RequestValidationError

    with pytest.raises(RequestValidationError) as refused:
        parse_body(Body, body)
    return [e["type"] for e in refused.value.errors()]


@pytest.mark.parametrize("body, kind", [
    (b'{"count": "1"}', "int_type"), (b'{"count": true}', "int_type"), (b'{"count": 1, "flag": "yes"}', "bool_type"),
    (b'{"count": 1, "ratio": NaN}', "finite_number"), (b'{"count": 1, "ratio": 1e999}', "finite_number"),
    (b'{"count": 99999999999999999999999}', "less_than_equal"), (b'{"count": 1, "day": "9999-01-01"}', "less_than_equal"),
    (b'{"count": 1, "tags": {"a\\u0000": 1}}', "input_text"), (b'{"count": 1, "tags": {"a": 1e999}}', "finite_number"),
    ('{"count": 1, "tags": {"%s": 1}}' % ("x" * 3000), "string_too_long"),
])
def test_a_body_is_strict_finite_and_bounded(body, kind):
    assert kind in kinds(body.encode() if isinstance(body, str) else body)


def test_services_may_still_build_commands_from_python_values():
    assert Body.model_validate({"count": 1, "day": "2014-06-30"}).day.year == 2014


@pytest.mark.parametrize("content_type, ok", [
    ("application/json", True), ("application/json; charset=utf-8", True), ("text/plain", False), (None, False),
    ("application/json; charset=latin-1", False),
])
def test_a_command_body_must_be_json(content_type, ok):
    from thidua_kernel.errors import UnsupportedMediaType

    if ok:
        require_json(content_type)
    else:
        with pytest.raises(UnsupportedMediaType):
            require_json(content_type)


def guarded_app() -> InputGuard:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/echo/{code}")
    async def echo(code: str, q: str | None = None) -> dict:
        return {"code": code, "q": q}

    return InputGuard(app)


@pytest.mark.parametrize("url, status, rule", [
    ("/echo/a%00b", 400, "INPUT-TEXT"), ("/echo/%ff", 400, "INPUT-TEXT"), ("/echo/a?q=%00", 400, "INPUT-TEXT"),
    ("/echo/a?q=" + "x" * 201, 400, "INPUT-TEXT"), ("/nowhere", 404, "ROUTE"), ("/echo/" + "x" * 2000, 414, "INPUT-SIZE"),
    ("/echo/a?" + "q=1&" * 2000, 414, "INPUT-SIZE"), ("/echo/Lạng?q=Sơn", 200, None),
])
async def test_the_guard_refuses_paths_and_queries_no_query_could_hold(url, status, rule):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=guarded_app()), base_url="http://t") as client:
        answer = await client.get(url)
    assert answer.status_code == status
    if rule:
        assert answer.json()["error"]["rule"] == rule


async def test_the_guard_refuses_a_large_body_from_its_length():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=guarded_app()), base_url="http://t") as client:
        answer = await client.post("/echo/a", content=b"x" * (MAX_BODY_BYTES + 1))
    assert answer.status_code == 413 and answer.json()["error"]["figures"]["limit_bytes"] == MAX_BODY_BYTES
    assert len(answer.content) < 1000


def test_every_operation_documents_its_refusals():
    app = FastAPI()
    document_refusals(app)

    @app.get("/health")
    async def health() -> dict:
        return {}

    schema = app.openapi()
    responses = schema["paths"]["/health"]["get"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "414", "415", "422", "503"} <= set(responses)
    assert orjson.dumps(responses["422"]).decode().count("Refusal") == 1
    assert "HTTPValidationError" not in orjson.dumps(schema).decode()


async def test_an_event_too_large_for_one_kafka_record_is_not_appended():
    from datetime import datetime, timezone

    from contracts.envelope import Actor
    from thidua_kernel.clock import ManualClock
    from thidua_kernel.errors import PayloadTooLarge
    from thidua_kernel.limits import MAX_EVENT_BYTES
    from thidua_kernel.memory_store import InMemoryEventStore
    from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

    moment = datetime(2014, 1, 1, tzinfo=timezone.utc)
    store = InMemoryEventStore("test", ManualClock(moment))
    ctx = CommandContext(actor=Actor(principal_id="ban", role="province_board", scope="20"))

    def append(size: int) -> StreamAppend:
        return StreamAppend("thing", "1", 0, (NewEvent("Noted", {"text": "x" * size}, moment),))

    with pytest.raises(PayloadTooLarge) as refused:
        await store.append(ctx, [append(MAX_EVENT_BYTES)])
    assert refused.value.rule == "INPUT-SIZE" and store.events == []
    await store.append(ctx, [append(MAX_EVENT_BYTES - 2000)])
    assert len(store.events) == 1
