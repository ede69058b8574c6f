"""HTTP route of the audit trail (issue 11): GET /audit/{kind}/{subject id}?as_of=&known_at=&after=&limit=."""
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.authentication import request_actor
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from . import audit_views

MAX_PAGE = 500


def add_audit_routes(router: APIRouter, runtime: Callable[[], Runtime], clock: Clock) -> None:
    @router.get("/audit/{kind}/{subject_id:path}")
    async def audit(request: Request, kind: str, subject_id: str, as_of: AsOf = None,
                    known_at: KnownAt = None, after: Annotated[str | None, Query(max_length=200)] = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> dict[str, Any]:
        """Every event about the subject (kind `unit`: a unit code; `participant`: a participant's
        code (U3, the units' code space); `criterion`: `<xã code>/<n>`;
        `nomination`: `<round>/<award kind>/<nominee code>`; `report`: an issued report's number, a
        period or `<period>/<unit>`) recorded by known_at and dated by as_of, in recording order: who,
        when, why, the decision, and its correlation chain across the services. `limit` a page,
        `after` the previous page's `next` (with the same known_at)."""
        return await audit_views.audit_trail(runtime().pool, kind, subject_id, resolve(clock, as_of, known_at),
                                             request_actor(request), after, limit)
