"""The trace rules of the programme sections of the consolidated report: pilots (U4, U5, R5),
pledges (U6), plans (U7, R1), movement registrations (A4), and the constants of the plan. Pure.

Streams (registry): "pilot"/<level>:<unit>, "participant"/<code>, "pledge"/<supporter>:<supported>,
"plan"/<plan code> (PlanDue, PlanSubmitted), "movement"/<unit>. Each fact is the one the report
reads (domain/programme.py): the first known at K and in force at D; a plan's latest deadline and
its first submission known at K, the submission only when dated on or before D.
"""
from thidua_facts.model import visible

from .programme import first_known
from .trace import Family, Located, StreamRef, TraceSources, constant
from .trace_refs import commune_standing_refs, rate_refs, unit_refs

PILOT, PARTICIPANT, PLEDGE, PLAN, MOVEMENT = "pilot", "participant", "pledge", "plan", "movement"
STANDING = "criteria_met|recognised"


def pilot_refs(s: TraceSources, level: str, code: str) -> list[StreamRef]:
    return [StreamRef(PILOT, f"{p.level}:{p.unit_code}", p.stream_version) for p in s.programme.pilots_in_force()
            if (p.level, p.unit_code) == (level, code)]


def participant_refs(s: TraceSources, code: str) -> list[StreamRef]:
    p = s.programme.participants_known().get(code)
    return [] if p is None else [StreamRef(PARTICIPANT, p.code, p.stream_version)]


def pledge_refs(s: TraceSources, supporter: str, supported: str | None = None) -> list[StreamRef]:
    return [StreamRef(PLEDGE, f"{p.supporter_code}:{p.supported_code}", p.stream_version)
            for p in s.programme.pledges_in_force()
            if p.supporter_code == supporter and supported in (None, p.supported_code)]


def plan_refs(s: TraceSources, plan_code: str) -> list[StreamRef]:
    """U7: the deadline in force (latest PlanDue known at K) and the submission counted, if any."""
    p, k = s.programme, s.programme.known_at
    due = [d for d in p.plan_deadlines if d.plan_code == plan_code and visible(d.recorded_at, k)]
    came = first_known((x for x in p.plan_submissions if x.plan_code == plan_code), lambda x: x.plan_code, k)
    refs = [StreamRef(PLAN, plan_code, max(d.stream_version for d in due))] if due else []
    return refs + [StreamRef(PLAN, plan_code, x.stream_version) for x in came.values() if x.submitted_on <= p.as_of]


def movement_refs(s: TraceSources, unit_code: str) -> list[StreamRef]:
    return [StreamRef(MOVEMENT, r.unit_code, r.stream_version) for r in s.programme.registrations_in_force()
            if r.unit_code == unit_code]


def _code(at: Located, depth: int = -1) -> str:
    return at.items[depth]["code"]


def _province_pilot(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "province", _code(at)), *unit_refs(s.facts, [_code(at)])]


def _province_pilot_rate(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "province", _code(at)), *rate_refs(s.facts, _code(at))]


def _province_pilot_standing(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "province", _code(at)), *commune_standing_refs(s.facts, _code(at))]


def _district(s: TraceSources, at: Located) -> list[StreamRef]:
    return unit_refs(s.facts, [_code(at, 0)])


def _district_pilot(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "district", _code(at)), *unit_refs(s.facts, [_code(at)])]


def _district_pilot_standing(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "district", _code(at)), *commune_standing_refs(s.facts, _code(at))]


def _own_pilots(s: TraceSources, district: str) -> list[StreamRef]:
    rows = [d for d in s.report["pilots"]["districts"] if d["code"] == district]
    codes = [p["code"] for d in rows for p in d["pilot_communes"]]
    return [*unit_refs(s.facts, [district, *codes]), *(r for c in codes for r in pilot_refs(s, "district", c))]


def _district_count(s: TraceSources, at: Located) -> list[StreamRef]:
    return _own_pilots(s, _code(at, 0))


def _below_minimum(s: TraceSources, at: Located) -> list[StreamRef]:
    return _own_pilots(s, at.value)


def _province_pilot_in_district(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*pilot_refs(s, "province", at.value), *unit_refs(s.facts, [at.value])]


def pledge_row(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[-1]
    return [*pledge_refs(s, row["supporter_code"], row["supported_code"]), *participant_refs(s, row["supporter_code"]),
            *unit_refs(s.facts, [row["supported_code"]])]


def _supporter(s: TraceSources, at: Located) -> list[StreamRef]:
    code = _code(at)
    pledged = [p.supported_code for p in s.programme.pledges_in_force() if p.supporter_code == code]
    return [*participant_refs(s, code), *pledge_refs(s, code), *unit_refs(s.facts, pledged)]


def _owner(s: TraceSources, code: str) -> list[StreamRef]:
    return [*participant_refs(s, code), *unit_refs(s.facts, [code])]


def plan_row(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[-1]
    return [*plan_refs(s, row["plan_code"]), *_owner(s, row["owner_code"])]


def _plan_count(s: TraceSources, at: Located) -> list[StreamRef]:
    return [r for p in s.report["plans"]["plans"] if p["status"] == at.leaf for r in plan_refs(s, p["plan_code"])]


def registration_row(s: TraceSources, at: Located) -> list[StreamRef]:
    code = at.items[-1]["unit_code"]
    return [*movement_refs(s, code), *_owner(s, code)]


PROGRAMME_FAMILIES = (
    Family("pilots/minimum_per_district", "U5: 2 pilot communes per district, a figure of the plan", constant, True),
    Family("pilots/province_pilots/*/*", "U4: the designation and the unit's changes", _province_pilot),
    Family("pilots/province_pilot_districts/*/communes|recognised|rate", "U4, P5: the designation and the"
           " district's rate events", _province_pilot_rate),
    Family("pilots/province_pilot_districts/*/*", "U4: the designation and the unit's changes", _province_pilot),
    Family("pilots/province_pilot_communes/*/" + STANDING, "U4, R5: the designation and the commune's standing"
           " (latest assessments, set in force, deciding recognition fact, changes)", _province_pilot_standing),
    Family("pilots/province_pilot_communes/*/*", "U4: the designation and the unit's changes", _province_pilot),
    Family("pilots/districts/*/code|name", "U8: the district's changes", _district),
    Family("pilots/districts/*/pilot_communes/*/" + STANDING, "U5, R5: the designation and the commune's standing",
           _district_pilot_standing),
    Family("pilots/districts/*/pilot_communes/*/*", "U5: the designation and the unit's changes", _district_pilot),
    Family("pilots/districts/*/count|below_minimum", "U5: the designations of the district's own pilot communes,"
           " their changes (parent at as_of) and the district's", _district_count),
    Family("pilots/districts/*/province_pilot_communes/*", "U4: the province's designation and the unit's changes",
           _province_pilot_in_district),
    Family("pilots/districts_below_minimum/*", "U5: the designations of the district's own pilot communes, their"
           " changes and the district's", _below_minimum),
    Family("pledges/pledges/*/*", "U6: the pledge, the supporter's registration and the supported unit's changes",
           pledge_row),
    Family("pledges/communes_per_subordinate_unit", "U6: 2 communes per subordinate unit, a figure of the plan",
           constant, True),
    *(Family(f"pledges/{flag}/*/*", "U6: the supporter's registration, every pledge it has in force and the"
             " supported units' changes", _supporter)
      for flag in ("departments_without_district", "subordinate_units_below_two_communes")),
    Family("plans/plans/*/*", "U7: the deadline in force, the submission counted and the owner's record", plan_row),
    Family("plans/late_or_missing/*/*", "U7: the deadline in force, the submission counted and the owner's record",
           plan_row),
    Family("plans/counts/*", "U7: the deadline in force and the submission counted of every plan with that status",
           _plan_count),
    Family("movement_registrations/*/*", "A4: the registration and the unit's or participant's record",
           registration_row),
    Family("not_yet_recorded/*", "a statement of the code: the R2 sections no service records yet", constant, True),
)
