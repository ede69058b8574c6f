"""The programme's rules every service reads the same way (U5, U6, U7), one function per rule; pure.

The registry's views and reporting's consolidated report both call these: a report must not flag
what the registry does not, nor the reverse. Each service chooses which facts are in force at
(as_of, known_at) and hands them over as the small values below; the rule decides.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ..model import DISTRICT_LEVEL, visible

PILOT_COMMUNES_PER_DISTRICT = 2  # U5: every district picks at least 2 pilot communes of its own
COMMUNES_PER_SUBORDINATE_UNIT = 2  # U6: each subordinate unit supports at least 2 communes
PLEDGED_COMMUNE_TYPES = ("rural_commune", "township")  # U6: xã or thị trấn (of the day asked)
PLAN_STATUSES = ("submitted_on_time", "submitted_late", "missing", "pending")  # U7


@dataclass(frozen=True)
class PilotOnDay:
    """A pilot in force at D, with its unit as it stands at D (level and parent of that day)."""

    level: str  # "province" (U4) or "district" (U5)
    unit_code: str
    designated_by: str
    unit_level: str
    parent_code: str | None


@dataclass(frozen=True)
class DistrictPilots:
    """U5: a district's own pilot communes at D, and the province's pilot communes in it."""

    district_code: str
    own: tuple[str, ...]
    province_pilot_communes: tuple[str, ...]  # U4 pilots in the district: shown, not counted

    @property
    def below_minimum(self) -> bool:
        return len(self.own) < PILOT_COMMUNES_PER_DISTRICT


def u5_districts_below_two_pilots(pilots: Iterable[PilotOnDay], district_codes: Iterable[str]) -> list[DistrictPilots]:
    """U5: per district existing at D (in the order given), its own pilot communes, flagged
    `below_minimum` under 2. Its own: designated by the district and under it at D. A province
    pilot does not count toward the district's 2."""
    pilots = list(pilots)
    return [DistrictPilots(
        code,
        tuple(p.unit_code for p in pilots if p.level == "district" and p.designated_by == code
              and p.parent_code == code),
        tuple(p.unit_code for p in pilots if p.level == "province" and p.unit_level == "commune"
              and p.parent_code == code),
    ) for code in district_codes]


@dataclass(frozen=True)
class SupporterOnDay:
    code: str
    kind: str


@dataclass(frozen=True)
class PledgeOnDay:
    """A pledge in force at D to a unit existing at D (its level and type of that day)."""

    supporter_code: str
    supported_level: str
    supported_type: str


@dataclass(frozen=True)
class PledgeFlags:
    departments_without_district: tuple[str, ...]
    subordinate_units_below_minimum: tuple[tuple[str, int], ...]  # (code, communes supported)


def u6_pledge_flags(supporters: Iterable[SupporterOnDay], pledges: Iterable[PledgeOnDay]) -> PledgeFlags:
    """U6: the departments that support no district, and the subordinate units supporting fewer
    than 2 communes (xã or thị trấn), with how many; in the supporters' order."""
    pledges = list(pledges)
    without, below = [], []
    for s in supporters:
        mine = [p for p in pledges if p.supporter_code == s.code]
        if s.kind == "department" and not any(p.supported_level == DISTRICT_LEVEL for p in mine):
            without.append(s.code)
        if s.kind == "subordinate_unit":
            communes = sum(1 for p in mine if p.supported_type in PLEDGED_COMMUNE_TYPES)
            if communes < COMMUNES_PER_SUBORDINATE_UNIT:
                below.append((s.code, communes))
    return PledgeFlags(tuple(without), tuple(below))


def u7_plan_status(due_date: date, submitted_on: date | None, as_of: date) -> str:
    """U7: what a plan's record says on `as_of`: on time, late, missing (overdue) or not yet due.
    A submission dated after D is not known on D."""
    if submitted_on is not None and submitted_on <= as_of:
        return "submitted_on_time" if submitted_on <= due_date else "submitted_late"
    return "missing" if as_of > due_date else "pending"


@dataclass(frozen=True)
class PlanDueFact:
    """U7: the plan `plan_code` of `owner_code` is due by `due_date` (a later one moves it)."""

    plan_code: str
    owner_code: str
    title: str
    due_date: date
    stream_version: int
    recorded_at: datetime


@dataclass(frozen=True)
class PlanSubmittedFact:
    """U7: the plan came on `submitted_on` as `document_number`."""

    plan_code: str
    owner_code: str
    submitted_on: date
    document_number: str
    stream_version: int
    recorded_at: datetime


@dataclass(frozen=True)
class Plan:
    """U7: a plan as its record stands at (D, K): `submitted_on` only when it came by D."""

    plan_code: str
    owner_code: str
    title: str
    due_date: date
    submitted_on: date | None
    document_number: str | None


def u7_plans_at(deadlines: Iterable[PlanDueFact], submissions: Iterable[PlanSubmittedFact], as_of: date,
                known_at: datetime | None) -> list[Plan]:
    """U7: every plan with a deadline known at K, by (due date, plan code): its latest deadline
    known then (highest stream version), its first submission known then, shown only when it came
    by D. A submission whose deadline is not known at K is not a plan yet (the registry only
    accepts one after its deadline). The registry's SQL (programme_views.plans) is proven to
    answer the same by its property test."""
    latest: dict[str, PlanDueFact] = {}
    for d in deadlines:
        if visible(d.recorded_at, known_at) and (d.plan_code not in latest
                                                 or d.stream_version > latest[d.plan_code].stream_version):
            latest[d.plan_code] = d
    came: dict[str, PlanSubmittedFact] = {}
    for s in submissions:
        if visible(s.recorded_at, known_at) and (s.plan_code not in came
                                                 or s.stream_version < came[s.plan_code].stream_version):
            came[s.plan_code] = s
    plans = []
    for code, due in latest.items():
        submitted = came.get(code)
        by_then = submitted is not None and submitted.submitted_on <= as_of
        plans.append(Plan(code, due.owner_code, due.title, due.due_date,
                          submitted.submitted_on if by_then else None, submitted.document_number if by_then else None))
    return sorted(plans, key=lambda p: (p.due_date, p.plan_code))
