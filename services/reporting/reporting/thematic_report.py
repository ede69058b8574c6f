"""R4: the thematic report at the end of a five-year plan (plan VII.5: "Báo cáo chuyên đề kết quả
thực hiện phong trào thi đua xây dựng nông thôn mới sau khi kết thúc kế hoạch 5 năm"), pure: the
plan's results at its end (province, districts ranked, clusters, the plan's targets), each
district's rate year by year with its change, and the R5 milestones of the plan's years.

The shared facts are read once at the report's as_of and evaluated at every earlier day
(FactsAt keeps every unit change and recognition up to as_of); only the end-2012 pilot evaluation
needs the criteria met on its day, read for it with the assessments of that day.
"""
from datetime import date
from typing import Any

from thidua_facts.domain.ntm_rate import rank_by_rate
from thidua_facts.domain.standings import cluster_of_district, cluster_standings
from thidua_facts.present import cluster_standing_json, rate_json, ranked_districts_json, target_json
from thidua_facts.read_model import FactsAt

from .domain.programme import ProgrammeAt
from .domain.trend import rate_trend, trend_days
from .domain.yearly import Window
from .thematic_milestones import Evidence, milestones

PLANS = {"2011-2015": (2011, 2015), "2016-2020": (2016, 2020)}  # R4: the two five-year plans
PILOT_EVALUATION_YEAR = 2012  # R5: end of 2012, first evaluation of the pilots


def evaluation_day(first: int, last: int, as_of: date) -> date | None:
    """R5: the end-2012 pilot evaluation's day when the plan has it and as_of has reached it."""
    day = date(PILOT_EVALUATION_YEAR, 12, 31)
    return day if first <= PILOT_EVALUATION_YEAR <= last and day <= as_of else None


def period_line(period: dict[str, Any]) -> dict[str, Any]:
    """A period's completeness in one line: its rates and who is late or missing."""
    return {k: period[k] for k in ("period_code", "kind", "year", "deadline", "province", "late_units",
                                   "missing_units")}


def thematic_report(plan: str, span: Window, end: FactsAt, pilots_2012: FactsAt | None, programme: ProgrammeAt,
                    province: str, periods: list[dict[str, Any]]) -> dict[str, Any]:
    """R4 of `plan` from the facts at span.as_of (`end`, without assessments), those at 31 Dec 2012
    with their assessments (first plan only), the programme facts at as_of and the completeness of
    the plan's periods at as_of (each with its `kind` and `year`)."""
    first, last = PLANS[plan]
    snapshot = end.snapshot(province)
    hierarchy = end.hierarchy()
    trend = rate_trend(end.snapshot(province, span.start),
                       [(year, end.snapshot(province, day)) for year, day in trend_days(first, last, span)])
    evidence = Evidence(province, span, end, pilots_2012, programme, trend, periods)
    return {
        "plan": plan,
        "first_year": first,
        "last_year": last,
        "as_of": span.as_of.isoformat(),
        "known_at": end.known_at.isoformat() if end.known_at else None,
        "start": span.start.isoformat(),
        "plan_over": span.over,
        "results": {
            "province": rate_json(snapshot.province),
            "districts": ranked_districts_json(rank_by_rate(snapshot.districts),
                                               cluster_of_district(end.clusters_in_force())),
            "clusters": [cluster_standing_json(s) for s in cluster_standings(end.clusters_in_force(), snapshot)],
            "targets": [target_json(t, hierarchy.name_of(t.target.unit_code)) for t in end.target_progress()
                        if first <= t.target.year <= last],
        },
        "trend": trend,
        "milestones": milestones(first, last, evidence),
        "periodic_reports": [period_line(p) for p in periods],
    }
