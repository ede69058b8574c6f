"""A1: the yearly emulation score of each member of a cluster or block, with this movement's part,
recorded per unit per year (aggregate `emulation_score`, id "<year>/<group code>") and ranked.

Readings:
- From 2012 (the plan: "Từ năm 2012"): an earlier year is refused.
- The group is an emulation cluster (of districts) or block (of departments) known to the facts;
  the unit is a member of it on 31 December of the year (U2: the version in force that day).
- Scores are finite and non-negative; the movement's part lies within 0..score (it is a part of
  the score, not a second one).
- A later record of the same unit and year corrects the earlier one (the ranking reads the last).
- Ranking within the group: score descending, standard competition ranking ("1224") for equal
  scores, tied units listed by code.
"""
import math
from collections.abc import Collection, Iterable

from contracts.awards import EmulationScoreRecorded
from thidua_kernel.errors import DomainRefusal

FIRST_YEAR = 2012


def _refuse(vi: str, en: str, **figures: object) -> DomainRefusal:
    return DomainRefusal("A1", vi, en, **figures)


def decide_score(year: int, group_code: str, group_kind: str | None, members_at_year_end: Collection[str],
                 unit_code: str, score: float, movement_score: float) -> EmulationScoreRecorded:
    if year < FIRST_YEAR:
        raise _refuse(f"Điểm thi đua về phong trào được chấm từ năm {FIRST_YEAR}, không cho năm {year}",
                      f"Emulation scores of the movement are recorded from {FIRST_YEAR}, not for {year}",
                      year=year, first_year=FIRST_YEAR)
    if group_kind not in ("cluster", "block"):
        raise _refuse(f"Không có cụm, khối thi đua {group_code}", f"No emulation cluster or block {group_code}",
                      group_code=group_code)
    if unit_code not in members_at_year_end:
        raise _refuse(f"{unit_code} không thuộc cụm, khối {group_code} tại 31/12/{year}",
                      f"{unit_code} is not a member of {group_code} on {year}-12-31",
                      unit_code=unit_code, group_code=group_code, year=year, members=sorted(members_at_year_end))
    if not (math.isfinite(score) and math.isfinite(movement_score)) or score < 0 or not 0 <= movement_score <= score:
        raise _refuse(f"Điểm phải hữu hạn, không âm, điểm phong trào từ 0 đến tổng điểm ({movement_score}/{score})",
                      f"Scores are finite and non-negative, the movement's part within 0..score"
                      f" ({movement_score}/{score})", score=str(score), movement_score=str(movement_score))
    return EmulationScoreRecorded(year=year, group_code=group_code, unit_code=unit_code, score=score,
                                  movement_score=movement_score)


def rank_scores(records: Iterable[EmulationScoreRecorded]) -> list[dict]:
    """The group's members by score ("1224"), the last record of each unit counting."""
    latest: dict[str, EmulationScoreRecorded] = {}
    for record in records:
        latest[record.unit_code] = record
    ordered = sorted(latest.values(), key=lambda r: (-r.score, r.unit_code))
    ranked: list[dict] = []
    for position, record in enumerate(ordered, start=1):
        tied = ranked and ranked[-1]["score"] == record.score
        ranked.append({"unit_code": record.unit_code, "year": record.year, "group_code": record.group_code,
                       "score": record.score, "movement_score": record.movement_score,
                       "rank": ranked[-1]["rank"] if tied else position})
    return ranked
