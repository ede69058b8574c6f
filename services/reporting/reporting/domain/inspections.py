"""R6: the council's inspection visits, folded from their stream, and the decisions on them (pure).

Readings chosen:
- An inspection is recorded once under its code; the same record again appends nothing
  (unchanged), a different record under a code already used is refused (R6).
- The unit visited is a district or a commune of the province existing on the day of the visit
  (the facts of that day, U8); the team names at least one member; the visit is not in the future.
- Follow-up actions: codes unique within the inspection, each due on or after the visit.
- An action is marked done once, on a day between the visit and today; the same mark again
  appends nothing, another day for an action already done is refused (R6) naming the first.
- At `as_of`, an action is `done` (done on or before its deadline), `done_late`, `open` (not done
  by as_of, deadline not passed) or `overdue` (not done by as_of, deadline before as_of) with its
  days overdue; a mark dated after as_of does not count at as_of.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from contracts.reporting import FollowUpAction, InspectionActionDone, InspectionRecorded
from thidua_kernel.errors import DomainRefusal, NotFound

Event = tuple[str, dict[str, Any], datetime]  # (event type, payload, recorded_at)


@dataclass(frozen=True)
class ActionDone:
    done_on: date
    note: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class InspectionState:
    code: str
    version: int = 0
    record: InspectionRecorded | None = None
    recorded_at: datetime | None = None
    done: dict[str, ActionDone] = field(default_factory=dict)


def fold_inspection(code: str, events: Iterable[Event], known_at: datetime | None = None) -> InspectionState:
    """The stream as known at `known_at` (None: all); `version` counts only those events."""
    state = InspectionState(code)
    for event_type, payload, recorded_at in events:
        if known_at is not None and recorded_at > known_at:
            break
        state = replace(state, version=state.version + 1)
        if event_type == "InspectionRecorded":
            state = replace(state, record=InspectionRecorded.model_validate(payload), recorded_at=recorded_at)
        elif event_type == "InspectionActionDone":
            done = InspectionActionDone.model_validate(payload)
            state = replace(state, done={**state.done, done.action_code: ActionDone(done.done_on, done.note,
                                                                                    recorded_at)})
    return state


def _refused(vi: str, en: str, **figures: Any) -> DomainRefusal:
    return DomainRefusal("R6", vi, en, **figures)


def decide_record(state: InspectionState, record: InspectionRecorded, today: date,
                  unit_level: str | None) -> InspectionRecorded | None:
    """`unit_level`: the visited unit's level on the day of the visit under the province (None:
    no such unit that day). None: the same record again, nothing to append."""
    if state.record is not None:
        if state.record == record:
            return None
        raise _refused(f"Đoàn kiểm tra {record.code} đã được ghi nhận (thăm {state.record.unit_code} ngày"
                       f" {state.record.visited_on:%d/%m/%Y}); không ghi đè.",
                       f"Inspection {record.code} is already recorded (visit to {state.record.unit_code} on"
                       f" {state.record.visited_on.isoformat()}); it is not overwritten.",
                       code=record.code, recorded_unit=state.record.unit_code,
                       recorded_visited_on=state.record.visited_on.isoformat())
    if record.visited_on > today:
        raise _refused(f"Ngày kiểm tra {record.visited_on:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y}).",
                       f"The visit on {record.visited_on.isoformat()} is in the future (today {today.isoformat()}).",
                       visited_on=record.visited_on.isoformat(), today=today.isoformat())
    if unit_level not in ("district", "commune"):
        raise _refused(f"Đơn vị {record.unit_code} không phải huyện hoặc xã của tỉnh vào ngày"
                       f" {record.visited_on:%d/%m/%Y}.",
                       f"{record.unit_code} is not a district or commune of the province on"
                       f" {record.visited_on.isoformat()}.",
                       unit_code=record.unit_code, visited_on=record.visited_on.isoformat(), level=unit_level)
    codes = [a.code for a in record.actions]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise _refused(f"Mã việc khắc phục bị lặp: {', '.join(repeated)}.",
                       f"Follow-up action codes repeated: {', '.join(repeated)}.", repeated=repeated)
    early = [a.code for a in record.actions if a.due_on < record.visited_on]
    if early:
        raise _refused(f"Hạn của việc khắc phục {', '.join(early)} trước ngày kiểm tra"
                       f" {record.visited_on:%d/%m/%Y}.",
                       f"Follow-up actions {', '.join(early)} are due before the visit on"
                       f" {record.visited_on.isoformat()}.",
                       actions=early, visited_on=record.visited_on.isoformat())
    return record


def recorded(state: InspectionState) -> InspectionRecorded:
    if state.record is None:
        raise NotFound("R6", f"Không có đoàn kiểm tra {state.code}.", f"No inspection {state.code}.",
                       code=state.code)
    return state.record


def decide_action_done(state: InspectionState, action_code: str, done_on: date, note: str | None,
                       today: date) -> InspectionActionDone | None:
    record = recorded(state)
    if action_code not in {a.code for a in record.actions}:
        raise NotFound("R6", f"Đoàn kiểm tra {record.code} không có việc khắc phục {action_code}.",
                       f"Inspection {record.code} has no follow-up action {action_code}.",
                       code=record.code, action_code=action_code, actions=[a.code for a in record.actions])
    first = state.done.get(action_code)
    if first is not None:
        if first.done_on == done_on:
            return None
        raise _refused(f"Việc {action_code} đã hoàn thành ngày {first.done_on:%d/%m/%Y}.",
                       f"Action {action_code} was already done on {first.done_on.isoformat()}.",
                       action_code=action_code, done_on=first.done_on.isoformat(), asked=done_on.isoformat())
    if done_on < record.visited_on or done_on > today:
        raise _refused(f"Ngày hoàn thành {done_on:%d/%m/%Y} phải từ ngày kiểm tra {record.visited_on:%d/%m/%Y}"
                       f" đến hôm nay {today:%d/%m/%Y}.",
                       f"The day done {done_on.isoformat()} must lie between the visit"
                       f" {record.visited_on.isoformat()} and today {today.isoformat()}.",
                       done_on=done_on.isoformat(), visited_on=record.visited_on.isoformat(), today=today.isoformat())
    return InspectionActionDone(inspection_code=record.code, action_code=action_code, done_on=done_on, note=note)


def action_json(action: FollowUpAction, done: ActionDone | None, as_of: date) -> dict[str, Any]:
    done = done if done is not None and done.done_on <= as_of else None
    if done is not None:
        status = "done" if done.done_on <= action.due_on else "done_late"
    else:
        status = "overdue" if action.due_on < as_of else "open"
    return {"code": action.code, "description": action.description, "due_on": action.due_on.isoformat(),
            "done_on": done.done_on.isoformat() if done else None, "note": done.note if done else None,
            "status": status, "overdue": status == "overdue",
            "days_overdue": (as_of - action.due_on).days if status == "overdue" else 0}


def inspection_json(state: InspectionState, as_of: date) -> dict[str, Any]:
    record = recorded(state)
    actions = [action_json(a, state.done.get(a.code), as_of) for a in record.actions]
    return {"code": record.code, "team": list(record.team), "unit_code": record.unit_code,
            "visited_on": record.visited_on.isoformat(), "findings": record.findings, "actions": actions,
            "overdue_actions": [a["code"] for a in actions if a["overdue"]],
            "open_actions": sum(a["status"] in ("open", "overdue") for a in actions),
            "version": state.version}
