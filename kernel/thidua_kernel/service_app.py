"""The FastAPI application shell every service shares: logging, lifespan, errors, sign-in, ops routes."""
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import orjson
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .authentication import RequireToken, authenticator_from_settings, document_security
from .blue_green_runs import blue_green_runs
from .clock import Clock, SystemClock
from .guard import InputGuard
from .http import actor_dependency, install_error_handlers
from .logs import configure_logging
from .openapi import document_refusals
from .ops import ops_router
from .ops_blue_green import ops_more_router
from .query_params import KnownQueryParams
from .revocations import RevocationProjection, Revocations
from .routes import CommandFastPath
from .runtime import Runtime
from .settings import ServiceSettings


def build_app(
    title: str,
    settings: ServiceSettings,
    start: Callable[[], Awaitable[Runtime]],
    add_routes: Callable[[FastAPI, Callable[[], Runtime], Callable], None],
    clock: Clock | None = None,
) -> FastAPI:
    """`start` builds the runtime in the lifespan (never at import); `add_routes` mounts the API.

    Refuses to build (SystemExit with the reason) when no token verifier is configured."""
    configure_logging(settings.log_format, settings.log_level)
    clock = clock or SystemClock()
    revocations = Revocations()
    authenticator = authenticator_from_settings(settings, revocations, clock)
    current_actor = actor_dependency(authenticator)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = runtime = await start()
        try:
            await follow_revocations(runtime, revocations)
            await blue_green_runs(runtime).resume_pending()  # a build a killed process left goes on
            yield
        finally:
            await app.state.runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)
    app.state.authenticator, app.state.revocations = authenticator, revocations

    def runtime() -> Runtime:
        return app.state.runtime

    install_error_handlers(app)
    app.include_router(ops_router(runtime, current_actor))
    app.include_router(ops_more_router(runtime, current_actor))
    add_routes(app, runtime, current_actor)
    app.add_middleware(RequireToken, authenticator=authenticator)
    document_security(app)
    document_refusals(app)  # over document_security's document: every other refusal status too
    return app


async def follow_revocations(runtime: Runtime, revocations: Revocations) -> None:
    """The revocations recorded so far, before the first request; then the registry topic's new ones."""
    await revocations.load(runtime.pool)
    runtime.add_projection(RevocationProjection(revocations))


def edge(app: FastAPI) -> ASGIApp:
    """What a server runs: the input guard (guard.py), the query parameters each route takes
    (query_params.py), then the command fast path, then the app."""
    return InputGuard(KnownQueryParams(app, CommandFastPath(app)))


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """uvicorn with the guard and the command fast path in front of the app (`edge`)."""
    uvicorn.run(edge(app), host=settings.service_host, port=settings.service_port, log_level="warning",
                loop="uvloop", http=RuleNamedHttpProtocol, access_log=False)


class RuleNamedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol whose own 400, for a request it cannot parse before any app
    sees it (raw non-ASCII bytes in the path, a malformed request line or header), is a refusal
    naming its rule like every other, instead of a plain-text line."""

    def send_400_response(self, msg: str) -> None:
        body = orjson.dumps({"error": {"rule": "INPUT", "message_vi": "Yêu cầu HTTP không hợp lệ.",
                                       "message_en": msg, "figures": {}}})
        head = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            head.extend([name, b": ", value, b"\r\n"])
        head.append(b"content-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % len(body))
        self.transport.write(b"".join(head) + body)
        self.transport.close()
