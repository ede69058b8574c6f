"""HTTP routes: the command table mounted by the kernel's helper, and the as-of views."""
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request

from thidua_facts.timeframe import Timeframe, resolve
from thidua_facts.timeframe_query import KnownAt, timeframe_of
from thidua_kernel.authentication import request_actor
from thidua_kernel.limits import Int
from thidua_kernel.routes import add_command_routes
from thidua_kernel.runtime import Runtime

from . import bootstrap, series_views, views
from .command_table import COMMANDS
from .reference_api import add_reference_routes


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], current_actor: Callable) -> None:
    router = APIRouter(tags=["progress"])
    add_command_routes(router, COMMANDS, lambda: bootstrap.deps(runtime()), current_actor)

    @router.get("/criteria-sets")
    async def criteria_sets(known_at: KnownAt = None) -> list[dict[str, Any]]:
        """The sets first published by known_at (each with its effective_from; P2 picks by day)."""
        return await views.list_criteria_sets(runtime().pool, resolve(runtime().clock, None, known_at).known_at)

    # The as-of views: in effect on `as_of` (default: today in Vietnam) as known at `known_at`
    # (default: now; without a zone: Vietnam time), from the shared NTM facts.
    when = timeframe_of(lambda: runtime().clock)

    @router.get("/communes/near-standard")
    async def near_standard(tf: Timeframe = Depends(when), province_code: str | None = None,
                            district_code: str | None = None) -> dict[str, Any]:
        return await views.near_standard_communes(runtime().pool, tf, province_code, district_code)

    @router.get("/communes/lacking")
    async def communes_lacking(criterion: Int, tf: Timeframe = Depends(when),
                               district_code: str | None = None) -> dict[str, Any]:
        """P5: the xã existing at as_of that do not meet `criterion` then (1: planning, "by 2012")."""
        return await views.communes_lacking(runtime().pool, criterion, tf, district_code)

    @router.get("/communes/{code}/criteria")
    async def commune_criteria(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.commune_criteria(runtime().pool, code, tf)

    @router.get("/communes/{code}/history")
    async def commune_history(request: Request, code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """Each event with who recorded it: the account to the readers kernel auth.principal_shown
        names, the role and scope to everyone."""
        return await views.commune_history(runtime().pool, code, tf, request_actor(request))

    @router.get("/districts/{code}/matrix")
    async def district_matrix(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.district_matrix(runtime().pool, code, tf)

    @router.get("/districts/matrices")
    async def district_matrices(codes: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """Several districts' matrices at once (comma-separated codes, at most 20), each as
        /districts/{code}/matrix answers it."""
        return await series_views.district_matrices(runtime().pool, series_views.parse_codes(codes), tf)

    @router.get("/rates/series")
    async def rates_series(dates: str, known_at: KnownAt = None) -> dict[str, Any]:
        """P5 at several dates at once (comma-separated YYYY-MM-DD, at most 16), each as /rates
        answers it at that as_of, all at one known_at."""
        days = series_views.parse_dates(dates)
        return await series_views.rates_series(runtime().pool, days, resolve(runtime().clock, None, known_at).known_at)

    @router.get("/rates")
    async def rates(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.ntm_rates(runtime().pool, tf)

    @router.get("/targets/progress")
    async def targets_progress(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.targets_progress(runtime().pool, tf)

    @router.get("/targets")
    async def targets(unit_code: str | None = None, known_at: KnownAt = None) -> list[dict[str, Any]]:
        """Every year's target (P5) of each unit, the latest set by known_at."""
        return await views.list_targets(runtime().pool, unit_code, resolve(runtime().clock, None, known_at).known_at)

    add_reference_routes(router, runtime)  # criteria sets' thresholds, regions, content areas, plans
    app.include_router(router)
