"""HTTP route of the trace (issue 9): GET /reports/{kind}/trace?figure=&as_of=&known_at=."""
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from thidua_facts.timeframe import resolve
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from . import trace_views
from .config import ReportingSettings


def add_trace_routes(router: APIRouter, runtime: Callable[[], Runtime], settings: ReportingSettings,
                     clock: Clock) -> None:
    @router.get("/reports/{kind}/trace")
    async def trace(kind: str, figure: Annotated[str, Query(min_length=1, max_length=500)],
                    as_of: date | None = None, known_at: datetime | None = None,
                    province_code: str | None = None) -> dict[str, Any]:
        """The figure's value in the report of `kind` at (as_of, known_at), and the events behind
        it (id, type, stream, version, day, recorded_at, actor, document), recorded by known_at."""
        return await trace_views.trace_figure(runtime().pool, kind, figure, province_code or settings.province_code,
                                              resolve(clock, as_of, known_at))
