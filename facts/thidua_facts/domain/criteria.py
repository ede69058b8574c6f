"""Criteria at a date (P1-P5): the set in force, the latest assessments, attainment, near standard,
the communes lacking a criterion. The one home of these rules: the progress commands, the
progress views, awards and reporting all call these functions.

Readings:

- P2: the set in force at (D, K) is, among the sets whose publication was recorded by K (each in
  its latest publication), the one with the latest effective_from <= D. Tie-break (one, for the
  commands and the views alike): on equal effective_from the set whose *first* publication was
  recorded later wins, and on equal first recording times the greater set id.
- P3: the assessment of a (commune, criterion) in effect at (D, K) is the latest by (effective
  date, stream version) among those effective by D and recorded by K. Criteria can be lost again.
- P2/P4: a criterion counts as met at D when that assessment says met AND was made under the set
  in force at D: an assessment under an older set does not count for a newer one (names,
  indicators and thresholds differ), which is what the recognition command checks (P4). So
  "19 met" here means "could be recognised at D".
- Near standard: 17 or 18 of the 19 met and not recognised at D (P4: met is not recognised).
"""
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Protocol, TypeVar

from ..model import CRITERIA, AssessmentFact, UnitState, latest_per_key, visible

NEAR_STANDARD = (17, 18)


class SetPublication(Protocol):
    """What P2 needs of a publication: the views pass CriteriaSetFact, the commands their cache's entries."""

    @property
    def set_id(self) -> str: ...
    @property
    def stream_version(self) -> int: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def effective_from(self) -> date: ...


Publication = TypeVar("Publication", bound=SetPublication)


def p3_latest_assessments(facts: Iterable[AssessmentFact], day: date,
                          known_at: datetime | None) -> dict[tuple[str, int], AssessmentFact]:
    """P3: per (commune, criterion), the latest assessment effective by `day` and known at K."""
    return latest_per_key(facts, attrgetter("commune_code", "criterion"), attrgetter("effective_date"), day, known_at)


def p2_criteria_set_in_force(publications: Iterable[Publication], day: date,
                             known_at: datetime | None = None) -> Publication | None:
    """P2: the set in force at (D, K), in its latest publication known at K (see the readings)."""
    latest: dict[str, Publication] = {}
    first_published: dict[str, datetime] = {}
    for p in publications:
        if not visible(p.recorded_at, known_at):
            continue
        if p.set_id not in latest or p.stream_version > latest[p.set_id].stream_version:
            latest[p.set_id] = p
        first_published[p.set_id] = min(p.recorded_at, first_published.get(p.set_id, p.recorded_at))
    candidates = [s for s in latest.values() if s.effective_from <= day]
    return max(candidates, key=lambda s: (s.effective_from, first_published[s.set_id], s.set_id), default=None)


def p4_criteria_met(latest: Mapping[tuple[str, int], AssessmentFact], set_id: str | None) -> set[tuple[str, int]]:
    """P2/P4: the (commune, criterion) pairs met at D under the set in force (none without a set)."""
    return {key for key, a in latest.items() if a.met and set_id is not None and a.criteria_set_id == set_id}


def criteria_met_counts(communes: Sequence[UnitState], met: Iterable[tuple[str, int]]) -> dict[str, int]:
    """How many criteria each xã meets at D (0 for a xã never assessed)."""
    counts = {u.code: 0 for u in communes}
    for commune_code, criterion in set(met):
        if commune_code in counts and criterion in CRITERIA:
            counts[commune_code] += 1
    return counts


def criteria_attainment(communes: Sequence[UnitState], met: Iterable[tuple[str, int]]) -> dict[int, int]:
    """P3/R2: for each criterion 1..19, the number of xã meeting it at D."""
    codes = {u.code for u in communes}
    attained = dict.fromkeys(CRITERIA, 0)
    for commune_code, criterion in set(met):
        if commune_code in codes and criterion in attained:
            attained[criterion] += 1
    return attained


def criteria_met_histogram(counts: Mapping[str, int]) -> dict[int, int]:
    """Number of xã by number of criteria met, 0..19 (every bucket present)."""
    histogram = dict.fromkeys(range(len(CRITERIA) + 1), 0)
    for count in counts.values():
        histogram[count] += 1
    return histogram


def near_standard(communes: Sequence[UnitState], counts: Mapping[str, int],
                  recognised: frozenset[str]) -> list[UnitState]:
    """Xã with 17 or 18 criteria met and not recognised at D (P4: met is not recognised), by code."""
    return [u for u in communes if counts.get(u.code) in NEAR_STANDARD and u.code not in recognised]


def p5_communes_lacking(communes: Sequence[UnitState], met: Iterable[tuple[str, int]],
                        criterion: int) -> list[UnitState]:
    """P5 ("by 2012 every commune has its planning", criterion 1): the xã of D that do not meet
    `criterion` at D, by code. Reading: lacking = not met under the set in force at D, whether
    its latest assessment says not met, was made under an older set, or it was never assessed."""
    having = {code for code, n in met if n == criterion}
    return [u for u in communes if u.code not in having]
