"""R2's sections from reporting's own records, pure: periodic reporting (R1), inspections (R6)
and proposals (R7) at (as_of, known_at). The loader (records_loading.py) folds the streams known
at K; the judging at D is the R1, R6 and R7 domains' own (completeness, action and proposal status).

Readings chosen:
- Periodic reporting: every period known at K that has started by D (starts_on <= D), by start
  then end (a year after its first half), each with its completeness and timeliness at D. Who
  owes, each unit's kind and its name are those of the opening date as known when the period was
  recorded (as GET /periods/{code}/completeness), so later registry records change nothing.
- Inspections: the visits of D's year made by D, and the visits of earlier years with an action
  still overdue at D (an overdue follow-up is not dropped at new year); by day, then code.
- Proposals: those of D's year made by D, and those of earlier years still open at D; by day.
- Names (of the unit visited, of the proposer) are the report's own: the facts at D known at K.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from contracts.reporting import PeriodOpened

from .domain.completeness import completeness
from .domain.inspections import InspectionState, inspection_json
from .domain.proposals import STATUSES, ProposalState, proposal_json, status_at

NameOf = Callable[[str], str | None]


@dataclass(frozen=True)
class PeriodRecord:
    """A period as opened, who owes (kinds, names at the opening) and each unit's day counted at D."""

    period: PeriodOpened
    kinds: Mapping[str, str]
    names: Mapping[str, str]
    reported: Mapping[str, date | None]


def _period_json(p: PeriodRecord, as_of: date) -> dict[str, Any]:
    c = completeness(p.period, p.kinds, p.reported, as_of)
    units = [{**u, "name": p.names.get(u["unit_code"])} for u in c["units"]]
    late, missing = set(c["late_units"]), set(c["missing_units"])
    return {"period_code": p.period.code, "kind": p.period.kind, "year": p.period.year, "half": p.period.half,
            "starts_on": p.period.starts_on.isoformat(), "ends_on": p.period.ends_on.isoformat(),
            "due_on": c["due_on"], "grace_days": c["grace_days"], "deadline": c["deadline"], "overdue": c["overdue"],
            "province": c["province"], "by_kind": c["by_kind"], "units": units,
            "late_units": [{k: u[k] for k in ("unit_code", "name", "kind", "reported_on")}
                           for u in units if u["unit_code"] in late],
            "missing_units": [{k: u[k] for k in ("unit_code", "name", "kind")}
                              for u in units if u["unit_code"] in missing]}


def periodic_reporting_section(periods: Iterable[PeriodRecord], as_of: date) -> dict[str, Any]:
    """The `periodic_reporting` key: {periods [...]} for the periods started by D."""
    started = sorted((p for p in periods if p.period.starts_on <= as_of),
                     key=lambda p: (p.period.starts_on, p.period.ends_on, p.period.code))
    return {"periods": [_period_json(p, as_of) for p in started]}


def inspections_section(states: Iterable[InspectionState], as_of: date, name_of: NameOf) -> dict[str, Any]:
    """The `inspections` key: {year, inspections [...], overdue_actions (count)}."""
    found = []
    for state in states:
        if state.record is None or state.record.visited_on > as_of:
            continue
        visit = inspection_json(state, as_of)
        if state.record.visited_on.year == as_of.year or visit["overdue_actions"]:
            found.append({**visit, "unit_name": name_of(visit["unit_code"])})
    found.sort(key=lambda i: (i["visited_on"], i["code"]))
    return {"year": as_of.year, "inspections": found,
            "overdue_actions": sum(len(i["overdue_actions"]) for i in found)}


def proposals_section(states: Iterable[ProposalState], as_of: date, name_of: NameOf) -> dict[str, Any]:
    """The `proposals` key: {year, proposals [...], counts {open, answered, accepted, rejected}}."""
    found = []
    for state in states:
        if state.record is None or state.record.proposed_on > as_of:
            continue
        if state.record.proposed_on.year == as_of.year or status_at(state, as_of) == "open":
            proposal = proposal_json(state, as_of)
            found.append({**proposal, "proposer_name": name_of(proposal["proposer_code"])})
    found.sort(key=lambda p: (p["proposed_on"], p["code"]))
    return {"year": as_of.year, "proposals": found,
            "counts": {s: sum(p["status"] == s for p in found) for s in STATUSES}}
