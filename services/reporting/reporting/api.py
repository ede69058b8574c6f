"""HTTP routes: the consolidated report (R2) as JSON and as a plain-text table."""
from collections.abc import Callable
from datetime import date, timedelta, timezone
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import PlainTextResponse

from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from . import text_report, views
from .config import ReportingSettings

# Vietnam keeps UTC+7 all year: "today" is the province's date, not the server's.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def local_today(clock: Clock) -> date:
    return clock.now().astimezone(VIETNAM).date()


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], settings: ReportingSettings, clock: Clock) -> None:
    router = APIRouter(tags=["reporting"])

    async def report(as_of: date | None, province_code: str | None) -> dict[str, Any]:
        day = as_of or local_today(clock)
        return await views.consolidated_report(runtime().pool, province_code or settings.province_code, day)

    @router.get("/reports/consolidated")
    async def consolidated(as_of: date | None = None, province_code: str | None = None) -> dict[str, Any]:
        """R2 as of a date (default: today in Vietnam), from this service's own projections."""
        return await report(as_of, province_code)

    @router.get("/reports/consolidated.txt", response_class=PlainTextResponse)
    async def consolidated_text(as_of: date | None = None, province_code: str | None = None) -> PlainTextResponse:
        return PlainTextResponse(text_report.render(await report(as_of, province_code)))

    app.include_router(router)
