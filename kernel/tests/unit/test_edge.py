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
        ("int_type", ("body", "count"))]
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


def command_app(wired: str = "wired"):
    """A service shell with one command route, as build_app and add_command_routes make it."""
    from fastapi import APIRouter, FastAPI

    from contracts.envelope import Actor
    from thidua_kernel.auth import TokenRegistry
    from thidua_kernel.errors import DomainRefusal
    from thidua_kernel.http import actor_dependency, install_error_handlers
    from thidua_kernel.routes import CommandRoute, add_command_routes

    async def count_things(deps, ctx, cmd: Sample) -> dict:
        if cmd.count < 0:
            raise DomainRefusal("P1", "Âm.", "Negative.", count=cmd.count)
        return {"name": cmd.name, "by": ctx.actor.principal_id, "deps": deps}

    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()
    tokens = TokenRegistry({"t": Actor(principal_id="ban", role="province_board", scope="20")})
    add_command_routes(router, [CommandRoute("count-things", Sample, count_things)], lambda: wired,
                       actor_dependency(tokens))
    app.include_router(router)
    return app


@pytest.mark.parametrize("body, token", [
    ('{"name": "a", "count": 1}', "t"), ('{"name": "a", "count": -1}', "t"), ('{"name": "a"}', "t"),
    ("{", "t"), ("", "t"), ('{"name": "a", "count": 1}', "wrong"),
])
async def test_the_fast_path_answers_as_the_fastapi_route_does(body, token):
    import httpx

    from thidua_kernel.routes import CommandFastPath

    app = command_app()
    assert "/commands/count-things" in CommandFastPath(app)._endpoints  # taken, not passed on
    answers = []
    for asgi in (app, CommandFastPath(app)):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://t") as client:
            answer = await client.post("/commands/count-things", content=body.encode(),
                                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            answers.append((answer.status_code, answer.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] in {201, 400, 401, 422}
    if answers[0][0] == 201:
        assert answers[0][1] == {"name": "a", "by": "ban", "deps": "wired"}
    else:
        assert set(answers[0][1]["error"]) == {"rule", "message_vi", "message_en", "figures"}


def test_the_openapi_document_shows_each_command_body():
    body = command_app().openapi()["paths"]["/commands/count-things"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["properties"]["count"]["type"] == "integer"


async def test_each_app_s_fast_path_reaches_its_own_endpoints():
    import httpx

    from thidua_kernel.routes import CommandFastPath

    first, second = CommandFastPath(command_app("first")), CommandFastPath(command_app("second"))
    for asgi, wired in ((first, "first"), (second, "second")):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://t") as client:
            answer = await client.post("/commands/count-things", content=b'{"name": "a", "count": 1}',
                                       headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
        assert answer.status_code == 201 and answer.json()["deps"] == wired
