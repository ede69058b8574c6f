"""HTTP routes: the command table mounted by the kernel's helper, the rounds and nominations as
known at K, the rankings and shortlists, the emulation scores and the documents."""
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request

from thidua_facts.timeframe import Timeframe, resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.authentication import request_actor
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Year
from thidua_kernel.routes import add_command_routes
from thidua_kernel.runtime import Runtime

from . import bootstrap, round_views, score_views, views
from .command_table import COMMANDS
from .config import AwardsSettings
from .document_api import add_document_routes


# The one as_of whose default is not the shared one (issue 11's exemption, README): a round's
# checks run on the date of known_at, so a view asked at a known_at reads the same on any later day.
CheckDay = Annotated[date | None, Query(description="The day the round's checks are run again (default: the date of"
                                                    " known_at in Vietnam, UTC+7, not today: a view at a known_at"
                                                    " reads the same on any later day).")]


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], settings: AwardsSettings, clock: Clock,
               current_actor: Callable) -> None:
    router = APIRouter(tags=["awards"])
    deps = lambda: bootstrap.deps(runtime())  # noqa: E731
    add_command_routes(router, COMMANDS, deps, current_actor)

    def when(as_of: AsOf = None, known_at: KnownAt = None) -> Timeframe:
        """`known_at` (default now; without a zone: Vietnam time) and `as_of` (default: today in
        Vietnam for rankings; the date of known_at for a round's checks)."""
        return resolve(clock, as_of, known_at)

    def asked(as_of: CheckDay = None, known_at: KnownAt = None) -> tuple[Timeframe, date | None]:
        """A round's views: `as_of` is the day the checks are run again, when asked (default: the
        date of known_at in Vietnam, round_views.check_day)."""
        return resolve(clock, as_of, known_at), as_of

    def known(known_at: KnownAt = None) -> Timeframe:
        return resolve(clock, None, known_at)

    @router.get("/rankings/districts")
    async def district_ranking(tf: Timeframe = Depends(when), province_code: str | None = None) -> dict[str, Any]:
        """P5/A2/A5 in effect on `as_of` as known at `known_at`: province-wide and per cluster (U2),
        with the tie rule."""
        return await views.district_ranking(runtime().pool, province_code or settings.province_code, tf)

    @router.get("/shortlists/recognised-communes")
    async def recognised_communes(tf: Timeframe = Depends(when), province_code: str | None = None) -> dict[str, Any]:
        """P4: per district, its xã recognised on `as_of` (A3, A6 shortlists), as known at `known_at`."""
        return await views.recognised_communes(runtime().pool, province_code or settings.province_code, tf)

    @router.get("/rounds")
    async def rounds(tf: Timeframe = Depends(known)) -> list[dict[str, Any]]:
        return await round_views.list_rounds(deps(), tf)

    @router.get("/rounds/{round_code}")
    async def round_detail(round_code: str, tf: Timeframe = Depends(known)) -> dict[str, Any]:
        """The definition, the prizes set and the stream's version, as known at `known_at`."""
        return await round_views.round_detail(deps(), round_code, tf)

    @router.get("/rounds/{round_code}/nominations")
    async def nominations(request: Request, round_code: str, q: tuple = Depends(asked),
                          award_kind: str | None = None, status: str | None = None,
                          district: str | None = None) -> list[dict[str, Any]]:
        """Each nomination with its verdicts at submission, its decision, its checks run again as known
        at `known_at` (on `as_of`, default the date of known_at) and whether it is flagged."""
        return await round_views.nominations(deps(), round_code, *q, request_actor(request),
                                             award_kind, status, district)

    @router.get("/rounds/{round_code}/nominations/{award_kind}/{nominee_code}")
    async def nomination(request: Request, round_code: str, award_kind: str, nominee_code: str,
                         q: tuple = Depends(asked)) -> dict[str, Any]:
        return await round_views.one_nomination(deps(), round_code, award_kind, nominee_code, *q,
                                                request_actor(request))

    @router.get("/rounds/{round_code}/dashboard")
    async def dashboard(round_code: str, q: tuple = Depends(asked)) -> dict[str, Any]:
        """Per award kind the nominations by status against the quotas, and what is missing."""
        return await round_views.dashboard(deps(), round_code, *q)

    @router.get("/rounds/{round_code}/candidates")
    async def candidates(request: Request, round_code: str, award_kind: str,
                         q: tuple = Depends(asked)) -> list[dict[str, Any]]:
        """Every unit or participant of the kind's nominee kinds, with each check it passes or fails."""
        return await round_views.candidates(deps(), round_code, award_kind, *q, request_actor(request))

    @router.get("/emulation-scores")
    async def emulation_scores(year: Year, group_code: str | None = None,
                               tf: Timeframe = Depends(known)) -> dict[str, Any]:
        """A1: each cluster's or block's members ranked by their score of `year`, as known at `known_at`."""
        return await score_views.emulation_scores(deps(), year, group_code, tf)

    add_document_routes(router, deps, known)
    app.include_router(router)

