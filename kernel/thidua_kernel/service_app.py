"""The FastAPI application shell every service shares: logging, lifespan, errors, ops routes."""
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from .auth import TokenRegistry
from .http import actor_dependency, install_error_handlers
from .logs import configure_logging
from .ops import ops_router
from .routes import CommandFastPath
from .runtime import Runtime
from .settings import ServiceSettings


def build_app(
    title: str,
    settings: ServiceSettings,
    start: Callable[[], Awaitable[Runtime]],
    add_routes: Callable[[FastAPI, Callable[[], Runtime], Callable], None],
) -> FastAPI:
    """`start` builds the runtime in the lifespan (never at import); `add_routes` mounts the API."""
    configure_logging(settings.log_format, settings.log_level)
    tokens = TokenRegistry.from_file(settings.tokens_file)
    current_actor = actor_dependency(tokens)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = await start()
        try:
            yield
        finally:
            await app.state.runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)

    def runtime() -> Runtime:
        return app.state.runtime

    install_error_handlers(app)
    app.include_router(ops_router(runtime, current_actor))
    add_routes(app, runtime, current_actor)
    return app


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """uvicorn with the command fast path in front of the app (routes.CommandFastPath)."""
    uvicorn.run(CommandFastPath(app), host=settings.service_host, port=settings.service_port, log_level="warning",
                loop="uvloop", http="httptools", access_log=False)
