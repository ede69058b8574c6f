"""The FastAPI application shell every service shares: logging, lifespan, errors, sign-in, ops routes."""
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from .authentication import RequireToken, authenticator_from_settings, document_security
from .clock import Clock, SystemClock
from .guard import InputGuard
from .http import actor_dependency, install_error_handlers
from .logs import configure_logging
from .openapi import document_refusals
from .ops import ops_router
from .projection import ProjectionRunner
from .revocations import RevocationProjection, Revocations
from .routes import CommandFastPath
from .runtime import Runtime
from .settings import ServiceSettings, crash_hook


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
            await follow_revocations(runtime, revocations, clock)
            yield
        finally:
            await app.state.runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)
    app.state.authenticator, app.state.revocations = authenticator, revocations

    def runtime() -> Runtime:
        return app.state.runtime

    install_error_handlers(app)
    app.include_router(ops_router(runtime, current_actor))
    add_routes(app, runtime, current_actor)
    app.add_middleware(RequireToken, authenticator=authenticator)
    document_security(app)
    document_refusals(app)  # over document_security's document: every other refusal status too
    return app


async def follow_revocations(runtime: Runtime, revocations: Revocations, clock: Clock) -> None:
    """The revocations recorded so far, before the first request; then the registry topic's new ones."""
    settings = runtime.settings
    await revocations.load(runtime.pool)
    runner = ProjectionRunner(runtime.pool, settings.kafka_bootstrap_servers, RevocationProjection(revocations),
                              crash_at=crash_hook(settings.crash_at), topic_prefix=settings.topic_prefix,
                              database_url=settings.database_url, clock=clock)
    runtime.runners[runner.name] = runner
    runtime.spawn(f"projection:{runner.name}", runner.run())


def edge(app: FastAPI) -> ASGIApp:
    """What a server runs: the input guard (guard.py), then the command fast path, then the app."""
    return InputGuard(CommandFastPath(app))


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """uvicorn with the guard and the command fast path in front of the app (`edge`)."""
    uvicorn.run(edge(app), host=settings.service_host, port=settings.service_port, log_level="warning",
                loop="uvloop", http="httptools", access_log=False)
