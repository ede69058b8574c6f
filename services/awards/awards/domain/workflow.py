"""A11 after submission: withdraw, receive, review, decide, confer — each in order, each dated no
earlier than the step before it; a step out of order is refused naming A11 and the status.

Readings:
- withdraw: from submitted, received or reviewed (before the decision).
- receive: from submitted. review: from received, or again from reviewed (the council revises
  its finding; the latest finding counts).
- decide: from reviewed. "approved" runs the checks again on the facts of the decision day and
  the quotas counting approved + conferred nominations plus this one: any fail or pending is
  refused under its rule (the board may reject instead). "rejected" is always allowed and
  carries the verdicts too.
- confer: from approved.
- a council finding outside any review (CouncilFindingRecorded): on any unit or participant of
  the round's reference date, at any time before a decision reads it; the latest finding on a
  unit counts, from a review or from here (A6 reads a district's finding this way when the
  district itself was not nominated).
"""
from datetime import date

from contracts.awards import (
    AwardConferred, CouncilFindingRecorded, NominationDecided, NominationReceived, NominationReviewed, NominationWithdrawn,
)

from thidua_kernel.errors import NotFound
from thidua_kernel.vi_format import vi_date

from .eligibility_facts import EligibilityFacts, resolve_nominee
from .refusals import defined, nomination_of, refuse_verdict, require_order
from .round_state import RoundState
from .verdicts import first_not_passing
from .views import approval_verdicts


def decide_withdraw(state: RoundState, nomination_id: str, withdrawn_on: date, reason: str) -> NominationWithdrawn:
    nomination = nomination_of(state, nomination_id)
    require_order(nomination, ("submitted", "received", "reviewed"), "rút hồ sơ", "withdraw it", withdrawn_on)
    return NominationWithdrawn(nomination_id=nomination_id, withdrawn_on=withdrawn_on, reason=reason)


def decide_receive(state: RoundState, nomination_id: str, received_on: date) -> NominationReceived:
    nomination = nomination_of(state, nomination_id)
    require_order(nomination, ("submitted",), "tiếp nhận hồ sơ", "receive it", received_on)
    return NominationReceived(nomination_id=nomination_id, received_on=received_on)


def decide_review(state: RoundState, nomination_id: str, exemplary: bool, reasons: str,
                  reviewed_on: date) -> NominationReviewed:
    nomination = nomination_of(state, nomination_id)
    require_order(nomination, ("received", "reviewed"), "xét hồ sơ", "review it", reviewed_on)
    return NominationReviewed(nomination_id=nomination_id, nominee_code=nomination.nominee.code,
                              exemplary=exemplary, reasons=reasons, reviewed_on=reviewed_on)


def decide_decision(state: RoundState, nomination_id: str, outcome: str, reasons: str, decision_number: str,
                    decision_date: date, facts: EligibilityFacts) -> NominationDecided:
    nomination = nomination_of(state, nomination_id)
    require_order(nomination, ("reviewed",), "quyết định", "decide it", decision_date)
    verdicts = approval_verdicts(state, nomination, facts)
    if outcome == "approved":
        blocking = first_not_passing(verdicts) or first_not_passing(verdicts, ("pending",))
        if blocking is not None:
            raise refuse_verdict(blocking, verdicts, "Không phê duyệt được — ", "Approval refused — ")
    return NominationDecided(nomination_id=nomination_id, round_code=state.code, award_kind=nomination.award_kind,
                             nominee_code=nomination.nominee.code, outcome=outcome,  # type: ignore[arg-type]
                             reasons=reasons, decision_number=decision_number, decision_date=decision_date,
                             verdicts=verdicts)


def decide_confer(state: RoundState, nomination_id: str, conferred_on: date,
                  certificate_number: str | None) -> AwardConferred:
    nomination = nomination_of(state, nomination_id)
    require_order(nomination, ("approved",), "trao khen thưởng", "confer it", conferred_on)
    return AwardConferred(nomination_id=nomination_id, conferred_on=conferred_on, certificate_number=certificate_number)


def decide_record_finding(state: RoundState, unit_code: str, exemplary: bool, reasons: str, found_on: date,
                          facts: EligibilityFacts) -> CouncilFindingRecorded:
    defined(state)
    if resolve_nominee(facts, unit_code) is None:
        raise NotFound("U3", f"Không có đơn vị hay đối tượng {unit_code} tại {vi_date(facts.reference_date)}.",
                       f"No unit or participant {unit_code} on {facts.reference_date.isoformat()}.",
                       unit_code=unit_code)
    return CouncilFindingRecorded(round_code=state.code, unit_code=unit_code, exemplary=exemplary,
                                  reasons=reasons, found_on=found_on)
