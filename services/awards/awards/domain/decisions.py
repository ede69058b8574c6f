"""The decisions of a round: each refuses (DomainRefusal naming the rule, with figures) or returns
the contract payload to append to the round's stream (A8–A11).

Readings:
- A round is (re)defined by a whole RoundDefined (A10, validated first); the same definition
  again changes nothing (None). A new definition may not drop an award kind that still has
  active nominations.
- A9(g): a prize is set by a resolution for a kind whose prize is "set later"; a later
  resolution replaces it.
- Submission (A8, A10, A11, then the round's rules): within nominations_open..nominations_due;
  the nominee kind and the nominator kind allowed by the award kind; the nominee inside the
  nominator (scope.py); no active nomination of the same id (a withdrawn or rejected one may be
  submitted again); no active nomination of the nominee in a kind this kind excludes, or in a
  kind that excludes this one (the kind's paragraph names the refusal, else A10); the checks
  (the first `fail` refuses, `pending` is accepted); the quotas' maxima.
"""
from datetime import date

from contracts.awards import AchievementFile, NominationSubmitted, PrizeSet, RoundDefined
from thidua_kernel.errors import DomainRefusal

from .checks import run_checks
from .eligibility_facts import EligibilityFacts
from .nominees import Nominator, Nominee
from .quotas import quota_verdicts
from .refusals import defined, kind_of, out_of_order, refuse_verdict
from .round_rules import refuse, validate_round
from .round_state import ACTIVE, RoundState, nomination_id
from .verdicts import first_not_passing
from .workflow import (  # noqa: F401 (re-exported)
    decide_confer, decide_decision, decide_receive, decide_record_finding, decide_review, decide_withdraw,
)
from .scope import check_scope

__all__ = ["decide_confer", "decide_decision", "decide_define_round", "decide_receive", "decide_record_finding",
           "decide_review",
           "decide_set_prize", "decide_submit", "decide_withdraw"]


def decide_define_round(state: RoundState, definition: RoundDefined) -> RoundDefined | None:
    validate_round(definition)
    if definition.code != state.code:
        raise refuse(f"mã đợt {definition.code!r} khác {state.code!r}", f"code {definition.code!r} is not {state.code!r}",
                     round=state.code, code=definition.code)
    if state.definition == definition:
        return None
    kept = {k.code for k in definition.award_kinds}
    dropped = sorted({n.award_kind for n in state.active() if n.award_kind not in kept})
    if dropped:
        raise refuse(f"không bỏ được loại khen thưởng còn hồ sơ đang xét: {dropped}",
                     f"award kinds with active nominations cannot be dropped: {dropped}", award_kinds=dropped)
    return definition


def decide_set_prize(state: RoundState, award_kind: str, amount_vnd: int, description_vi: str | None,
                     resolution: str) -> PrizeSet:
    kind = kind_of(state, award_kind)
    if not kind.prize.set_later:
        raise DomainRefusal("A9(g)", f"Giải thưởng của {kind.name_vi} đã được định trong đợt, không đặt lại bằng nghị quyết",
                            f"The prize of {kind.name_en} is fixed by the round, not set later by a resolution",
                            award_kind=award_kind, amount_vnd=kind.prize.amount_vnd)
    if amount_vnd < 0 or not resolution.strip():
        raise DomainRefusal("A9(g)", "Mức thưởng phải không âm và có số nghị quyết",
                            "The prize must be non-negative and carry its resolution's number",
                            award_kind=award_kind, amount_vnd=amount_vnd)
    return PrizeSet(round_code=state.code, award_kind=award_kind, amount_vnd=amount_vnd,
                    description_vi=description_vi, resolution=resolution)


def _deadline(definition: RoundDefined, submitted_on: date) -> None:
    if not definition.nominations_open <= submitted_on <= definition.nominations_due:
        raise DomainRefusal(
            "A8", f"Ngày nộp {submitted_on:%d/%m/%Y} ngoài thời hạn nhận hồ sơ"
                  f" {definition.nominations_open:%d/%m/%Y}–{definition.nominations_due:%d/%m/%Y}",
            f"Submitted on {submitted_on.isoformat()}, outside the nominations window"
            f" {definition.nominations_open.isoformat()}–{definition.nominations_due.isoformat()}",
            submitted_on=submitted_on.isoformat(), nominations_open=definition.nominations_open.isoformat(),
            nominations_due=definition.nominations_due.isoformat())


def _excludes(state: RoundState, award_kind: str, nominee: Nominee) -> None:
    kind = kind_of(state, award_kind)
    for held in state.active():
        if held.nominee.code != nominee.code or held.award_kind == award_kind:
            continue
        other = kind_of(state, held.award_kind)
        if held.award_kind in kind.excludes or award_kind in other.excludes:
            rule_kind = kind if held.award_kind in kind.excludes else other
            raise DomainRefusal(
                rule_kind.paragraph or "A10",
                f"{nominee.name} đang được đề nghị {other.name_vi}, không đồng thời đề nghị {kind.name_vi}",
                f"{nominee.name} is nominated for {other.name_en} and cannot also be nominated for {kind.name_en}",
                nominee=nominee.code, award_kind=award_kind, held=held.nomination_id)


def decide_submit(state: RoundState, award_kind: str, nominee: Nominee, nominator: Nominator, file: AchievementFile,
                  submitted_on: date, facts: EligibilityFacts) -> NominationSubmitted:
    definition = defined(state)
    kind = kind_of(state, award_kind)
    _deadline(definition, submitted_on)
    if nominee.kind not in kind.nominee_kinds:
        raise DomainRefusal("A10", f"{kind.name_vi} không xét cho đối tượng loại {nominee.kind}",
                            f"{kind.name_en} is not for nominees of kind {nominee.kind}",
                            award_kind=award_kind, nominee_kind=nominee.kind, nominee_kinds=list(kind.nominee_kinds))
    check_scope(kind, nominee, nominator, facts)
    nid = nomination_id(state.code, award_kind, nominee.code)
    held = state.nominations.get(nid)
    if held is not None and held.status in ACTIVE:
        raise out_of_order(held, "nộp lại hồ sơ", "submit it again", ("withdrawn", "rejected"))
    _excludes(state, award_kind, nominee)
    verdicts = run_checks(kind.checks, nominee, file, facts, state.findings)
    failed = first_not_passing(verdicts)
    if failed is not None:
        raise refuse_verdict(failed, verdicts)
    quotas = quota_verdicts(state, award_kind, nominee, nominator.unit_code, facts)
    over = first_not_passing(quotas)
    if over is not None:
        raise refuse_verdict(over, verdicts + quotas)
    return NominationSubmitted(
        nomination_id=nid, round_code=state.code, award_kind=award_kind, nominee_code=nominee.code,
        nominee_kind=nominee.kind, nominee_name=nominee.name, nominee_district=nominee.district_code,
        nominating_unit=nominator.unit_code, achievement_file=file, submitted_on=submitted_on,
        verdicts=verdicts + quotas)
