"""HTTP views of R6 and R7: inspections (overdue follow-up actions flagged at `as_of`) and proposals,
as known at `known_at` (defaults: today in Vietnam, now)."""
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends

from thidua_facts.timeframe import Timeframe, resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Code, Year

from . import inspection_views
from .deps import Deps


def add_inspection_routes(router: APIRouter, deps: Callable[[], Deps], clock: Clock) -> None:
    def when(as_of: AsOf = None, known_at: KnownAt = None) -> Timeframe:
        return resolve(clock, as_of, known_at)

    @router.get("/inspections")
    async def inspections(year: Year | None = None, unit: Code | None = None,
                          tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """R6: the visits known at `known_at` (of `year`, to `unit`), each action's status at `as_of`
        (done, done_late, open, overdue), and every overdue action listed."""
        return await inspection_views.list_inspections(deps(), tf, year, unit)

    @router.get("/inspections/{code}")
    async def inspection(code: Code, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await inspection_views.one_inspection(deps(), code, tf)

    @router.get("/proposals")
    async def proposals(status: Literal["open", "answered", "accepted", "rejected"] | None = None,
                        tf: Timeframe = Depends(when)) -> dict[str, Any]:
        """R7: the proposals known at `known_at`, with their status at `as_of` (answered = any answer)."""
        return await inspection_views.list_proposals(deps(), tf, status)

    @router.get("/proposals/{code}")
    async def proposal(code: Code, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await inspection_views.one_proposal(deps(), code, tf)
