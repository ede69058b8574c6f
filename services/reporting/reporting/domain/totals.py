"""R1/R2: the figures of a period's reports added up, per kind of unit and province-wide, pure.

Readings chosen:
- What counts at `as_of` is each unit's report as it stood then (only the steps dated on or before
  as_of): its latest approved revision; failing one, its revision under review (submitted, not yet
  approved) marked `approved: false`. Drafts and returned revisions are not reports yet and count
  for nothing; after approval, a new revision counts only once it is approved (until then the
  approved one stands, R1: "the earlier one stays readable").
- A figure a unit left blank adds nothing and is counted in `blank` beside the total, so a total
  is never mistaken for complete.
"""
from collections.abc import Mapping
from typing import Any

from contracts.reporting import SubmissionFigures

from .submissions import Revision, SubmissionState

FIGURES = tuple(SubmissionFigures.model_fields)


def counted_revision(state: SubmissionState) -> Revision | None:
    approved = [r for r in state.revisions if r.status == "approved"]
    if approved:
        return approved[-1]
    current = state.current
    return current if current is not None and current.status == "submitted" else None


def _sum(rows: list[dict[str, Any]]) -> dict[str, Any]:
    totals: dict[str, Any] = {"units": len(rows), "approved_units": sum(1 for r in rows if r["approved"])}
    for name in FIGURES:
        values = [r["figures"][name] for r in rows if r["figures"][name] is not None]
        totals[name] = {"total": sum(values), "blank": len(rows) - len(values)}
    return totals


def reported_totals(states: Mapping[str, SubmissionState], kinds: Mapping[str, str | None]) -> dict[str, Any]:
    """`states`: each owing unit's submission folded at as_of (an empty state if none)."""
    rows = []
    for unit, state in states.items():
        revision = counted_revision(state)
        if revision is not None:
            rows.append({"unit_code": unit, "kind": kinds.get(unit), "revision": revision.revision,
                         "approved": revision.status == "approved", "figures": revision.figures.model_dump()})
    return {"figures": list(FIGURES), "province": _sum(rows),
            "by_kind": {kind: _sum([r for r in rows if r["kind"] == kind])
                        for kind in sorted({str(r["kind"]) for r in rows})},
            "units": rows}
