"""A2 and A5: the nominee district's P5 rank at the reference date (thidua_facts' ranking, "1224").

"A5: Huyện Văn Quan xếp thứ 4 tại 31/12/2015 (2/14 xã = 14,3%)", then what was needed.
"""
from contracts.awards import Check, Verdict

from .eligibility_facts import EligibilityFacts
from .messages import en_name, ordinal, rate_en, rate_vi
from .nominees import Nominee
from .verdicts import verdict


def _rank_verdict(check: Check, nominee: Nominee, facts: EligibilityFacts, low: int, high: int,
                  need_vi: str, need_en: str) -> Verdict:
    d_vi, d_en = f"{facts.reference_date:%d/%m/%Y}", facts.reference_date.isoformat()
    ranked = facts.rank_of(nominee.code)
    name = nominee.name
    figures: dict = {"unit": nominee.code, "name": name, "reference_date": d_en, "rank_min": low, "rank_max": high}
    if ranked is None:
        return verdict(check, "fail", f"{name} không phải đơn vị cấp huyện của tỉnh tại {d_vi}",
                       f"{en_name(name)} is not a district-level unit of the province on {d_en}", figures)
    unit = ranked.unit
    figures |= {"rank": ranked.rank, "recognised": unit.recognised, "communes": unit.communes,
                "rate": round(unit.rate, 6) if unit.rate is not None else None}
    if ranked.rank is None:
        return verdict(check, "fail", f"{name} không có xã nào tại {d_vi} nên không được xếp hạng ({need_vi})",
                       f"{en_name(name)} has no xã on {d_en} and is not ranked ({need_en})", figures)
    said_vi = f"{name} xếp thứ {ranked.rank} tại {d_vi} ({rate_vi(unit.recognised, unit.communes)})"
    said_en = f"{en_name(name)} ranks {ordinal(ranked.rank)} on {d_en} ({rate_en(unit.recognised, unit.communes)})"
    if unit.recognised == 0:
        return verdict(check, "fail", f"{said_vi}: chưa có xã nào được công nhận đạt chuẩn",
                       f"{said_en}: no xã recognised yet", figures)
    if low <= ranked.rank <= high:
        return verdict(check, "pass", said_vi, said_en, figures)
    return verdict(check, "fail", f"{said_vi}, {need_vi}", f"{said_en}, {need_en}", figures)


def highest_ntm_rate(check: Check, nominee: Nominee, facts: EligibilityFacts) -> Verdict:
    """A2: rank 1 (ties share it) with at least one recognised xã (rules.a2_candidates)."""
    return _rank_verdict(check, nominee, facts, 1, 1, "cần tỷ lệ xã đạt chuẩn cao nhất tỉnh (thứ 1)",
                         "needs the highest rate in the province (1st)")


def ntm_rank_between(check: Check, nominee: Nominee, facts: EligibilityFacts) -> Verdict:
    """A5: rank within params min..max (2..3), with at least one recognised xã (rules.a5_candidates)."""
    low, high = check.params.get("min", 1), check.params.get("max", 1)
    span_vi = f"thứ {low}" if low == high else f"từ thứ {low} đến thứ {high}"
    span_en = ordinal(low) if low == high else f"{ordinal(low)} to {ordinal(high)}"
    return _rank_verdict(check, nominee, facts, low, high, f"cần xếp {span_vi}", f"needs {span_en}")
