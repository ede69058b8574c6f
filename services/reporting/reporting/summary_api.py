"""HTTP routes of R3 (the yearly summary's section on the movement) and R4 (the five-year thematic
reports with the R5 milestones): each a pure function of (year or plan, known_at)."""
from collections.abc import Callable
from typing import Any, Literal

import asyncpg
from fastapi import APIRouter

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import KnownAt
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Year

from . import summary_views
from .deps import Deps


def add_summary_routes(router: APIRouter, deps: Callable[[], Deps], pool: Callable[[], asyncpg.Pool],
                       clock: Clock) -> None:
    @router.get("/reports/yearly-summary")
    async def yearly_summary(year: Year, known_at: KnownAt = None) -> dict[str, Any]:
        """R3: `year` as known at `known_at` (default now; without a zone: Vietnam time); as_of is 31
        Dec of the year, or the day of known_at in Vietnam while the year is not over."""
        return await summary_views.yearly_summary_report(deps(), pool(), year, resolve(clock, None, known_at).known_at)

    @router.get("/reports/thematic")
    async def thematic(plan: Literal["2011-2015", "2016-2020"], known_at: KnownAt = None) -> dict[str, Any]:
        """R4: the plan's results at its end, each district's rate year by year, the R5 milestones."""
        return await summary_views.thematic(deps(), pool(), plan, resolve(clock, None, known_at).known_at)
