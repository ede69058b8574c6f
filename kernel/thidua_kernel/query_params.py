"""Query parameters a route does not take are refused, as unknown body fields are (extra="forbid").

Reading chosen: a misspelt parameter (`?asof=2015-12-31`) would otherwise be ignored and the
answer given for its default (today), a wrong answer that looks right; so 422 INPUT names it.
"""
from urllib.parse import parse_qsl

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import InvalidInput
from .guard import refuse
from .limits import short
from .routes import _api_routes


class KnownQueryParams:
    """ASGI in front of `inner` (the app, or the command fast path before it): each request's query
    names checked against the parameters its route declares."""

    def __init__(self, app: FastAPI, inner: ASGIApp) -> None:
        self._inner = inner
        # Routers are mounted without a prefix here, so each route matches at its own path.
        self._routes = [(route, frozenset(query_names(route.dependant))) for route in _api_routes(app.router.routes)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            unknown = self._unknown(scope)
            if unknown:
                await refuse(InvalidInput(
                    "INPUT", "Tham số truy vấn không có ở đường dẫn này: " + ", ".join(unknown) + ".",
                    "Query parameters this route does not take: " + ", ".join(unknown) + ".", unknown=unknown), send)
                return
        await self._inner(scope, receive, send)

    def _unknown(self, scope: Scope) -> list[str]:
        for route, allowed in self._routes:
            if route.matches(scope)[0] is Match.FULL:
                names = {name for name, _ in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)}
                return sorted(short(name, 40) for name in names - allowed)[:10]
        return []


def query_names(dependant: Dependant, depth: int = 0) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies if depth < 8 else ():
        names |= query_names(sub, depth + 1)
    return names
