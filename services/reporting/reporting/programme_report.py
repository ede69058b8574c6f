"""The R2 sections on how units take part: pilots (U4, U5, R5), pledges (U6), plans (U7, R1) and
movement registrations (A4). Pure: the programme facts joined with the NTM facts of the same
(as_of, known_at), so a pilot commune's standing is the one the rest of the report shows."""
from collections.abc import Callable, Mapping
from typing import Any

from contracts.registry import INDIVIDUAL_KINDS
from thidua_facts.domain.ntm_rate import ProvinceSnapshot
from thidua_facts.domain.programme import (
    COMMUNES_PER_SUBORDINATE_UNIT,
    PILOT_COMMUNES_PER_DISTRICT,
    PLAN_STATUSES,
    u5_districts_below_two_pilots,
    u6_pledge_flags,
    u7_plan_status,
)
from thidua_facts.read_model import FactsAt

from .domain.programme import ParticipantFact, Plan, ProgrammeAt
from .domain.rules import (
    PilotUnit,
    days_late,
    in_province,
    pilot_on_day,
    pilots_of_province,
    pledge_on_day,
    pledges_of_province,
    r1_late_or_missing,
    supporter_on_day,
)


def programme_sections(facts: FactsAt, programme: ProgrammeAt, province: str, snapshot: ProvinceSnapshot,
                       criteria_met: Mapping[str, int]) -> dict[str, Any]:
    """`criteria_met`: criteria met at D per xã of the province (the report's own counts)."""
    hierarchy = facts.hierarchy()
    participants = programme.participants_known()

    def name_of(code: str) -> str | None:
        """Reading chosen: a report sent up names units and organisations, never an individual
        (a household's or official's name is personal data): those keep their code only."""
        participant = participants.get(code)
        if participant is not None and participant.kind in INDIVIDUAL_KINDS:
            return None
        return hierarchy.name_of(code) or (participant.name if participant else None)

    def ours(code: str) -> bool:
        return in_province(code, province, hierarchy, participants)

    return {
        "pilots": _pilots(facts, programme, province, snapshot, criteria_met),
        "pledges": _pledges(facts, programme, province, participants, ours),
        "plans": _plans([p for p in programme.plans() if ours(p.owner_code)], programme, name_of),
        "movement_registrations": [
            {"unit_code": r.unit_code, "name": name_of(r.unit_code), "registered_on": r.registered_on.isoformat(),
             "document_number": r.document_number}
            for r in programme.registrations_in_force() if ours(r.unit_code)
        ],
    }


def _pilots(facts: FactsAt, programme: ProgrammeAt, province: str, snapshot: ProvinceSnapshot,
            criteria_met: Mapping[str, int]) -> dict[str, Any]:
    hierarchy = facts.hierarchy()
    pilots = pilots_of_province(programme.pilots_in_force(), hierarchy, province)
    by_province = [p for p in pilots if p.pilot.level == "province"]

    def standing(p: PilotUnit) -> dict[str, Any]:
        # R5: the pilot commune's NTM standing at D. criteria_met is None for a unit that is not a
        # xã of the province at D (only xã are assessed and counted, U1).
        return {**_pilot_json(p), "criteria_met": criteria_met.get(p.unit.code),
                "recognised": p.unit.code in snapshot.recognised}

    def district_rate(p: PilotUnit) -> dict[str, Any]:
        rate = snapshot.rate_of(p.unit.code)
        return {**_pilot_json(p), "communes": rate.communes if rate else None,
                "recognised": rate.recognised if rate else None, "rate": rate.rate if rate else None}

    district_units = {d.code: d for d in hierarchy.districts_of(province)}
    districts = u5_districts_below_two_pilots([pilot_on_day(p) for p in pilots], district_units)
    by_key = {(p.pilot.level, p.unit.code): p for p in pilots}
    return {
        "minimum_per_district": PILOT_COMMUNES_PER_DISTRICT,
        "province_pilots": [_pilot_json(p) for p in by_province],
        "province_pilot_districts": [district_rate(p) for p in by_province if p.unit.level == "district"],
        "province_pilot_communes": [standing(p) for p in by_province if p.unit.level == "commune"],
        "districts": [{
            "code": d.district_code, "name": district_units[d.district_code].name,
            "pilot_communes": [standing(by_key["district", code]) for code in d.own], "count": len(d.own),
            "below_minimum": d.below_minimum, "province_pilot_communes": list(d.province_pilot_communes),
        } for d in districts],
        "districts_below_minimum": [d.district_code for d in districts if d.below_minimum],
    }


def _pilot_json(p: PilotUnit) -> dict[str, Any]:
    return {"code": p.unit.code, "name": p.unit.name, "level": p.unit.level, "unit_type": p.unit.unit_type,
            "parent_code": p.unit.parent_code, "designated_by": p.pilot.designated_by,
            "effective_from": p.pilot.effective_from.isoformat(), "document_number": p.pilot.document_number}


def _pledges(facts: FactsAt, programme: ProgrammeAt, province: str, participants: Mapping[str, ParticipantFact],
             ours: Callable[[str], bool]) -> dict[str, Any]:
    pledges = pledges_of_province(programme.pledges_in_force(), participants, facts.hierarchy(), province)
    supporters = sorted((s for s in programme.participants_in_force().values() if ours(s.code)), key=lambda s: s.code)
    flags = u6_pledge_flags([supporter_on_day(s) for s in supporters], [pledge_on_day(p) for p in pledges])
    by_code = {s.code: s for s in supporters}
    return {
        "pledges": [{
            "supporter_code": p.supporter.code, "supporter_kind": p.supporter.kind, "supporter_name": p.supporter.name,
            "supported_code": p.supported.code, "supported_name": p.supported.name,
            "supported_level": p.supported.level, "supported_type": p.supported.unit_type,
            "effective_from": p.pledge.effective_from.isoformat(), "document_number": p.pledge.document_number,
        } for p in pledges],
        "communes_per_subordinate_unit": COMMUNES_PER_SUBORDINATE_UNIT,
        "departments_without_district": [{"code": code, "name": by_code[code].name}
                                         for code in flags.departments_without_district],
        "subordinate_units_below_two_communes": [
            {"code": code, "name": by_code[code].name, "department": by_code[code].parent_code, "communes": n}
            for code, n in flags.subordinate_units_below_minimum],
    }


def _plans(plans: list[Plan], programme: ProgrammeAt, name_of: Callable[[str], str | None]) -> dict[str, Any]:
    as_of = programme.as_of

    def plan_json(p: Plan) -> dict[str, Any]:
        return {"plan_code": p.plan_code, "owner_code": p.owner_code, "owner_name": name_of(p.owner_code),
                "title": p.title, "due_date": p.due_date.isoformat(),
                "submitted_on": p.submitted_on.isoformat() if p.submitted_on else None,
                "submission_document": p.document_number,
                "status": u7_plan_status(p.due_date, p.submitted_on, as_of), "days_late": days_late(p, as_of)}

    rows = [plan_json(p) for p in plans]
    return {
        "plans": rows,
        "counts": {s: sum(1 for r in rows if r["status"] == s) for s in PLAN_STATUSES},
        "late_or_missing": [plan_json(p) for p in r1_late_or_missing(plans, as_of)],
    }
