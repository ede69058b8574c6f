"""HTTP routes: commands from the one table (handlers.COMMANDS), and queries over the projection.

Every query takes `as_of` (effective date; default today in Vietnam) and `known_at` (recording
time; default now; without a zone: Vietnam time), as progress and reporting do
(thidua_facts.timeframe.resolve): what was in effect on as_of, as recorded by known_at.
"""
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, FastAPI, Request

from thidua_facts.timeframe import Timeframe
from thidua_facts.timeframe_query import timeframe_of
from thidua_kernel.authentication import request_actor
from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.routes import add_command_routes
from thidua_kernel.runtime import Runtime

from . import bootstrap, participant_views, programme_views, views
from .config import RegistrySettings
from .handlers import COMMANDS
from .handlers.deps import no_tokens
from .signin import TokenIssuer, signin_router
from .signin_throttle import SignInThrottle

def add_routes(app: FastAPI, runtime: Callable[[], Runtime], current_actor: Callable, settings: RegistrySettings,
               clock: Clock) -> None:
    router = APIRouter(tags=["registry"])
    verifier = app.state.authenticator.jwt
    token_claims = verifier.decode if verifier is not None else no_tokens
    add_command_routes(router, COMMANDS, lambda: bootstrap.deps(runtime(), token_claims), current_actor)
    if settings.signing_keys_dir is not None and settings.jwt_issuer:
        issuer = TokenIssuer(settings.signing_keys_dir, settings.jwt_issuer, settings.jwt_audience,
                             settings.access_token_seconds, clock)
        app.include_router(signin_router(lambda: runtime().store, issuer, PasswordHasher(), SignInThrottle(clock)))

    when = timeframe_of(lambda: runtime().clock or SystemClock())

    @router.get("/units")
    async def units(
        tf: Timeframe = Depends(when), level: str | None = None, parent_code: str | None = None,
        name: str | None = None, unit_type: str | None = None,
    ) -> list[dict[str, Any]]:
        """The units existing on as_of, with their name, type and parent of that day."""
        return await views.list_units(runtime().pool, tf, level, parent_code, name, unit_type)

    @router.get("/units/{code}")
    async def unit(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """The unit on as_of; 404 U8 with its lifetime (effective_from, effective_to) when it did not
        exist then, 404 U1 when the code is not registered."""
        return await views.get_unit(runtime().pool, code, tf)

    @router.get("/units/{code}/history")
    async def unit_history(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """Every version as known at known_at; the one in force on as_of is marked."""
        return await views.unit_history(runtime().pool, code, tf)

    @router.get("/participants")
    async def participants(
        request: Request, tf: Timeframe = Depends(when), kind: str | None = None, parent_code: str | None = None,
        name: str | None = None,
    ) -> list[dict[str, Any]]:
        """Individuals' names and addresses (households, officials, business people) only for the
        roles that need them (thidua_kernel.auth.PERSONAL_DATA_ROLES; a district officer inside its
        district); for others those fields are null and `personal_data_withheld` is true. An erased
        individual (issue 11) has them null and `personal_data_erased` true for every role."""
        keys = bootstrap.deps(runtime(), token_claims).keys
        return await participant_views.list_participants(runtime().pool, keys, tf, kind, parent_code, name,
                                                         request_actor(request))

    @router.get("/pilots")
    async def pilots(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await programme_views.pilots(runtime().pool, tf)

    @router.get("/pledges")
    async def pledges(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await programme_views.pledges(runtime().pool, tf)

    @router.get("/plans")
    async def plans(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """U7 on as_of: whether an unsubmitted plan is missing or not yet due depends on that day."""
        return await programme_views.plans(runtime().pool, tf)

    @router.get("/movement-registrations")
    async def movement_registrations(tf: Timeframe = Depends(when)) -> list[dict[str, Any]]:
        return await programme_views.movement_registrations(runtime().pool, tf)

    @router.get("/clusters")
    async def clusters(tf: Timeframe = Depends(when)) -> list[dict[str, Any]]:
        return await programme_views.clusters(runtime().pool, tf)

    app.include_router(router)
