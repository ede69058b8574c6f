"""Which programme facts the report counts (U4-U7, R1); pure.

The rules themselves (U5 pilots per district, U6 pledge flags, U7 plan status) are decided once,
in thidua_facts.domain.programme, which the registry's views call too: a report must not flag
what the registry does not, nor the reverse. Here: which facts belong to the province, as the
values those rules take. Units are those of the date asked, as known at K (thidua_facts
Hierarchy, U8).
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.domain.programme import PilotOnDay, PledgeOnDay, SupporterOnDay, u7_plan_status
from thidua_facts.model import UnitState

from .programme import ParticipantFact, PilotFact, Plan, PledgeFact

UNPLACED = ""  # a participant whose parents lead to no unit


def province_of(code: str, hierarchy: Hierarchy, participants: Mapping[str, ParticipantFact]) -> str | None:
    """The province a unit or participant belongs to, following parents (a subordinate unit → its
    department → the province); UNPLACED when a participant's parents lead to no unit; None for a
    code known neither as a unit nor as a participant."""
    current: str | None = code
    seen: set[str] = set()
    while current is not None and current not in seen:
        seen.add(current)
        state = hierarchy.state(current)
        if state is not None:
            if state.level == "province":
                return state.code
            current = state.parent_code
            continue
        participant = participants.get(current)
        if participant is None:
            return None
        if participant.parent_code is None:
            return UNPLACED
        current = participant.parent_code
    return None


def in_province(code: str, province: str, hierarchy: Hierarchy, participants: Mapping[str, ParticipantFact]) -> bool:
    """Reading: a participant placed under no unit (an enterprise, a person) belongs to every
    province's report: the registry serves one province and says no more about it."""
    return province_of(code, hierarchy, participants) in (province, UNPLACED)


@dataclass(frozen=True)
class PilotUnit:
    pilot: PilotFact
    unit: UnitState  # as it stands at D


def pilots_of_province(pilots: Iterable[PilotFact], hierarchy: Hierarchy, province: str) -> list[PilotUnit]:
    """U4/U5: the pilots in force at D whose unit exists at D, in the province. A pilot merged away
    (Tô Hiệu from 2020) is no longer a pilot then, as in the registry's view."""
    found = []
    for pilot in pilots:
        unit = hierarchy.existing(pilot.unit_code)
        if unit is not None and in_province(unit.code, province, hierarchy, {}):
            found.append(PilotUnit(pilot, unit))
    return found


def pilot_on_day(p: PilotUnit) -> PilotOnDay:
    """The pilot as the U5 rule takes it."""
    return PilotOnDay(p.pilot.level, p.unit.code, p.pilot.designated_by, p.unit.level, p.unit.parent_code)


@dataclass(frozen=True)
class PledgeInForce:
    pledge: PledgeFact
    supporter: ParticipantFact
    supported: UnitState  # as it stands at D


def pledges_of_province(pledges: Iterable[PledgeFact], participants: Mapping[str, ParticipantFact],
                        hierarchy: Hierarchy, province: str) -> list[PledgeInForce]:
    """U6: the pledges in force at D by a known supporter to a unit existing at D in the province."""
    found = []
    for pledge in pledges:
        supporter = participants.get(pledge.supporter_code)
        supported = hierarchy.existing(pledge.supported_code)
        if supporter is None or supported is None or not in_province(supported.code, province, hierarchy, {}):
            continue
        found.append(PledgeInForce(pledge, supporter, supported))
    return found


def pledge_on_day(p: PledgeInForce) -> PledgeOnDay:
    """The pledge as the U6 rule takes it."""
    return PledgeOnDay(p.supporter.code, p.supported.level, p.supported.unit_type)


def supporter_on_day(s: ParticipantFact) -> SupporterOnDay:
    return SupporterOnDay(s.code, s.kind)


def days_late(plan: Plan, as_of: date) -> int | None:
    """U7: days past the deadline the plan came, or (missing) has been overdue at D; None if not late."""
    status = u7_plan_status(plan.due_date, plan.submitted_on, as_of)
    if status == "submitted_late" and plan.submitted_on is not None:
        return (plan.submitted_on - plan.due_date).days
    return (as_of - plan.due_date).days if status == "missing" else None


def r1_late_or_missing(plans: Iterable[Plan], as_of: date) -> list[Plan]:
    """R1/U7: who is late and who is missing at D, by deadline then plan code."""
    return [p for p in plans if u7_plan_status(p.due_date, p.submitted_on, as_of) in ("submitted_late", "missing")]
