"""create_app(settings): the static app at /, the gateway at /api/<service>/..., /health."""
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import WebSettings
from .gateway import Gateway

STATIC = Path(__file__).resolve().parent / "static"
# Everything the page loads comes from this process: no CDN, font or tile server (issue 10).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def create_app(settings: WebSettings, transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    """`transport`: for tests, the services faked in this process (the gateway's upstreams)."""
    gateway = Gateway(settings.upstreams(), settings.upstream_timeout_s, transport)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "service": "web"})

    routes = [
        Route("/health", health),
        Route("/api/{service}/{path:path}", gateway.forward, methods=METHODS),
        Route("/api/{service}", gateway.forward, methods=METHODS),
        Mount("/", StaticFiles(directory=STATIC, html=True)),
    ]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(SecurityHeaders), Middleware(GZipMiddleware, minimum_size=1024)])


class SecurityHeaders:
    """CSP (same origin only), no sniffing, no framing; the app's files revalidated on each load."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if not scope["path"].startswith("/api/"):
                    headers.append((b"cache-control", b"no-cache"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
