"""HTTP routes: the command table mounted by the kernel's helper, R1's periods and submissions, the
consolidated report (R2) as JSON and as a plain-text table, inspections (R6) and proposals (R7)."""
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import PlainTextResponse

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.clock import Clock
from thidua_kernel.routes import add_command_routes
from thidua_kernel.runtime import Runtime

from . import bootstrap, text_report, views
from .audit_api import add_audit_routes
from .command_table import COMMANDS
from .config import ReportingSettings
from .export_api import add_export_routes
from .statistics_api import add_statistics_routes
from .inspection_api import add_inspection_routes
from .period_api import add_period_routes
from .summary_api import add_summary_routes
from .trace_api import add_trace_routes


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], settings: ReportingSettings, clock: Clock,
               current_actor: Callable) -> None:
    router = APIRouter(tags=["reporting"])
    deps = lambda: bootstrap.deps(runtime())  # noqa: E731
    add_command_routes(router, COMMANDS, deps, current_actor)
    add_period_routes(router, deps, clock)
    add_inspection_routes(router, deps, clock)
    add_summary_routes(router, deps, lambda: runtime().pool, clock)
    add_trace_routes(router, runtime, clock)
    add_audit_routes(router, runtime, clock)

    async def report(as_of: date | None, known_at: datetime | None, province_code: str | None) -> dict[str, Any]:
        return await views.consolidated_report(runtime().pool, province_code or settings.province_code,
                                               resolve(clock, as_of, known_at), deps())

    @router.get("/reports/consolidated")
    async def consolidated(as_of: AsOf = None, known_at: KnownAt = None,
                           province_code: str | None = None) -> dict[str, Any]:
        """R2 in effect on `as_of` (default: today in Vietnam) as known at `known_at` (default: now;
        without a zone: Vietnam time): a report issued then is reproduced exactly."""
        return await report(as_of, known_at, province_code)

    @router.get("/reports/consolidated.txt", response_class=PlainTextResponse)
    async def consolidated_text(as_of: AsOf = None, known_at: KnownAt = None,
                                province_code: str | None = None) -> PlainTextResponse:
        return PlainTextResponse(text_report.render(await report(as_of, known_at, province_code)))

    add_statistics_routes(router, deps, clock)
    add_export_routes(router, deps, clock)
    app.include_router(router)
