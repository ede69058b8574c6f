"""The check catalogue (contracts.awards CheckKind → Verdict), judged from EligibilityFacts and the
round's council findings, each reported under the round's own rule id (A2–A7).

Readings (also in services/awards/README.md):
- highest_ntm_rate (A2): the nominee district ranks 1st by NTM rate at the reference date and has
  at least one recognised xã (rules.a2_candidates); ntm_rank_between (A5: 2..3): its competition
  rank ("1224") lies within params min..max, with at least one recognised xã.
- recognised (A3, A6): recognised at the reference date and, when the check's day is later (the
  decision's), still recognised that day (a revocation in between fails).
- council_exemplary: the council's latest finding on the nominee in this round (any award kind);
  pending until there is one. in_exemplary_district (A6): the same for the nominee's district.
- supports_units (A4): the nominee pledged support to ≥ params.districts district-level units, and
  EACH participant whose parent is the nominee (its subordinate units) pledged to ≥
  params.subordinate_communes xã or thị trấn; none subordinate: that part passes.
- individual_standard (A7): kind official | business_person | household; a business person
  carries an address; the achievement file's justification (the narrative standard) is not empty.
- achievement_file: a justification, and ≥ params.attachments attachments.
- Without an achievement file (the candidates list), the parts that read it are pending.
"""
from collections.abc import Callable, Mapping

from contracts.awards import AchievementFile, Check, Verdict

from .eligibility_facts import EligibilityFacts
from .messages import en_name
from .nominees import ADDRESS_KINDS, INDIVIDUAL_KINDS, Nominee
from .rank_checks import highest_ntm_rate, ntm_rank_between
from .round_state import CouncilFinding
from .verdicts import verdict


class CheckInput:
    """What one check reads: the nominee, its file (None: not yet), the facts, the findings."""

    def __init__(self, nominee: Nominee, file: AchievementFile | None, facts: EligibilityFacts,
                 findings: Mapping[str, CouncilFinding]) -> None:
        self.nominee, self.file, self.facts, self.findings = nominee, file, facts, findings


def recognised(check: Check, x: CheckInput) -> Verdict:
    n, facts = x.nominee, x.facts
    at_d = n.code in facts.recognised_at_reference
    figures = {"unit": n.code, "name": n.name, "reference_date": facts.reference_date.isoformat(),
               "recognised_at_reference": at_d}
    d_vi, d_en = f"{facts.reference_date:%d/%m/%Y}", facts.reference_date.isoformat()
    if not at_d:
        return verdict(check, "fail", f"{n.name} chưa được công nhận đạt chuẩn nông thôn mới tại {d_vi}",
                       f"{en_name(n.name)} is not recognised as meeting the NTM standard on {d_en}", figures)
    if facts.check_date is not None:
        later = n.code in (facts.recognised_at_check or frozenset())
        c_vi, c_en = f"{facts.check_date:%d/%m/%Y}", facts.check_date.isoformat()
        figures |= {"check_date": facts.check_date.isoformat(), "recognised_at_check": later}
        if not later:
            return verdict(check, "fail",
                           f"{n.name} được công nhận đạt chuẩn nông thôn mới tại {d_vi} nhưng không còn được công nhận"
                           f" tại {c_vi} (quyết định công nhận đã bị thu hồi)",
                           f"{en_name(n.name)} was recognised as meeting the NTM standard on {d_en} but is no longer"
                           f" recognised on {c_en} (the recognition was revoked)", figures)
    return verdict(check, "pass", f"{n.name} được công nhận đạt chuẩn nông thôn mới tại {d_vi}",
                   f"{en_name(n.name)} is recognised as meeting the NTM standard on {d_en}", figures)


def _finding(check: Check, code: str | None, name: str, findings: Mapping[str, CouncilFinding],
             lead_vi: str = "", lead_en: str = "") -> Verdict:
    figures: dict = {"unit": code, "name": name}
    if code is None:
        return verdict(check, "fail", f"{lead_vi}{name} không thuộc huyện nào của tỉnh",
                       f"{lead_en}{en_name(name)} lies in no district of the province", figures)
    found = findings.get(code)
    if found is None:
        return verdict(check, "pending",
                       f"{lead_vi}chờ Hội đồng Thi đua, Khen thưởng đánh giá {name} có tiêu biểu hay không",
                       f"{lead_en}awaiting the council's finding on whether {en_name(name)} is exemplary",
                       figures | {"exemplary": None})
    figures |= {"exemplary": found.exemplary, "reviewed_on": found.reviewed_on.isoformat(),
                "finding_nomination": found.nomination_id}
    said_vi, said_en = ("là tiêu biểu", "exemplary") if found.exemplary else ("không tiêu biểu", "not exemplary")
    return verdict(check, "pass" if found.exemplary else "fail",
                   f"{lead_vi}Hội đồng Thi đua, Khen thưởng đánh giá {name} {said_vi}"
                   f" (ngày {found.reviewed_on:%d/%m/%Y}: {found.reasons})",
                   f"{lead_en}the council found {en_name(name)} {said_en}"
                   f" ({found.reviewed_on.isoformat()}: {found.reasons})", figures)


def council_exemplary(check: Check, x: CheckInput) -> Verdict:
    return _finding(check, x.nominee.code, x.nominee.name, x.findings)


def in_exemplary_district(check: Check, x: CheckInput) -> Verdict:
    district = x.nominee.district_code
    name = x.facts.name_of(district) if district is not None else x.nominee.name
    lead_vi, lead_en = f"{x.nominee.name} thuộc {name}: ", f"{en_name(x.nominee.name)} lies in {en_name(name)}: "
    if district is None:
        lead_vi = lead_en = ""
    return _finding(check, district, name, x.findings, lead_vi, lead_en)


def supports_units(check: Check, x: CheckInput) -> Verdict:
    n, facts = x.nominee, x.facts
    need_d, need_c = check.params.get("districts", 1), check.params.get("subordinate_communes", 2)
    districts = sorted(c for c in facts.supported_by(n.code)
                       if (u := facts.units.get(c)) is not None and u.level == "district")
    subordinates = sorted(p.code for p in facts.participants.values() if p.parent_code == n.code
                          and p.kind not in INDIVIDUAL_KINDS)
    communes = {s: sorted(c for c in facts.supported_by(s) if (u := facts.units.get(c)) is not None
                          and u.unit_type in ("rural_commune", "township")) for s in subordinates}
    short = [s for s in subordinates if len(communes[s]) < need_c]
    figures = {"unit": n.code, "districts_supported": districts, "districts_required": need_d,
               "subordinates": [{"code": s, "communes": communes[s]} for s in subordinates],
               "subordinate_communes_required": need_c, "subordinates_short": short}
    ok_vi = f"{len(subordinates) - len(short)}/{len(subordinates)} đơn vị trực thuộc hỗ trợ ≥ {need_c} xã, thị trấn"
    ok_en = f"{len(subordinates) - len(short)}/{len(subordinates)} subordinate units support ≥ {need_c} xã or thị trấn"
    vi = f"{n.name} đăng ký hỗ trợ {len(districts)} huyện (cần ≥ {need_d}); {ok_vi}"
    en = f"{en_name(n.name)} pledged support to {len(districts)} district(s) (needs ≥ {need_d}); {ok_en}"
    if short:
        names = ", ".join(f"{facts.name_of(s)} ({len(communes[s])})" for s in short)
        vi, en = vi + f"; chưa đủ: {names}", en + f"; short: {names}"
    return verdict(check, "pass" if len(districts) >= need_d and not short else "fail", vi, en, figures)


def _no_file(check: Check, name: str) -> Verdict:
    return verdict(check, "pending", f"{name}: chưa có hồ sơ thành tích", f"{en_name(name)}: no achievement file yet",
                   {"file": False})


def individual_standard(check: Check, x: CheckInput) -> Verdict:
    n = x.nominee
    figures = {"unit": n.code, "kind": n.kind, "address": n.address_present}
    if n.kind not in INDIVIDUAL_KINDS:
        return verdict(check, "fail", f"{n.name} không phải cá nhân (loại {n.kind})",
                       f"{n.name} is not an individual (kind {n.kind})", figures)
    if n.kind in ADDRESS_KINDS and not n.address_present:
        return verdict(check, "fail", f"{n.name} chưa có địa chỉ cụ thể (bắt buộc với doanh nhân, trí thức, nhà khoa học)",
                       f"{n.name} has no concrete address (required of business people and the like)", figures)
    if x.file is None:
        return _no_file(check, n.name)
    if not x.file.justification.strip():
        return verdict(check, "fail", f"{n.name}: hồ sơ chưa nêu thành tích theo tiêu chuẩn",
                       f"{n.name}: the file states no achievement against the standard", figures)
    return verdict(check, "pass", f"{n.name} đạt tiêu chuẩn cá nhân ({n.kind})",
                   f"{n.name} meets the individual standard ({n.kind})", figures)


def achievement_file(check: Check, x: CheckInput) -> Verdict:
    if x.file is None:
        return _no_file(check, x.nominee.name)
    need = check.params.get("attachments", 0)
    has, text = len(x.file.attachments), bool(x.file.justification.strip())
    figures = {"attachments": has, "attachments_required": need, "justification": text}
    outcome = "pass" if text and has >= need else "fail"
    return verdict(check, outcome, f"Hồ sơ thành tích: {'có' if text else 'chưa có'} báo cáo thành tích,"
                                   f" {has} tài liệu kèm theo (cần ≥ {need})",
                   f"Achievement file: {'a' if text else 'no'} justification, {has} attachment(s) (needs ≥ {need})",
                   figures)


CHECKS: dict[str, Callable[[Check, CheckInput], Verdict]] = {
    "highest_ntm_rate": lambda c, x: highest_ntm_rate(c, x.nominee, x.facts),
    "ntm_rank_between": lambda c, x: ntm_rank_between(c, x.nominee, x.facts),
    "recognised": recognised,
    "council_exemplary": council_exemplary,
    "in_exemplary_district": in_exemplary_district,
    "supports_units": supports_units,
    "individual_standard": individual_standard,
    "achievement_file": achievement_file,
}


def run_checks(checks: list[Check], nominee: Nominee, file: AchievementFile | None, facts: EligibilityFacts,
               findings: Mapping[str, CouncilFinding]) -> list[Verdict]:
    """Every check of an award kind, in the order the round lists them."""
    x = CheckInput(nominee, file, facts, findings)
    return [CHECKS[c.check](c, x) for c in checks]
