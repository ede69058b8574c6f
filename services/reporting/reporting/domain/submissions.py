"""R1: one unit's submission for one period (stream "<period>/<unit>"), pure: its revisions folded
from the events, and the next step decided.

Readings chosen:
- Steps: save-draft (draft) → submit (submitted) → return (returned; the unit drafts again and
  submits again) or approve (approved, locked). Drafting a submitted revision is refused until the
  board returns it; a returned revision may be submitted again as it is.
- A change after approval is a new revision (revision + 1), asked for explicitly (`new_revision`):
  drafting an approved revision without it is refused, and so is asking for a new revision before
  the current one is approved. The new revision goes through submit / approve again; every
  earlier revision stays in the stream, readable.
"""
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from contracts.reporting import (
    SubmissionApproved,
    SubmissionDrafted,
    SubmissionFigures,
    SubmissionReturned,
    SubmissionSubmitted,
    ValidationWarning,
)
from thidua_kernel.errors import DomainRefusal

SUBMISSION = "submission"
# The business day of each step (its occurred_at, and what completeness counts by).
DAY_OF = {"SubmissionDrafted": "drafted_on", "SubmissionSubmitted": "submitted_on",
          "SubmissionReturned": "returned_on", "SubmissionApproved": "approved_on"}


def step_day(event_type: str, payload: dict[str, Any]) -> date:
    value = payload[DAY_OF[event_type]]
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class Revision:
    revision: int
    status: str  # draft | submitted | returned | approved
    figures: SubmissionFigures
    narrative: str
    drafted_on: date
    warnings: tuple[ValidationWarning, ...] = ()
    submitted_on: date | None = None
    returned_on: date | None = None
    return_reasons: str | None = None
    approved_on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "status": self.status, "figures": self.figures.model_dump(),
                "narrative": self.narrative, "drafted_on": str(self.drafted_on),
                "warnings": [w.model_dump() for w in self.warnings],
                "submitted_on": _day(self.submitted_on), "returned_on": _day(self.returned_on),
                "return_reasons": self.return_reasons, "approved_on": _day(self.approved_on)}


def _day(value: date | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class SubmissionState:
    period_code: str
    unit_code: str
    version: int = 0
    revisions: tuple[Revision, ...] = field(default=())

    @property
    def current(self) -> Revision | None:
        return self.revisions[-1] if self.revisions else None


def fold(period_code: str, unit_code: str, events: list[tuple[str, dict[str, Any]]]) -> SubmissionState:
    """(event_type, payload) in stream order → the state; every event counts in `version`."""
    revisions: list[Revision] = []
    for event_type, payload in events:
        if event_type == "SubmissionDrafted":
            d = SubmissionDrafted.model_validate(payload)
            drafted = Revision(d.revision, "draft", d.figures, d.narrative, d.drafted_on, tuple(d.warnings))
            if revisions and revisions[-1].revision == d.revision:
                revisions[-1] = drafted
            else:
                revisions.append(drafted)
        elif event_type == "SubmissionSubmitted":
            s = SubmissionSubmitted.model_validate(payload)
            revisions[-1] = replace(revisions[-1], status="submitted", submitted_on=s.submitted_on)
        elif event_type == "SubmissionReturned":
            r = SubmissionReturned.model_validate(payload)
            revisions[-1] = replace(revisions[-1], status="returned", returned_on=r.returned_on,
                                    return_reasons=r.reasons)
        elif event_type == "SubmissionApproved":
            a = SubmissionApproved.model_validate(payload)
            revisions[-1] = replace(revisions[-1], status="approved", approved_on=a.approved_on)
    return SubmissionState(period_code, unit_code, len(events), tuple(revisions))


def _refused(state: SubmissionState, vi: str, en: str, **figures: Any) -> DomainRefusal:
    current = state.current
    return DomainRefusal("R1", f"Báo cáo {state.period_code}/{state.unit_code}: {vi}.",
                         f"Submission {state.period_code}/{state.unit_code}: {en}.", period=state.period_code,
                         unit=state.unit_code, revision=current.revision if current else None,
                         status=current.status if current else None, **figures)


def decide_draft(state: SubmissionState, figures: SubmissionFigures, narrative: str, drafted_on: date,
                 new_revision: bool, warnings: list[ValidationWarning]) -> SubmissionDrafted | None:
    """None: the same draft again (nothing to record)."""
    current = state.current
    if current is None:
        revision = 1
    elif current.status == "approved":
        if not new_revision:
            raise _refused(state, "đã được phê duyệt, bị khóa; muốn sửa phải mở lần sửa đổi mới (new_revision)",
                           "approved and locked; a change needs a new revision (new_revision)")
        revision = current.revision + 1
    elif new_revision:
        raise _refused(state, "chưa được phê duyệt nên chưa mở được lần sửa đổi mới",
                       "is not approved: no new revision before approval")
    elif current.status == "submitted":
        raise _refused(state, "đã nộp, đang chờ Ban xem xét; chỉ sửa được khi bị trả lại",
                       "is submitted and awaits the board; it can change only once returned")
    else:
        revision = current.revision
        if current.status == "draft" and (current.figures, current.narrative) == (figures, narrative):
            return None
    return SubmissionDrafted(period_code=state.period_code, unit_code=state.unit_code, revision=revision,
                             figures=figures, narrative=narrative, drafted_on=drafted_on, warnings=warnings)


def decide_submit(state: SubmissionState, submitted_on: date) -> SubmissionSubmitted:
    current = state.current
    if current is None or current.status not in ("draft", "returned"):
        raise _refused(state, "chỉ nộp được bản nháp hoặc bản bị trả lại", "only a draft or a returned one can be submitted")
    if submitted_on < current.drafted_on:
        raise _refused(state, f"ngày nộp {submitted_on} trước ngày lập {current.drafted_on}",
                       f"submitted on {submitted_on}, before it was drafted on {current.drafted_on}",
                       submitted_on=str(submitted_on), drafted_on=str(current.drafted_on))
    return SubmissionSubmitted(period_code=state.period_code, unit_code=state.unit_code,
                               revision=current.revision, submitted_on=submitted_on)


def _submitted(state: SubmissionState, step_vi: str, step_en: str, day: date) -> Revision:
    current = state.current
    if current is None or current.status != "submitted":
        raise _refused(state, f"chỉ {step_vi} được báo cáo đã nộp", f"only a submitted one can be {step_en}")
    if current.submitted_on is not None and day < current.submitted_on:
        raise _refused(state, f"ngày {day} trước ngày nộp {current.submitted_on}",
                       f"{day} is before it was submitted on {current.submitted_on}", day=str(day),
                       submitted_on=str(current.submitted_on))
    return current


def decide_return(state: SubmissionState, returned_on: date, reasons: str) -> SubmissionReturned:
    current = _submitted(state, "trả lại", "returned", returned_on)
    return SubmissionReturned(period_code=state.period_code, unit_code=state.unit_code, revision=current.revision,
                              returned_on=returned_on, reasons=reasons)


def decide_approve(state: SubmissionState, approved_on: date) -> SubmissionApproved:
    current = _submitted(state, "phê duyệt", "approved", approved_on)
    return SubmissionApproved(period_code=state.period_code, unit_code=state.unit_code, revision=current.revision,
                              approved_on=approved_on)
