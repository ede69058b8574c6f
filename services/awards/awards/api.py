"""HTTP routes: the district ranking by NTM rate with the A2/A5 candidates (read-only for now)."""
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, FastAPI

from thidua_facts.timeframe import resolve
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from . import views
from .config import AwardsSettings


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], settings: AwardsSettings, clock: Clock) -> None:
    router = APIRouter(tags=["awards"])

    @router.get("/rankings/districts")
    async def district_ranking(as_of: date | None = None, known_at: datetime | None = None,
                               province_code: str | None = None) -> dict[str, Any]:
        """P5/A2/A5 in effect on `as_of` (default: today in Vietnam) as known at `known_at`
        (default: now; without a zone: Vietnam time)."""
        return await views.district_ranking(runtime().pool, province_code or settings.province_code,
                                            resolve(clock, as_of, known_at))

    app.include_router(router)
