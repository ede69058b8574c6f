"""R3 and R4 at (year or plan, known_at): the facts read for the report's days, the R1, R6 and R7
views of its years through their own functions, then the pure assembly (yearly_report,
thematic_report)."""
from datetime import datetime
from typing import Any

import asyncpg

from thidua_facts.timeframe import VIETNAM, Timeframe

from . import inspection_views, period_totals
from .deps import Deps
from .award_queries import load_awards
from .domain.totals import reported_totals
from .domain.yearly import window
from .plan_awards import plan_awards
from .records_loading import load_period_records
from .records_report import periodic_reporting_section
from .programme_queries import load_programme
from .thematic_report import PLANS, evaluation_day, thematic_report
from .yearly_report import yearly_summary


async def periods_of_years(deps: Deps, known_at: datetime, first_year: int, last_year: int) -> list[dict[str, Any]]:
    """R1: every period of first_year..last_year known at K, in R2's shape (late and missing units
    named), with its reported figures added up (province-wide and by kind).

    Reading: the periods are judged on the day known_at falls on in Vietnam, not at the report's
    as_of: a year's reports fall due after it ends (2015's on 15 Jan 2016), so on 31 Dec every unit
    would show as missing though none was late yet. As pure a function of known_at as the rest."""
    today = known_at.astimezone(VIETNAM).date()
    records = [p for p in await load_period_records(deps, today, known_at)
               if first_year <= p.period.year <= last_year]
    by_code = {p.period.code: p for p in records}  # who owes and their kinds loaded once, with the periods
    found = []
    for period in periodic_reporting_section(records, today)["periods"]:
        record = by_code[period["period_code"]]
        totals = reported_totals(await period_totals.submissions_at(deps, record.period, Timeframe(today, known_at)),
                                 record.kinds)
        found.append({**period, "as_of": today.isoformat(), "totals": {k: totals[k] for k in ("province", "by_kind")}})
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
                          await periods_of_years(deps, known_at, year, year),
                          await inspection_views.list_inspections(deps, tf, year, None),
                          await inspection_views.list_proposals(deps, tf, None, year))


async def thematic(deps: Deps, pool: asyncpg.Pool, plan: str, known_at: datetime) -> dict[str, Any]:
    """R4 of `plan` as known at `known_at` (422 R4 before the plan begins)."""
    first, last = PLANS[plan]
    span = window(first, last, known_at, "R4")
    province = deps.province_code
    end = await deps.facts(span.as_of, known_at, province, assessments=False)
    evaluation = evaluation_day(first, last, span.as_of)
    pilots_2012 = None if evaluation is None else await deps.facts(evaluation, known_at, province, assessments=True)
    programme = await load_programme(pool, span.as_of, known_at)
    periods = await periods_of_years(deps, known_at, first, last)
    awards = plan_awards(await load_awards(pool, known_at), province, first, last, known_at)
    return {**thematic_report(plan, span, end, pilots_2012, programme, province, periods), "awards": awards}
