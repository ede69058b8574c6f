"""R3 and R4 at (year or plan, known_at): the facts read for the report's days, the R1, R6 and R7
views of its years through their own functions, then the pure assembly (yearly_report,
thematic_report)."""
from datetime import date, datetime
from typing import Any

import asyncpg

from thidua_facts.timeframe import Timeframe

from . import inspection_views, period_totals, period_views
from .deps import Deps
from .award_queries import load_awards
from .domain.yearly import window
from .plan_awards import plan_awards
from .programme_queries import load_programme
from .thematic_report import PILOT_EVALUATION_YEAR, PLANS, thematic_report
from .yearly_report import yearly_summary


async def periods_of_years(deps: Deps, tf: Timeframe, first_year: int, last_year: int) -> list[dict[str, Any]]:
    """R1: every period of first_year..last_year known at K, by start: its completeness at tf.as_of
    and its reported figures added up then (province-wide and by kind)."""
    periods = sorted((p for p in await period_views.list_periods(deps, tf) if first_year <= p["year"] <= last_year),
                     key=lambda p: (p["starts_on"], p["code"]))
    found = []
    for p in periods:
        totals = await period_totals.period_totals(deps, p["code"], tf)
        found.append({**await period_views.period_completeness(deps, p["code"], tf), "kind": p["kind"],
                      "year": p["year"], "totals": {k: totals[k] for k in ("province", "by_kind")}})
    return found


async def yearly_summary_report(deps: Deps, pool: asyncpg.Pool, year: int, known_at: datetime) -> dict[str, Any]:
    """R3 of `year` as known at `known_at` (422 R3 before the year begins)."""
    span = window(year, year, known_at, "R3")
    tf = Timeframe(span.as_of, known_at)
    province = deps.province_code
    start = await deps.facts(span.start, known_at, province, assessments=True)
    end = await deps.facts(span.as_of, known_at, province, assessments=True)
    programme = await load_programme(pool, span.as_of, known_at)
    return yearly_summary(year, span, start, end, programme, province,
                          await periods_of_years(deps, tf, year, year),
                          await inspection_views.list_inspections(deps, tf, year, None),
                          await inspection_views.list_proposals(deps, tf, None, year))


async def thematic(deps: Deps, pool: asyncpg.Pool, plan: str, known_at: datetime) -> dict[str, Any]:
    """R4 of `plan` as known at `known_at` (422 R4 before the plan begins)."""
    first, last = PLANS[plan]
    span = window(first, last, known_at, "R4")
    province = deps.province_code
    end = await deps.facts(span.as_of, known_at, province, assessments=False)
    evaluation = date(PILOT_EVALUATION_YEAR, 12, 31)
    pilots_2012 = (await deps.facts(evaluation, known_at, province, assessments=True)
                   if first <= PILOT_EVALUATION_YEAR <= last and evaluation <= span.as_of else None)
    programme = await load_programme(pool, span.as_of, known_at)
    periods = await periods_of_years(deps, Timeframe(span.as_of, known_at), first, last)
    awards = plan_awards(await load_awards(pool, known_at), province, first, last, known_at)
    return {**thematic_report(plan, span, end, pilots_2012, programme, province, periods), "awards": awards}
