"""The programme's rules as the report reads them (U4-U7, R1), one function per rule; pure.

The readings are the registry's (services/registry/registry/programme_views.py and
domain/programme.py): a report must not flag what the registry does not, nor the reverse.
Units are those of the date asked, as known at K (thidua_facts Hierarchy, U8).
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.model import DISTRICT_LEVEL, UnitState

from .programme import ParticipantFact, PilotFact, Plan, PledgeFact

PILOT_COMMUNES_PER_DISTRICT = 2  # U5: every district picks at least 2 pilot communes of its own
COMMUNES_PER_SUBORDINATE_UNIT = 2  # U6: each subordinate unit supports at least 2 communes
PLEDGED_COMMUNE_TYPES = ("rural_commune", "township")  # U6: xã or thị trấn (of D)
PLAN_STATUSES = ("submitted_on_time", "submitted_late", "missing", "pending")  # U7
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


@dataclass(frozen=True)
class DistrictPilots:
    district: UnitState
    own: tuple[PilotUnit, ...]  # U5: the xã it designated that are its own at D
    province_pilot_communes: tuple[PilotUnit, ...]  # U4 pilots in the district: shown, not counted

    @property
    def below_minimum(self) -> bool:
        return len(self.own) < PILOT_COMMUNES_PER_DISTRICT


def u5_district_pilots(pilots: Sequence[PilotUnit], districts: Iterable[UnitState]) -> list[DistrictPilots]:
    """U5: per district existing at D, its own pilot communes (designated by it, its own by the
    parent of D); fewer than 2 is flagged. A province pilot does not count toward the district's 2."""
    return [DistrictPilots(
        d,
        tuple(p for p in pilots if p.pilot.level == "district" and p.pilot.designated_by == d.code
              and p.unit.parent_code == d.code),
        tuple(p for p in pilots if p.pilot.level == "province" and p.unit.level == "commune"
              and p.unit.parent_code == d.code),
    ) for d in districts]


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


def u6_departments_without_district(supporters: Iterable[ParticipantFact],
                                    pledges: Sequence[PledgeInForce]) -> list[ParticipantFact]:
    """U6: the departments in force at D that support no district (existing at D)."""
    return [s for s in supporters if s.kind == "department" and not any(
        p.supporter.code == s.code and p.supported.level == DISTRICT_LEVEL for p in pledges)]


def u6_subordinate_units_below_minimum(supporters: Iterable[ParticipantFact],
                                       pledges: Sequence[PledgeInForce]) -> list[tuple[ParticipantFact, int]]:
    """U6: the subordinate units in force at D supporting fewer than 2 communes (xã or thị trấn of
    D), with how many they support."""
    below = []
    for s in supporters:
        if s.kind != "subordinate_unit":
            continue
        communes = sum(1 for p in pledges
                       if p.supporter.code == s.code and p.supported.unit_type in PLEDGED_COMMUNE_TYPES)
        if communes < COMMUNES_PER_SUBORDINATE_UNIT:
            below.append((s, communes))
    return below


def u7_plan_status(due_date: date, submitted_on: date | None, as_of: date) -> str:
    """U7: what a plan's record says on `as_of`: on time, late, missing (overdue) or not yet due."""
    if submitted_on is not None and submitted_on <= as_of:
        return "submitted_on_time" if submitted_on <= due_date else "submitted_late"
    return "missing" if as_of > due_date else "pending"


def days_late(plan: Plan, as_of: date) -> int | None:
    """U7: days past the deadline the plan came, or (missing) has been overdue at D; None if not late."""
    status = u7_plan_status(plan.due_date, plan.submitted_on, as_of)
    if status == "submitted_late" and plan.submitted_on is not None:
        return (plan.submitted_on - plan.due_date).days
    return (as_of - plan.due_date).days if status == "missing" else None


def r1_late_or_missing(plans: Iterable[Plan], as_of: date) -> list[Plan]:
    """R1/U7: who is late and who is missing at D, by deadline then plan code."""
    return [p for p in plans if u7_plan_status(p.due_date, p.submitted_on, as_of) in ("submitted_late", "missing")]
