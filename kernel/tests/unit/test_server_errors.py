"""What the server itself refuses, before any app sees it, names its rule too (a real uvicorn)."""
import asyncio

import orjson
import pytest
import uvicorn
from fastapi import FastAPI

from thidua_kernel.http import install_error_handlers
from thidua_kernel.service_app import RuleNamedHttpProtocol, edge


def tiny_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/units/{code}")
    async def unit(code: str) -> dict:
        return {"code": code}

    return app


async def ask(port: int, request: bytes) -> tuple[int, dict]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(65536), 10)
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), orjson.loads(body)


@pytest.mark.parametrize("request_line, status, rule", [
    (b"GET /units/\xff\xfe HTTP/1.1", 400, "INPUT"),  # raw non-ASCII bytes: uvicorn cannot decode the path
    (b"GET /units/a%00b HTTP/1.1", 400, "INPUT-TEXT"),
    (b"GET /units/%ff HTTP/1.1", 400, "INPUT-TEXT"),
    (b"GET /units/180 HTTP/1.1", 200, None),
])
async def test_the_server_answers_what_it_cannot_parse_with_a_rule(request_line, status, rule):
    config = uvicorn.Config(edge(tiny_app()), host="127.0.0.1", port=0, http=RuleNamedHttpProtocol,
                            log_level="critical", lifespan="off")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        answer_status, body = await ask(port, request_line + b"\r\nHost: t\r\n\r\n")
        assert answer_status == status
        if rule:
            assert body["error"]["rule"] == rule and set(body["error"]) == {"rule", "message_vi", "message_en",
                                                                             "figures"}
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)
