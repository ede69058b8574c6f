"""R7: units' proposals to change the plan (VII.5), folded from their stream, and the decisions on
them (pure).

Readings chosen:
- The proposer is a unit taking part on the day proposed: a district or commune of the province
  existing that day, or a department, mass organisation or Fatherland Front committee registered
  by then (U3). It proposes to departments (the plan names Home Affairs and DARD): each addressee
  is a department registered by that day; at least one, none twice, not the proposer itself.
- A proposal is recorded once under its code: the same record again appends nothing, another
  under a code already used is refused (R7). It is not dated in the future.
- The board answers once (text, and accepted yes/no or left open: null), on a day between the
  proposal and today: the same answer again appends nothing, another is refused naming the first.
- Status at `as_of`: `answered` once answered on or before as_of, else `open`; `accepted`,
  `rejected` or `answered` (no verdict) refine an answer for `?status=`.
"""
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from contracts.reporting import ProposalAnswered, ProposalRecorded
from thidua_kernel.errors import DomainRefusal, NotFound

Event = tuple[str, dict[str, Any], datetime]  # (event type, payload, recorded_at)
PROPOSER_KINDS = ("department", "mass_organisation", "fatherland_front")
STATUSES = ("open", "answered", "accepted", "rejected")


@dataclass(frozen=True)
class ProposalState:
    code: str
    version: int = 0
    record: ProposalRecorded | None = None
    answer: ProposalAnswered | None = None


def fold_proposal(code: str, events: Iterable[Event], known_at: datetime | None = None) -> ProposalState:
    state = ProposalState(code)
    for event_type, payload, recorded_at in events:
        if known_at is not None and recorded_at > known_at:
            break
        state = replace(state, version=state.version + 1)
        if event_type == "ProposalRecorded":
            state = replace(state, record=ProposalRecorded.model_validate(payload))
        elif event_type == "ProposalAnswered":
            state = replace(state, answer=ProposalAnswered.model_validate(payload))
    return state


def _refused(vi: str, en: str, **figures: Any) -> DomainRefusal:
    return DomainRefusal("R7", vi, en, **figures)


def decide_record(state: ProposalState, record: ProposalRecorded, today: date, proposer_known: bool,
                  departments: set[str]) -> ProposalRecorded | None:
    """`proposer_known`: the proposer takes part on the day proposed; `departments`: the codes of
    the departments registered by then. None: the same record again."""
    if state.record is not None:
        if state.record == record:
            return None
        raise _refused(f"Kiến nghị {record.code} đã được ghi nhận (của {state.record.proposer_code}); không ghi đè.",
                       f"Proposal {record.code} is already recorded (by {state.record.proposer_code});"
                       " it is not overwritten.", code=record.code, recorded_proposer=state.record.proposer_code)
    if record.proposed_on > today:
        raise _refused(f"Ngày kiến nghị {record.proposed_on:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y}).",
                       f"The proposal's day {record.proposed_on.isoformat()} is in the future"
                       f" (today {today.isoformat()}).", proposed_on=record.proposed_on.isoformat(),
                       today=today.isoformat())
    if not proposer_known:
        raise _refused(f"{record.proposer_code} không phải đơn vị tham gia phong trào của tỉnh vào ngày"
                       f" {record.proposed_on:%d/%m/%Y} (huyện, xã, sở, đoàn thể, Mặt trận).",
                       f"{record.proposer_code} is not a unit of the province taking part on"
                       f" {record.proposed_on.isoformat()} (district, commune, department, mass organisation,"
                       " Fatherland Front).", proposer_code=record.proposer_code,
                       proposed_on=record.proposed_on.isoformat())
    addressed = record.addressed_to
    wrong = sorted({c for c in addressed if c not in departments or c == record.proposer_code
                    or addressed.count(c) > 1})
    if not addressed or wrong:
        raise _refused(f"Nơi nhận kiến nghị phải là các sở đã đăng ký, không lặp, khác đơn vị kiến nghị: sai"
                       f" {', '.join(wrong) or '(trống)'}.",
                       "A proposal is addressed to registered departments, none twice, not the proposer:"
                       f" wrong {', '.join(wrong) or '(none given)'}.", wrong=wrong,
                       departments=sorted(departments))
    return record


def recorded(state: ProposalState) -> ProposalRecorded:
    if state.record is None:
        raise NotFound("R7", f"Không có kiến nghị {state.code}.", f"No proposal {state.code}.", code=state.code)
    return state.record


def decide_answer(state: ProposalState, answer: ProposalAnswered, today: date) -> ProposalAnswered | None:
    record = recorded(state)
    if state.answer is not None:
        if state.answer == answer:
            return None
        raise _refused(f"Kiến nghị {record.code} đã được trả lời ngày {state.answer.answered_on:%d/%m/%Y}.",
                       f"Proposal {record.code} was already answered on {state.answer.answered_on.isoformat()}.",
                       code=record.code, answered_on=state.answer.answered_on.isoformat())
    if answer.answered_on < record.proposed_on or answer.answered_on > today:
        raise _refused(f"Ngày trả lời {answer.answered_on:%d/%m/%Y} phải từ ngày kiến nghị"
                       f" {record.proposed_on:%d/%m/%Y} đến hôm nay {today:%d/%m/%Y}.",
                       f"The answer's day {answer.answered_on.isoformat()} must lie between the proposal"
                       f" {record.proposed_on.isoformat()} and today {today.isoformat()}.",
                       answered_on=answer.answered_on.isoformat(), proposed_on=record.proposed_on.isoformat(),
                       today=today.isoformat())
    return answer


def status_at(state: ProposalState, as_of: date) -> str:
    answer = state.answer
    if answer is None or answer.answered_on > as_of:
        return "open"
    return {True: "accepted", False: "rejected", None: "answered"}[answer.accepted]


def matches(status: str, asked: str | None) -> bool:
    return asked is None or status == asked or (asked == "answered" and status != "open")


def proposal_json(state: ProposalState, as_of: date) -> dict[str, Any]:
    record = recorded(state)
    status = status_at(state, as_of)
    answer = state.answer if status != "open" else None
    return {"code": record.code, "proposer_code": record.proposer_code, "addressed_to": list(record.addressed_to),
            "subject": record.subject, "content": record.content, "proposed_on": record.proposed_on.isoformat(),
            "status": status, "answer": None if answer is None else {
                "answer": answer.answer, "answered_on": answer.answered_on.isoformat(), "accepted": answer.accepted},
            "version": state.version}
