"""HTTP routes of the trace (issue 9): GET /reports/{kind}/trace?figure=&as_of=&known_at= (one figure) and
GET /reports/{kind}/traces (every figure at once), with the
question each report takes (year for the yearly summary, plan for the thematic report)."""
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.auth import actor_as_shown
from thidua_kernel.authentication import request_actor
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Year
from thidua_kernel.runtime import Runtime

from . import bootstrap, trace_views


# GET /reports/{kind}/traces's answer, abridged, for the OpenAPI document.
EXAMPLE = {
    "kind": "consolidated", "as_of": "2015-12-31", "known_at": "2016-01-05T02:00:00.000000Z",
    "figures": {"districts/180/recognised": {
        "value": 1, "family": "districts/*/communes|recognised|rate", "reading": "P5: the district's changes, ...",
        "constant": False, "events": ["0a1b…", "5c6d…"]},
        "pilots/minimum_per_district": {"value": 2, "family": "pilots/minimum_per_district",
                                        "reading": "U5: 2 pilot communes per district, a figure of the plan",
                                        "constant": True, "events": []}},
    "events": {"5c6d…": {"event_id": "5c6d…", "type": "CommuneRecognised",
                        "aggregate": {"type": "commune_progress", "id": "06034"}, "version": 21,
                        "day": "2014-12-15", "recorded_at": "2016-01-04T08:00:00.000000Z",
                        "actor": {"principal_id": None, "role": "province_board", "scope": "20",
                                  "principal_withheld": True},
                        "document_number": "1/QĐ-UBND", "reason": None, "correlation_id": "…"}},
    "untraced": [], "not_indexed": [],
}


def _as_shown(answer: dict[str, Any], request: Request) -> dict[str, Any]:
    """Each event's recording account as the reader may see it (kernel auth.principal_shown, the
    audit trail's reading): the role and scope always, the principal to the board, the records
    officer and a district officer for its own district's actors."""
    reader = request_actor(request)
    events = answer["events"]
    for event in (events.values() if isinstance(events, dict) else events):
        event["actor"] = actor_as_shown(event["actor"], reader)
    return answer


def add_trace_routes(router: APIRouter, runtime: Callable[[], Runtime], clock: Clock) -> None:
    @router.get("/reports/{kind}/trace")
    async def trace(request: Request, kind: str, figure: Annotated[str, Query(min_length=1, max_length=500)],
                    as_of: AsOf = None, known_at: KnownAt = None, year: Year | None = None,
                    plan: Annotated[str | None, Query(max_length=20)] = None,
                    province_code: Annotated[str | None, Query(max_length=20)] = None) -> dict[str, Any]:
        """The figure's value in the report of `kind` asked as its own endpoint is (consolidated:
        as_of, known_at; yearly-summary: year, known_at; thematic: plan, known_at), and the events
        behind it (id, type, stream, version, day, recorded_at, actor, document) recorded by known_at."""
        question = trace_views.TraceQuestion(resolve(clock, as_of, known_at), year, plan, province_code)
        return _as_shown(await trace_views.trace_figure(runtime().pool, bootstrap.deps(runtime()), kind, figure,
                                                        question), request)

    @router.get("/reports/{kind}/traces", summary="Every figure of a report with the events behind it",
                responses={200: {"description": "figure id → value, family, reading, constant, event ids; each"
                                 " event once under `events`", "content": {"application/json": {"example": EXAMPLE}}}})
    async def traces(request: Request, kind: str, as_of: AsOf = None, known_at: KnownAt = None,
                     year: Year | None = None,
                     plan: Annotated[str | None, Query(max_length=20)] = None,
                     province_code: Annotated[str | None, Query(max_length=20)] = None) -> dict[str, Any]:
        """Every figure of the report of `kind`, asked as its own endpoint is (consolidated: as_of,
        known_at; yearly-summary: year, known_at; thematic: plan, known_at), traced in one computation:
        `figures` {figure id: {value, family, reading, constant, events [event ids]}}, `events` {event
        id: {type, aggregate, version, day, recorded_at, actor, document_number, reason,
        correlation_id}} recorded by known_at, `untraced` (figures whose family has no rule: none
        today), `not_indexed` (events the facts name that the index has not seen yet)."""
        question = trace_views.TraceQuestion(resolve(clock, as_of, known_at), year, plan, province_code)
        return _as_shown(await trace_views.trace_every_figure(runtime().pool, bootstrap.deps(runtime()), kind,
                                                              question), request)

