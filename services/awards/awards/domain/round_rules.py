"""A10: a round definition is data; it is checked before it is recorded.

Refused (rule A10, with the offending field): an empty code or no award kinds; period_from after
period_to; nominations_open after nominations_due; two award kinds with one code; an award kind
with no nominee kind or no nominator; `excludes` naming an unknown kind or the kind itself; a
check with an empty rule, unknown params or params out of range (ntm_rank_between needs
1 <= min <= max; counts are >= 0); a prize both fixed and "set later", or negative; a quota with
an empty rule, no award kinds, an unknown award kind, no limit at all (maximum, minimum or
share), a negative limit, minimum above maximum, a share outside 1..100 or not grouped by the
nominee's district.
"""
from typing import Any

from contracts.awards import AwardKind, Check, Quota, RoundDefined
from thidua_kernel.errors import DomainRefusal

CHECK_PARAMS: dict[str, frozenset[str]] = {
    "highest_ntm_rate": frozenset(), "recognised": frozenset(), "council_exemplary": frozenset(),
    "in_exemplary_district": frozenset(), "individual_standard": frozenset(),
    "ntm_rank_between": frozenset({"min", "max"}),
    "supports_units": frozenset({"districts", "subordinate_communes"}),
    "achievement_file": frozenset({"attachments"}),
}


def refuse(vi: str, en: str, **figures: Any) -> DomainRefusal:
    return DomainRefusal("A10", f"Định nghĩa đợt khen thưởng không hợp lệ: {vi}",
                         f"The round definition is not valid: {en}", **figures)


def _check(kind: AwardKind, check: Check) -> None:
    where = {"award_kind": kind.code, "check": check.check}
    if not check.rule.strip():
        raise refuse("kiểm tra thiếu mã quy định", "a check has no rule id", **where)
    unknown = set(check.params) - CHECK_PARAMS[check.check]
    if unknown:
        raise refuse(f"tham số không dùng được: {sorted(unknown)}", f"unknown params {sorted(unknown)}", **where)
    if any(value < 0 for value in check.params.values()):
        raise refuse("tham số âm", "a negative param", **where, params=check.params)
    if check.check == "ntm_rank_between":
        low, high = check.params.get("min"), check.params.get("max")
        if low is None or high is None or not 1 <= low <= high:
            raise refuse("ntm_rank_between cần 1 ≤ min ≤ max", "ntm_rank_between needs 1 <= min <= max",
                         **where, params=check.params)


def _kind(kind: AwardKind, codes: set[str]) -> None:
    if not kind.code.strip() or not kind.nominee_kinds or not kind.nominated_by:
        raise refuse(f"loại khen thưởng {kind.code!r} thiếu mã, đối tượng hoặc cấp đề nghị",
                     f"award kind {kind.code!r} lacks a code, nominee kinds or nominators", award_kind=kind.code)
    for other in kind.excludes:
        if other not in codes or other == kind.code:
            raise refuse(f"{kind.code} loại trừ {other!r} không có trong đợt", f"{kind.code} excludes unknown {other!r}",
                         award_kind=kind.code, excludes=other)
    for check in kind.checks:
        _check(kind, check)
    prize = kind.prize
    if (prize.amount_vnd is not None and prize.set_later) or (prize.amount_vnd or 0) < 0:
        raise refuse(f"giải thưởng của {kind.code} không rõ", f"the prize of {kind.code} is ambiguous or negative",
                     award_kind=kind.code)


def _quota(index: int, quota: Quota, codes: set[str]) -> None:
    where = {"quota": index, "quota_rule": quota.rule}
    if not quota.rule.strip() or not quota.award_kinds:
        raise refuse("chỉ tiêu thiếu mã quy định hoặc loại khen thưởng", "a quota lacks a rule id or award kinds", **where)
    unknown = [k for k in quota.award_kinds if k not in codes]
    if unknown:
        raise refuse(f"chỉ tiêu nêu loại khen thưởng không có: {unknown}", f"a quota names unknown kinds {unknown}",
                     **where)
    limits = (quota.maximum, quota.minimum, quota.share_of_communes_pct)
    if all(v is None for v in limits) or any(v is not None and v < 0 for v in limits):
        raise refuse("chỉ tiêu không có giới hạn hoặc giới hạn âm", "a quota has no limit or a negative one", **where)
    if quota.maximum is not None and quota.minimum is not None and quota.minimum > quota.maximum:
        raise refuse("tối thiểu lớn hơn tối đa", "minimum above maximum", **where)
    pct = quota.share_of_communes_pct
    if pct is not None and (not 1 <= pct <= 100 or quota.group != "nominee_district"):
        raise refuse("tỷ lệ theo số xã phải từ 1 đến 100 và tính theo huyện",
                     "a share of communes lies in 1..100 and is grouped by the nominee's district", **where)


def validate_round(definition: RoundDefined) -> None:
    """Raise DomainRefusal("A10", ...) naming the first fault of the definition."""
    if not definition.code.strip() or not definition.award_kinds:
        raise refuse("thiếu mã đợt hoặc loại khen thưởng", "no code or no award kinds", round=definition.code)
    if definition.period_from > definition.period_to:
        raise refuse("giai đoạn bắt đầu sau khi kết thúc", "the period starts after it ends",
                     period_from=definition.period_from, period_to=definition.period_to)
    if definition.nominations_open > definition.nominations_due:
        raise refuse("hạn nộp trước ngày mở", "nominations are due before they open",
                     nominations_open=definition.nominations_open.isoformat(),
                     nominations_due=definition.nominations_due.isoformat())
    codes = [k.code for k in definition.award_kinds]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise refuse(f"mã loại khen thưởng trùng: {doubled}", f"award kind codes repeat: {doubled}", codes=doubled)
    for kind in definition.award_kinds:
        _kind(kind, set(codes))
    for index, quota in enumerate(definition.quotas):
        _quota(index, quota, set(codes))
