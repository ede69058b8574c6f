"""HTTP route of the trace (issue 9): GET /reports/{kind}/trace?figure=&as_of=&known_at=, with the
question each report takes (year for the yearly summary, plan for the thematic report)."""
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from thidua_facts.timeframe import resolve
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Year
from thidua_kernel.runtime import Runtime

from . import bootstrap, trace_views


def add_trace_routes(router: APIRouter, runtime: Callable[[], Runtime], clock: Clock) -> None:
    @router.get("/reports/{kind}/trace")
    async def trace(kind: str, figure: Annotated[str, Query(min_length=1, max_length=500)],
                    as_of: date | None = None, known_at: datetime | None = None, year: Year | None = None,
                    plan: Annotated[str | None, Query(max_length=20)] = None,
                    province_code: Annotated[str | None, Query(max_length=20)] = None) -> dict[str, Any]:
        """The figure's value in the report of `kind` asked as its own endpoint is (consolidated:
        as_of, known_at; yearly-summary: year, known_at; thematic: plan, known_at), and the events
        behind it (id, type, stream, version, day, recorded_at, actor, document) recorded by known_at."""
        question = trace_views.TraceQuestion(resolve(clock, as_of, known_at), year, plan, province_code)
        return await trace_views.trace_figure(runtime().pool, bootstrap.deps(runtime()), kind, figure, question)
