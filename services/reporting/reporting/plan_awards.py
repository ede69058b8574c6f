"""R4: the awards of a five-year plan's summary round(s) (plan V: "khen thưởng tổng kết giai đoạn"),
pure, from the awards section R2 builds.

Reading chosen: a plan's summary round judges the plan after it ends (2011–2015: nominations in
early 2016), so the thematic report shows its rounds — those whose period lies within the plan's
years — as they stand on the day known_at falls on in Vietnam, not at the plan's last day (when
no nomination existed yet). The report stays a pure function of (plan, known_at)."""
from datetime import datetime
from typing import Any

from thidua_facts.timeframe import VIETNAM

from .award_report import awards_section
from .domain.awards import STATUSES, AwardFactsKnown


def plan_awards(known: AwardFactsKnown, province_code: str, first_year: int, last_year: int,
                known_at: datetime) -> dict[str, Any]:
    today = known_at.astimezone(VIETNAM).date()
    section = awards_section(known, province_code, today, known_at)
    rounds = [r for r in section["rounds"] if first_year <= r["period_from"] and r["period_to"] <= last_year]
    return {"as_of": today.isoformat(), "rounds": rounds,
            "counts": {s: sum(r["counts"][s] for r in rounds) for s in STATUSES}}
