"""R2's nominations and awards (A8-A11), pure: the rounds of the province known at K whose
nominations had opened by D, each with its nominations where they stand at D, the counts by
status (per round and per award kind) and the awards (approved or conferred at D).

Reading chosen: a round whose nominations open after D has nothing to report on D and is left
out; a round of another province (its latest definition known at K) is not this report's.
"""
from datetime import date, datetime
from typing import Any

from .domain.awards import AWARDED, STATUSES, AwardFactsKnown, NominationAt, RoundFact, nominations_at, rounds_known


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}


def _nomination_json(n: NominationAt, kind_names: dict[str, str]) -> dict[str, Any]:
    s, d = n.submission, n.decision
    return {"nomination_id": s.nomination_id, "award_kind": s.award_kind,
            "award_name_vi": kind_names.get(s.award_kind or ""), "nominee_code": s.nominee_code,
            "nominee_kind": s.nominee_kind, "nominee_name": s.nominee_name, "nominee_district": s.nominee_district,
            "nominating_unit": s.nominating_unit, "submitted_on": s.on_day.isoformat(), "status": n.status,
            "status_on": n.status_on.isoformat(),
            "decision_number": d.decision_number if d else None,
            "decision_date": d.on_day.isoformat() if d else None}


def _award_json(n: NominationAt, kind_names: dict[str, str]) -> dict[str, Any]:
    s, d, c = n.submission, n.decision, n.conferred
    assert d is not None  # approved or conferred: decided
    return {"nomination_id": s.nomination_id, "award_kind": s.award_kind,
            "award_name_vi": kind_names.get(s.award_kind or ""), "nominee_code": s.nominee_code,
            "nominee_kind": s.nominee_kind, "nominee_name": s.nominee_name,
            "decision_number": d.decision_number, "decision_date": d.on_day.isoformat(),
            "conferred_on": c.on_day.isoformat() if c else None,
            "certificate_number": c.certificate_number if c else None}


def _round_json(r: RoundFact, nominations: list[NominationAt]) -> dict[str, Any]:
    order = {k.code: i for i, k in enumerate(r.award_kinds)}
    kind_names = {k.code: k.name_vi for k in r.award_kinds}
    ordered = sorted(nominations, key=lambda n: (order.get(n.submission.award_kind or "", len(order)),
                                                 n.submission.nomination_id))
    rows = [_nomination_json(n, kind_names) for n in ordered]
    awarded = sorted((n for n in ordered if n.status in AWARDED),
                     key=lambda n: (n.decision.on_day if n.decision else date.min, n.submission.nomination_id))
    return {"code": r.round_code, "title_vi": r.title_vi, "title_en": r.title_en, "kind": r.kind,
            "period_from": r.period_from, "period_to": r.period_to,
            "nominations_open": r.nominations_open.isoformat(), "nominations_due": r.nominations_due.isoformat(),
            "counts": _counts(rows),
            "by_kind": [{"code": k.code, "name_vi": k.name_vi, "level": k.level,
                         "counts": _counts([x for x in rows if x["award_kind"] == k.code])} for k in r.award_kinds],
            "nominations": rows,
            "awards": [_award_json(n, kind_names) for n in awarded]}


def awards_section(known: AwardFactsKnown, province_code: str, as_of: date,
                   known_at: datetime | None) -> dict[str, Any]:
    """The `awards` key of the report: {rounds [...], counts {status: n}} (pure)."""
    ours = [r for r in rounds_known(known.rounds, known_at).values()
            if r.province_code == province_code and r.nominations_open <= as_of]
    codes = {r.round_code for r in ours}
    standing = nominations_at([s for s in known.steps if s.round_code in codes], as_of, known_at)
    by_round: dict[str, list[NominationAt]] = {code: [] for code in codes}
    for n in standing.values():
        by_round[n.submission.round_code].append(n)
    found = [_round_json(r, by_round[r.round_code])
             for r in sorted(ours, key=lambda r: (r.nominations_open, r.round_code))]
    return {"rounds": found,
            "counts": {s: sum(r["counts"][s] for r in found) for s in STATUSES}}
