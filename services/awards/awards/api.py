"""HTTP routes: the district ranking by NTM rate with the A2/A5 candidates (read-only for now)."""
from collections.abc import Callable
from datetime import date, timedelta, timezone
from typing import Any

from fastapi import APIRouter, FastAPI

from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from . import views
from .config import AwardsSettings

# Vietnam keeps UTC+7 all year: "today" is the province's date, not the server's.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def local_today(clock: Clock) -> date:
    return clock.now().astimezone(VIETNAM).date()


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], settings: AwardsSettings, clock: Clock) -> None:
    router = APIRouter(tags=["awards"])

    @router.get("/rankings/districts")
    async def district_ranking(as_of: date | None = None, province_code: str | None = None) -> dict[str, Any]:
        """P5/A2/A5 as of a date (default: today in Vietnam), from this service's own projections."""
        day = as_of or local_today(clock)
        return await views.district_ranking(runtime().pool, province_code or settings.province_code, day)

    app.include_router(router)
