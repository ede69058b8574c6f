"""The refusals the decisions share: A11 order (naming the current status), A8 deadline, lookups."""
from datetime import date
from typing import Any

from contracts.awards import AwardKind, Verdict
from thidua_kernel.errors import DomainRefusal, NotFound

from .round_state import NominationState, RoundState
from .verdicts import verdicts_json

STATUS_VI = {"submitted": "đã nộp", "received": "đã tiếp nhận", "reviewed": "Hội đồng đã xét",
             "approved": "đã được phê duyệt", "rejected": "không được phê duyệt", "withdrawn": "đã rút",
             "conferred": "đã trao khen thưởng"}


def out_of_order(nomination: NominationState, step_vi: str, step_en: str, allowed: tuple[str, ...]) -> DomainRefusal:
    return DomainRefusal(
        "A11", f"Không thể {step_vi}: hồ sơ {nomination.nomination_id} đang ở trạng thái"
               f" \"{STATUS_VI[nomination.status]}\" ({nomination.status})",
        f"Cannot {step_en}: nomination {nomination.nomination_id} is {nomination.status}"
        f" (this step needs: {', '.join(allowed)})",
        nomination_id=nomination.nomination_id, status=nomination.status, allowed=list(allowed))


def dated_before(nomination: NominationState, step_en: str, day: date) -> DomainRefusal:
    previous = nomination.last_step_on
    assert previous is not None
    return DomainRefusal(
        "A11", f"Ngày {day:%d/%m/%Y} trước bước trước đó của hồ sơ ({previous:%d/%m/%Y})",
        f"Cannot {step_en} on {day.isoformat()}: the nomination's previous step was on {previous.isoformat()}",
        nomination_id=nomination.nomination_id, day=day.isoformat(), previous=previous.isoformat())


def require_order(nomination: NominationState, allowed: tuple[str, ...], step_vi: str, step_en: str,
                  day: date) -> None:
    if nomination.status not in allowed:
        raise out_of_order(nomination, step_vi, step_en, allowed)
    if nomination.last_step_on is not None and day < nomination.last_step_on:
        raise dated_before(nomination, step_en, day)


def nomination_of(state: RoundState, nomination_id: str) -> NominationState:
    found = state.nominations.get(nomination_id)
    if found is None:
        raise NotFound("A11", f"Không có hồ sơ đề nghị {nomination_id} trong đợt {state.code}",
                       f"No nomination {nomination_id} in round {state.code}", nomination_id=nomination_id)
    return found


def defined(state: RoundState) -> Any:
    if state.definition is None:
        raise NotFound("A10", f"Chưa có đợt khen thưởng {state.code}", f"No round {state.code} is defined",
                       round=state.code)
    return state.definition


def kind_of(state: RoundState, code: str) -> AwardKind:
    defined(state)
    kind = state.kind(code)
    if kind is None:
        raise DomainRefusal("A10", f"Đợt {state.code} không có loại khen thưởng {code}",
                            f"Round {state.code} has no award kind {code}", round=state.code, award_kind=code)
    return kind


def refuse_verdict(first: Verdict, verdicts: list[Verdict], lead_vi: str = "", lead_en: str = "") -> DomainRefusal:
    """A refusal naming the verdict's rule, with every verdict in the figures."""
    return DomainRefusal(first.rule, f"{lead_vi}{first.message_vi}", f"{lead_en}{first.message_en}",
                         check=first.check, outcome=first.outcome, verdicts=verdicts_json(verdicts),
                         **{k: v for k, v in first.figures.items() if k not in ("check", "outcome", "verdicts")})
