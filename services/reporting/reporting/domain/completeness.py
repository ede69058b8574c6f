"""R1: completeness (submitted / owed) and timeliness (on time within the grace period / owed) of a
period at a date, per unit, per kind of unit and province-wide, pure.

Readings chosen (as DHIS2 counts a complete registration):
- A unit counts as submitted at `as_of` from its first submission on or before as_of; a return
  (before approval) un-counts it until it submits again, and the date counted is then that of the
  new submission. Once approved, a later revision (drafted, returned...) does not un-count it.
- On time: counted, and counted from a date on or before due date + grace days.
- Late: counted but not on time, or not counted while as_of is past due + grace. Missing: not
  counted at as_of (whether or not the deadline has passed: `overdue` says which).
"""
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from contracts.reporting import PeriodOpened


def reported_on(steps: Iterable[tuple[str, date]], as_of: date) -> date | None:
    """(event type, its business date) of one stream in order → the date the unit counts from."""
    counted: date | None = None
    approved = False
    for event_type, day in steps:
        if day > as_of:
            continue
        if event_type == "SubmissionSubmitted" and counted is None:
            counted = day
        elif event_type == "SubmissionReturned" and not approved:
            counted = None
        elif event_type == "SubmissionApproved":
            approved = True
    return counted


def _rates(rows: list[dict[str, Any]]) -> dict[str, Any]:
    owed = len(rows)
    submitted = sum(1 for r in rows if r["submitted"])
    on_time = sum(1 for r in rows if r["on_time"])
    return {"owed": owed, "submitted": submitted, "on_time": on_time,
            "completeness_pct": round(100 * submitted / owed, 1) if owed else None,
            "timeliness_pct": round(100 * on_time / owed, 1) if owed else None}


def completeness(period: PeriodOpened, kinds: Mapping[str, str], reported: Mapping[str, date | None],
                 as_of: date) -> dict[str, Any]:
    deadline = period.due_on + timedelta(days=period.grace_days)
    overdue = as_of > deadline
    rows = []
    for unit in period.expected_units:
        day = reported.get(unit)
        on_time = day is not None and day <= deadline
        rows.append({"unit_code": unit, "kind": kinds.get(unit), "submitted": day is not None,
                     "reported_on": None if day is None else str(day), "on_time": on_time,
                     "late": (day is not None and not on_time) or (day is None and overdue)})
    by_kind = {kind: _rates([r for r in rows if r["kind"] == kind])
               for kind in sorted({str(r["kind"]) for r in rows})}
    return {"period_code": period.code, "as_of": str(as_of), "due_on": str(period.due_on),
            "grace_days": period.grace_days, "deadline": str(deadline), "overdue": overdue,
            "province": _rates(rows), "by_kind": by_kind, "units": rows,
            "late_units": [r["unit_code"] for r in rows if r["late"]],
            "missing_units": [r["unit_code"] for r in rows if not r["submitted"]]}
