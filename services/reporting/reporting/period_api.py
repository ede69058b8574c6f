"""HTTP routes of R1's views: the periods, one period, a submission at a revision, completeness."""
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from thidua_facts.timeframe import Timeframe, resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.authentication import request_actor
from thidua_kernel.clock import Clock

from . import period_totals, period_views
from .deps import Deps


def add_period_routes(router: APIRouter, deps: Callable[[], Deps], clock: Clock) -> None:
    def when(as_of: AsOf = None, known_at: KnownAt = None) -> Timeframe:
        """`as_of` (default: today in Vietnam), `known_at` (default now; without a zone: Vietnam time)."""
        return resolve(clock, as_of, known_at)

    @router.get("/periods")
    async def periods(tf: Timeframe = Depends(when)) -> list[dict[str, Any]]:
        return await period_views.list_periods(deps(), tf)

    @router.get("/periods/{code}")
    async def period(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """The period as opened, with each owing unit's current revision and status."""
        return await period_views.period_detail(deps(), code, tf)

    @router.get("/periods/{code}/submissions/{unit}")
    async def submission(request: Request, code: str, unit: str,
                         revision: Annotated[int | None, Query(ge=1, le=10_000)] = None,
                         tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """One revision (default: the latest) with its figures, warnings and the stream's history
        (each step's recorder: the account to the board, the records officer and the district
        concerned, the role and scope to everyone)."""
        return await period_views.submission(deps(), code, unit, revision, tf, request_actor(request))

    @router.get("/periods/{code}/completeness")
    async def period_completeness(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """Submitted / owed and on time / owed at `as_of`, per unit, per kind and province-wide."""
        return await period_views.period_completeness(deps(), code, tf)

    @router.get("/periods/{code}/totals")
    async def totals(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """The figures of the reports standing at `as_of` (approved, else under review) added up,
        per kind and province-wide, with each unit's counted revision."""
        return await period_totals.period_totals(deps(), code, tf)
