"""GET routes over reference_views (P2, P6); no token needed, like every progress query.

`as_of` and `known_at` mean what they mean on every other progress query (thidua_facts'
`resolve`: defaults today in Vietnam and now; a `known_at` without a zone is Vietnam time).
"""
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.limits import Year
from thidua_kernel.runtime import Runtime

from . import reference_views


def add_reference_routes(router: APIRouter, runtime: Callable[[], Runtime]) -> None:
    @router.get("/criteria-sets/{set_id}")
    async def criteria_set(set_id: str, region: str | None = None, year: Year | None = None,
                           known_at: KnownAt = None) -> dict[str, Any]:
        """The set's criteria, indicators and thresholds; `region` and `year` keep those that judge them."""
        tf = resolve(runtime().clock, None, known_at)
        return await reference_views.criteria_set(runtime().pool, set_id, region, year, tf.known_at)

    @router.get("/regions")
    async def regions(as_of: AsOf = None, known_at: KnownAt = None) -> dict[str, Any]:
        tf = resolve(runtime().clock, as_of, known_at)
        return await reference_views.regions(runtime().pool, tf.as_of, tf.known_at)

    @router.get("/content-areas")
    async def content_areas() -> dict[str, Any]:
        return reference_views.content_areas()

    @router.get("/communes/{code}/plans")
    async def commune_plans(code: str, known_at: KnownAt = None) -> dict[str, Any]:
        tf = resolve(runtime().clock, None, known_at)
        return await reference_views.commune_plans(runtime().pool, code, tf.known_at)
