"""Command routes, built once for every service from one table of plain handler functions.

A command reaches its handler in four linear hops: route → this helper → handler function →
domain. Each service declares `COMMANDS: list[CommandRoute]` (path, body model, handler) and
mounts them with `add_command_routes`; a handler is `async def handler(deps, ctx, cmd) -> dict`,
where `deps` is whatever the service's composition root wired once (store, caches, adapters).
"""
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel

from contracts.envelope import Actor

from .http import command_context
from .messages import CommandContext

Handler = Callable[[Any, CommandContext, Any], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class CommandRoute:
    """`POST /commands/{path}` with a body of `model`, answered by `handler(deps, ctx, cmd)`."""

    path: str
    model: type[BaseModel]
    handler: Handler

    @property
    def name(self) -> str:
        return self.handler.__name__


def add_command_routes(
    router: APIRouter,
    routes: Sequence[CommandRoute],
    deps: Callable[[], Any],
    current_actor: Callable[..., Actor],
) -> None:
    """Mount every command of a service; each answers 201 with the handler's answer."""
    for route in routes:
        router.add_api_route(
            f"/commands/{route.path}", _endpoint(route, deps, current_actor),
            methods=["POST"], status_code=201, name=route.name,
        )


def _endpoint(route: CommandRoute, deps: Callable[[], Any], current_actor: Callable[..., Actor]) -> Callable:
    model, handler = route.model, route.handler

    async def endpoint(
        cmd: model,  # type: ignore[valid-type]
        actor: Actor = Depends(current_actor),
        idempotency_key: str | None = Header(default=None),
        x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        ctx = command_context(actor, idempotency_key, x_correlation_id,
                              getattr(cmd, "reason", None), getattr(cmd, "document_number", None))
        return await handler(deps(), ctx, cmd)

    endpoint.__name__ = route.name
    return endpoint
