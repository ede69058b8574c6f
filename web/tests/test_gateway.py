"""The web process without a browser: static files with a same-origin CSP, and the gateway
forwarding to fake services in process (path, query, headers and body as sent; refusals shaped
like the services' own)."""
import asyncio

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thidua_web.app import create_app
from thidua_web.config import WebSettings
from thidua_web.gateway import MAX_BODY


async def echo(request: Request) -> Response:
    body = {"host": request.headers["host"], "method": request.method, "raw_path": request.scope["raw_path"].decode(),
            "query": request.scope["query_string"].decode(), "body": (await request.body()).decode(),
            "headers": {k: v for k, v in request.headers.items() if k in ("authorization", "idempotency-key", "cookie")}}
    return Response(orjson.dumps(body), 201, media_type="application/json",
                    headers={"content-disposition": "attachment; filename=x.docx", "x-internal": "kept inside"})


FAKE = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "POST"])])
SETTINGS = WebSettings(THIDUA_REGISTRY_URL="http://registry.test", THIDUA_PROGRESS_URL="http://progress.test",
                       THIDUA_AWARDS_URL="http://awards.test", THIDUA_REPORTING_URL="http://reporting.test:9")


def call(method: str, path: str, transport: httpx.AsyncBaseTransport | None = None, **kwargs) -> httpx.Response:
    async def go() -> httpx.Response:
        app = create_app(SETTINGS, transport or httpx.ASGITransport(app=FAKE))
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://web") as client:
                return await client.request(method, path, **kwargs)
    return asyncio.run(go())


def test_forwards_path_query_token_key_and_body_as_sent():
    answer = call("POST", "/api/progress/commands/assess-criterion?x=%C4%91&y=1", content=b'{"a": 1}',
                  headers={"Authorization": "Bearer t0k", "Idempotency-Key": "k-1", "Cookie": "c=1",
                           "Content-Type": "application/json"})
    assert answer.status_code == 201
    seen = answer.json()
    assert seen == {"host": "progress.test", "method": "POST", "raw_path": "/commands/assess-criterion",
                    "query": "x=%C4%91&y=1", "body": '{"a": 1}',
                    "headers": {"authorization": "Bearer t0k", "idempotency-key": "k-1"}}  # no cookie passed on
    assert answer.headers["content-disposition"] == "attachment; filename=x.docx"
    assert "x-internal" not in answer.headers
    assert call("GET", "/api/reporting/reports/consolidated").json()["host"] == "reporting.test:9"


def test_unknown_service_oversized_body_and_a_service_down_are_refusals_with_a_rule():
    unknown = call("GET", "/api/kho/x")
    assert unknown.status_code == 404 and unknown.json()["error"]["rule"] == "ROUTE"
    big = call("POST", "/api/registry/commands/x", content=b"x" * (MAX_BODY + 1))
    assert big.status_code == 413 and big.json()["error"]["rule"] == "INPUT-SIZE"

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    down = call("GET", "/api/awards/rounds", httpx.MockTransport(refuse))
    assert down.status_code == 502
    error = down.json()["error"]
    assert error["rule"] == "UPSTREAM" and "awards" in error["message_vi"]


def test_static_app_is_served_with_a_same_origin_policy():
    index = call("GET", "/")
    assert index.status_code == 200 and '<html lang="vi">' in index.text
    policy = index.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    script = call("GET", "/js/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert call("GET", "/health").json() == {"status": "ok", "service": "web"}
