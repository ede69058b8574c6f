"""Progress rules, each named after its DOMAIN.md id (P1, P2, P4, P5)."""
from datetime import date

from thidua_facts.domain.criteria import p2_criteria_set_in_force, p3_latest_assessments, p4_criteria_met
from thidua_kernel.errors import DomainRefusal

from .model import CRITERIA_NUMBERS, GROUP_OF_CRITERION, CommuneProgress, CriteriaSet, PublishedSet, Unit


def p1_criterion_number(number: int) -> None:
    """P1: the national set has criteria 1..19 and no others."""
    if number not in CRITERIA_NUMBERS:
        raise DomainRefusal(
            "P1",
            f"Tiêu chí số {number} không có trong Bộ tiêu chí quốc gia (chỉ có các tiêu chí 1–19).",
            f"Criterion {number} is not in the national criteria set (criteria 1-19 only).",
            criterion=number,
            allowed=[CRITERIA_NUMBERS[0], CRITERIA_NUMBERS[-1]],
        )


def p1_complete_set(criteria_set: CriteriaSet) -> None:
    """P1: a published set has each of the 19 criteria once, each in its group I..V."""
    numbers = list(criteria_set.numbers)
    missing = sorted(set(CRITERIA_NUMBERS) - set(numbers))
    unknown = sorted(set(numbers) - set(CRITERIA_NUMBERS))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    misgrouped = sorted(c.number for c in criteria_set.criteria
                        if c.number in GROUP_OF_CRITERION and c.group != GROUP_OF_CRITERION[c.number])
    unnamed = sorted(c.number for c in criteria_set.criteria if not c.name_vi.strip() or not c.name_en.strip())
    if missing or unknown or repeated or misgrouped or unnamed:
        raise DomainRefusal(
            "P1",
            "Bộ tiêu chí phải có đủ 19 tiêu chí, mỗi tiêu chí một lần, đúng nhóm I–V và có tên.",
            "A criteria set has the 19 criteria, each once, each in its group I-V, each named.",
            set_id=criteria_set.set_id,
            missing=missing,
            unknown=unknown,
            repeated=repeated,
            misgrouped=misgrouped,
            unnamed=unnamed,
        )


def p2_set_in_force(sets: list[PublishedSet], day: date) -> CriteriaSet:
    """P2: every assessment and recognition is made under the set in force on its date, as the
    shared rule picks it (p2_criteria_set_in_force, with its tie-break)."""
    chosen = p2_criteria_set_in_force(sets, day)
    if chosen is None:
        raise DomainRefusal(
            "P2",
            f"Chưa có bộ tiêu chí nào có hiệu lực vào ngày {day.isoformat()}.",
            f"No criteria set is in force on {day.isoformat()}.",
            date=day.isoformat(),
            published=[{"set_id": s.set_id, "effective_from": s.effective_from.isoformat()} for s in sets],
        )
    return chosen.criteria_set


def p4_all_criteria_met(progress: CommuneProgress, criteria_set: CriteriaSet, day: date) -> None:
    """P4: recognition only after all criteria of the set in force are met on the decision's date:
    the assessment in effect of each criterion (P3) says met and was made under that set."""
    code = progress.commune_code
    latest = p3_latest_assessments(progress.assessments, day, None)
    met = p4_criteria_met(latest, criteria_set.set_id)
    not_met = [n for n in criteria_set.numbers if (code, n) not in met]
    if not_met:
        raise DomainRefusal(
            "P4",
            f"Xã {progress.commune_code} chưa đạt {len(not_met)} tiêu chí (bộ {criteria_set.set_id})"
            f" vào ngày {day.isoformat()}: {', '.join(map(str, not_met))}.",
            f"Commune {progress.commune_code} does not meet {len(not_met)} criteria (set {criteria_set.set_id})"
            f" on {day.isoformat()}: {', '.join(map(str, not_met))}.",
            commune_code=progress.commune_code,
            criteria_set_id=criteria_set.set_id,
            date=day.isoformat(),
            criteria_not_met=not_met,
            # not assessed under this set (never, or only under an older one)
            never_assessed=[n for n in not_met
                            if (code, n) not in latest or latest[(code, n)].criteria_set_id != criteria_set.set_id],
            met_count=len(criteria_set.numbers) - len(not_met),
        )


def p4_not_yet_recognised(progress: CommuneProgress, day: date) -> None:
    """P4: one recognition at a time; a second needs the first revoked."""
    standing = progress.standing_on(day)
    if standing is not None and standing.recognised:
        raise DomainRefusal(
            "P4",
            f"Xã {progress.commune_code} đã được công nhận đạt chuẩn NTM (quyết định {standing.decision_number},"
            f" {standing.effective_date.isoformat()}).",
            f"Commune {progress.commune_code} is already recognised (decision {standing.decision_number},"
            f" {standing.effective_date.isoformat()}).",
            commune_code=progress.commune_code,
            decision_number=standing.decision_number,
            effective_date=standing.effective_date.isoformat(),
        )


def p4_is_recognised(progress: CommuneProgress, day: date) -> None:
    """P4: only a recognition in effect can be revoked."""
    if not progress.recognised_on(day):
        raise DomainRefusal(
            "P4",
            f"Xã {progress.commune_code} chưa được công nhận đạt chuẩn NTM vào ngày {day.isoformat()}:"
            " không có gì để thu hồi.",
            f"Commune {progress.commune_code} is not recognised on {day.isoformat()}: nothing to revoke.",
            commune_code=progress.commune_code,
            date=day.isoformat(),
        )


def p5_target(unit: Unit, year: int, ntm_rate: float) -> None:
    """P5: targets are rates (0..1) for the province or a district-level unit, by a year."""
    problems = []
    if unit.level not in ("province", "district"):
        problems.append(f"unit level {unit.level}")
    if not 0 <= ntm_rate <= 1:
        problems.append(f"ntm_rate {ntm_rate}")
    if not 2009 <= year <= 2100:  # the programme starts with the 2009 set (P2)
        problems.append(f"year {year}")
    if problems:
        raise DomainRefusal(
            "P5",
            "Chỉ tiêu là tỷ lệ xã đạt chuẩn (0–1) của tỉnh hoặc huyện, cho một năm từ 2009: "
            + "; ".join(problems) + ".",
            "A target is a rate (0-1) of the province or a district, for a year from 2009: "
            + "; ".join(problems) + ".",
            unit_code=unit.code,
            level=unit.level,
            year=year,
            ntm_rate=ntm_rate,
        )
