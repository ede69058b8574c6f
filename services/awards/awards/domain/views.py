"""What the board sees (pure): verdicts run now, flags, the dashboard, the candidates (A2–A11).

Readings:
- current verdicts: the kind's checks on the facts given (at the reference date, as known at K,
  and on the check day) with the nomination's own file, then, for an active nomination, its
  quotas counting the active nominations (itself included).
- flagged: undecided, or approved and not yet conferred, with a check or quota that fails now;
  shown with its rule and figures, never dropped or approved silently. Pending is not a flag.
- dashboard counts per kind and status (under_review = reviewed), flagged, the quota usage of
  every group (quotas.usage) and what is missing (the minima not reached).
- candidates: every unit and participant of the kind's nominee kinds at the reference date, with
  each check's verdict (parts reading the file are pending until a nomination brings one).
"""
from contracts.awards import Verdict

from .checks import run_checks
from .eligibility_facts import EligibilityFacts, resolve_nominee
from .nominees import Nominee
from .quotas import missing, quota_verdicts, usage
from .round_state import ACTIVE, DECIDED_APPROVED, UNDECIDED, NominationState, RoundState, nomination_id

STATUS_COUNTS = {"submitted": "submitted", "received": "received", "reviewed": "under_review",
                 "approved": "approved", "rejected": "rejected", "withdrawn": "withdrawn", "conferred": "conferred"}


def nominee_now(nomination: NominationState, facts: EligibilityFacts) -> Nominee:
    """The nominee as the facts given know it (else as submitted)."""
    return resolve_nominee(facts, nomination.nominee.code) or nomination.nominee


def _checks(state: RoundState, nomination: NominationState, facts: EligibilityFacts) -> tuple[Nominee, list[Verdict]]:
    kind = state.kind(nomination.award_kind)
    nominee = nominee_now(nomination, facts)
    if kind is None:
        return nominee, []
    return nominee, run_checks(kind.checks, nominee, nomination.achievement_file, facts, state.findings)


def current_verdicts(state: RoundState, nomination: NominationState, facts: EligibilityFacts) -> list[Verdict]:
    nominee, verdicts = _checks(state, nomination, facts)
    if nomination.status in ACTIVE and state.kind(nomination.award_kind) is not None:
        verdicts += quota_verdicts(state, nomination.award_kind, nominee, nomination.nominating_unit, facts,
                                   exclude=nomination.nomination_id)
    return verdicts


def approval_verdicts(state: RoundState, nomination: NominationState, facts: EligibilityFacts) -> list[Verdict]:
    """At decision: the checks again, and the quotas counting approved + conferred plus this one."""
    nominee, verdicts = _checks(state, nomination, facts)
    return verdicts + quota_verdicts(state, nomination.award_kind, nominee, nomination.nominating_unit, facts,
                                     statuses=DECIDED_APPROVED, exclude=nomination.nomination_id)


def is_flagged(nomination: NominationState, verdicts: list[Verdict]) -> bool:
    open_ = nomination.status in UNDECIDED or nomination.status == "approved"
    return open_ and any(v.outcome == "fail" for v in verdicts)


def flags(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.outcome == "fail"]


def _prize(state: RoundState, code: str) -> dict:
    kind = state.kind(code)
    assert kind is not None
    held = state.prizes.get(code)
    if held is not None:
        return {"amount_vnd": held.amount_vnd, "description_vi": held.description_vi or kind.prize.description_vi,
                "set_later": kind.prize.set_later, "resolution": held.resolution}
    return {"amount_vnd": kind.prize.amount_vnd, "description_vi": kind.prize.description_vi,
            "set_later": kind.prize.set_later, "resolution": None}


def dashboard(state: RoundState, facts: EligibilityFacts) -> dict:
    if state.definition is None:
        return {"round": state.code, "version": state.version, "kinds": [], "quotas": [], "missing": []}
    rows = usage(state, facts)
    kinds = []
    for kind in state.definition.award_kinds:
        counts = dict.fromkeys([*STATUS_COUNTS.values(), "flagged"], 0)
        for n in state.nominations.values():
            if n.award_kind != kind.code:
                continue
            counts[STATUS_COUNTS[n.status]] += 1
            counts["flagged"] += is_flagged(n, current_verdicts(state, n, facts))
        kinds.append({
            "code": kind.code, "name_vi": kind.name_vi, "name_en": kind.name_en, "level": kind.level,
            "paragraph": kind.paragraph, "decided_by": kind.decided_by, "prize": _prize(state, kind.code),
            "quotas": [{"rule": q.rule, "group": q.group, "maximum": q.maximum, "minimum": q.minimum,
                        "share_of_communes_pct": q.share_of_communes_pct}
                       for q in state.definition.quotas if kind.code in q.award_kinds],
            "counts": counts,
        })
    return {"round": state.code, "version": state.version, "reference_date": state.definition.reference_date.isoformat(),
            "kinds": kinds, "quotas": rows, "missing": missing(state, facts, rows)}


def candidates(state: RoundState, award_kind: str, facts: EligibilityFacts) -> list[tuple[Nominee, list[Verdict]]]:
    kind = state.kind(award_kind)
    if kind is None:
        return []
    found = []
    for code in sorted({*facts.units, *facts.participants}):
        nominee = resolve_nominee(facts, code)
        if nominee is None or nominee.kind not in kind.nominee_kinds:
            continue
        held = state.nominations.get(nomination_id(state.code, award_kind, code))
        file = held.achievement_file if held is not None else None
        found.append((nominee, run_checks(kind.checks, nominee, file, facts, state.findings)))
    return found
