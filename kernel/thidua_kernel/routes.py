"""Command routes, built once for every service from one table of plain handler functions.

A command reaches its handler in four linear hops: route → this helper → handler function →
domain. Each service declares `COMMANDS: list[CommandRoute]` (path, body model, handler) and
mounts them with `add_command_routes`; a handler is `async def handler(deps, ctx, cmd) -> dict`,
where `deps` is whatever the service's composition root wired once (store, caches, adapters).

The endpoint takes the bare request and does itself what FastAPI's parameter machinery did:
token → actor (inline, no thread pool), body → model in one `model_validate_json` (JSON parsed
and validated in Rust, no intermediate dict), answer → orjson bytes. Measured on the benchmark's
assess-criterion load, that machinery (dependency solving, body parsing through a dict, the
auth dependency run in the thread pool, jsonable_encoder on the answer) was the largest part of a
command's CPU in the service. The OpenAPI document still shows each body's schema and headers
(openapi_extra); errors keep their bodies: a validation error is raised as FastAPI's own
RequestValidationError, with FastAPI's `loc` (starting at "body"), for the shared handler.
"""
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.routing import NoMatchFound
from starlette.types import Receive, Scope, Send

from contracts.envelope import Actor

from .auth import require_writer
from .errors import ThiduaError, UnsupportedMediaType
from .http import command_context, invalid_input_response, refusal_response
from .limits import short
from .messages import CommandContext
from .outages import OUTAGES, Unavailable

Handler = Callable[[Any, CommandContext, Any], Awaitable[dict[str, Any]]]
Endpoint = Callable[[Request], Awaitable[Response]]

@dataclass(frozen=True)
class CommandRoute:
    """`POST /commands/{path}` with a body of `model`, answered by `handler(deps, ctx, cmd)`."""

    path: str
    model: type[BaseModel]
    handler: Handler
    # Commands a read-only role may send too (signing out its own token); every other command
    # refuses read-only roles before reading its body (auth.require_writer).
    open_to_readers: bool = False

    @property
    def name(self) -> str:
        return self.handler.__name__


def add_command_routes(
    router: APIRouter,
    routes: Sequence[CommandRoute],
    deps: Callable[[], Any],
    current_actor: Callable[..., Actor | Awaitable[Actor]],
) -> None:
    """Mount every command of a service; each answers 201 with the handler's answer."""
    for route in routes:
        router.add_api_route(f"/commands/{route.path}", _endpoint(route, deps, current_actor),
                             methods=["POST"], status_code=201, name=route.name,
                             openapi_extra=_openapi(route.model))


class CommandFastPath:
    """ASGI in front of the FastAPI app: `POST /commands/...` goes straight to its endpoint.

    Measured (py-spy, the benchmark's assess-criterion load): the middleware and routing stack
    around a command endpoint (error and exit-stack middlewares, the body limit, matching ~40
    routes, the request-handler wrappers) took more of the service's CPU than the command itself.
    The endpoint is the very one FastAPI routes to, and refusals are rendered by the same
    functions as the app's exception handlers, so both paths answer alike; anything else (other
    paths, lifespan) goes to the app. The endpoints are this app's own (found among its routes,
    so two apps in one process never reach each other's), each at the path the app routes its
    name to (a router mounted under a prefix keeps its prefix).
    """

    def __init__(self, app: FastAPI) -> None:
        self._app = app
        self._endpoints: dict[str, Endpoint] = {}
        for route in _api_routes(app.router.routes):
            if "POST" in route.methods and getattr(route.endpoint, "is_command_endpoint", False):
                try:
                    self._endpoints[app.url_path_for(route.name)] = route.endpoint
                except NoMatchFound:
                    continue

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._endpoints.get(scope["path"]) if scope["type"] == "http" else None
        if endpoint is None or scope["method"] != "POST":
            await self._app(scope, receive, send)
            return
        scope["app"] = self._app
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except ThiduaError as refusal:
            response = refusal_response(request, refusal)
        except RequestValidationError as invalid:
            response = invalid_input_response(request, invalid)
        except OUTAGES as outage:  # PostgreSQL away: nothing committed; 503, not 500
            response = refusal_response(request, Unavailable(outage))
        await response(scope, receive, send)


def _endpoint(route: CommandRoute, deps: Callable[[], Any], current_actor: Callable) -> Callable:
    model, handler, open_to_readers = route.model, route.handler, route.open_to_readers

    async def endpoint(request: Request) -> Response:
        headers = request.headers
        actor = current_actor(headers.get("authorization"))
        if inspect.isawaitable(actor):
            actor = await actor
        if not open_to_readers:
            require_writer(actor)
        require_json(headers.get("content-type"))
        cmd = parse_body(model, await request.body())
        ctx = command_context(actor, headers.get("idempotency-key"), headers.get("x-correlation-id"),
                              getattr(cmd, "reason", None), getattr(cmd, "document_number", None),
                              headers.get("x-causation-id"))
        answer = await handler(deps(), ctx, cmd)
        return Response(orjson.dumps(answer), status_code=201, media_type="application/json")

    endpoint.__name__ = route.name
    endpoint.is_command_endpoint = True  # type: ignore[attr-defined]  # what CommandFastPath takes
    endpoint.open_to_readers = open_to_readers  # type: ignore[attr-defined]
    return endpoint


def _api_routes(routes: Sequence[Any], depth: int = 0) -> list[APIRoute]:
    """The app's APIRoutes, through included routers (FastAPI keeps those as their own route)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif depth < 8 and hasattr(route, "original_router"):
            found.extend(_api_routes(route.original_router.routes, depth + 1))
    return found


def require_json(content_type: str | None) -> None:
    """A command body is JSON (UTF-8): any other media type is refused with 415, naming it."""
    media_type, _, params = (content_type or "").partition(";")
    media_type = media_type.strip().lower()
    charset = params.strip().lower().removeprefix("charset=").strip('"') if "charset=" in params.lower() else "utf-8"
    if media_type != "application/json" or charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("INPUT-MEDIA", "Lệnh phải gửi dưới dạng application/json (UTF-8).",
                                   "A command body must be sent as application/json (UTF-8).",
                                   content_type=short(content_type or ""))


def parse_body(model: type[BaseModel], body: bytes) -> BaseModel:
    """The body as `model`, or the RequestValidationError FastAPI would raise (loc from "body")."""
    if not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}])
    try:
        return model.model_validate_json(body, strict=True)
    except ValidationError as exc:
        renamed = getattr(model, "renamed_fields", {})
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"]), **_renamed(e, renamed)} for e in exc.errors(include_url=False)]
        ) from None


def _renamed(error: Any, renamed: dict[str, str]) -> dict[str, str]:
    old = error["loc"][0] if error["type"] == "extra_forbidden" and len(error["loc"]) == 1 else None
    if old not in renamed:
        return {}
    return {"type": "renamed_field", "msg": f"{old} is now {renamed[old]}: send it as {renamed[old]}"}


# Every command's answer (commands.respond): `recorded_at` is when its events were recorded (null
# when it appended none), the `known_at` to ask the state as known right after it (issue 11).
COMMAND_ANSWER: dict[str, Any] = {
    "type": "object",
    "required": ["correlation_id", "recorded_at", "events"],
    "properties": {
        "correlation_id": {"type": "string"},
        "recorded_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "events": {"type": "array"},
    },
}


def _openapi(model: type[BaseModel]) -> dict[str, Any]:
    header = lambda name, text: {"name": name, "in": "header", "required": False,  # noqa: E731
                                 "schema": {"type": "string"}, "description": text}
    return {
        "parameters": [
            header("Authorization", "Bearer <token>"),
            header("Idempotency-Key", "a retry with the same key gets the first answer"),
            header("X-Correlation-Id", "a UUID (a new one when absent)"),
            header("X-Causation-Id", "a UUID: the event this command acts upon (none when absent)"),
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _inline(model)}}},
        "responses": {"201": {"description": "Done: the decision's answer (commands.respond)",
                              "content": {"application/json": {"schema": COMMAND_ANSWER}}}},
    }


def _inline(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with its `$defs` substituted in place: self-contained in OpenAPI."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)
