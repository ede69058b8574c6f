"""P2, P3: which threshold applies to an indicator value, and whether the value satisfies it.

Readings chosen (DOMAIN.md P2 gives the keys, not the lookup):
- Region: a region with any threshold of its own for an indicator is judged by its own
  thresholds only; a region without any is judged by the general ones (region "national",
  the decisions' "chỉ tiêu chung"). Lạng Sơn's 50% for village roads is never topped up to 70%.
- Year: a threshold's `year` is the year it applies from, until a later year's threshold for the
  same region; `year` None applies for every year of the set. So the 2016 set's income threshold
  "36 million VND by 2020" judges assessments taking effect in 2020 or later, and nothing judges
  income in 2017 until a threshold for 2017 is entered.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import CriteriaSet, Threshold

GENERAL_REGION = "national"
COMPARISONS = (">=", "<=", "==")


@dataclass(frozen=True)
class ThresholdEntry:
    """A threshold entered after publication (P2); it replaces the one with the same (region, year)."""

    criterion: int
    indicator: str
    threshold: Threshold

    @property
    def key(self) -> tuple[int, str, str, int | None]:
        return self.criterion, self.indicator, self.threshold.region, self.threshold.year


def with_entries(criteria_set: CriteriaSet, entries: Iterable[ThresholdEntry]) -> CriteriaSet:
    """The published set with the entered thresholds laid over it (in recording order: last wins).

    Entries for a criterion or indicator a re-publication no longer has are left out.
    """
    latest = {e.key: e.threshold for e in entries}
    if not latest:
        return criteria_set
    criteria = []
    for c in criteria_set.criteria:
        indicators = []
        for i in c.indicators:
            merged = {(t.region, t.year): t for t in i.thresholds}
            merged.update({(r, y): t for (n, code, r, y), t in latest.items() if (n, code) == (c.number, i.code)})
            ordered = sorted(merged.values(), key=lambda t: (t.region, -1 if t.year is None else t.year))
            indicators.append(replace(i, thresholds=tuple(ordered)))
        criteria.append(replace(c, indicators=tuple(indicators)))
    return replace(criteria_set, criteria=tuple(criteria))


def _from_year(t: Threshold) -> int:
    return -1 if t.year is None else t.year


def regional(thresholds: Iterable[Threshold], region: str) -> list[Threshold]:
    """The thresholds that speak for `region`: its own, or the general ones when it has none."""
    thresholds = list(thresholds)
    own = [t for t in thresholds if t.region == region]
    return own or [t for t in thresholds if t.region == GENERAL_REGION]


def applicable(thresholds: Iterable[Threshold], region: str, year: int) -> Threshold | None:
    """The one threshold judging a value of `region` in `year`, or None (then it is not judged)."""
    in_force = [t for t in regional(thresholds, region) if t.year is None or t.year <= year]
    return max(in_force, key=_from_year, default=None)


def select(thresholds: Iterable[Threshold], region: str | None, year: int | None) -> list[Threshold]:
    """The thresholds a reader asked for: of one region (as judged), in force in one year, or both."""
    thresholds = list(thresholds)
    regions = [region] if region else sorted({t.region for t in thresholds})
    chosen: list[Threshold] = []
    for r in regions:
        pool = regional(thresholds, r)
        if year is None:
            chosen += pool
        else:
            found = applicable(pool, r, year)
            chosen += [found] if found is not None else []
    return list(dict.fromkeys(chosen))


def satisfies(value: float, threshold: Threshold) -> bool:
    if threshold.comparison == ">=":
        return value >= threshold.value
    if threshold.comparison == "<=":
        return value <= threshold.value
    # "==": yes/no indicators (1 = đạt) and counts such as "no temporary houses" (0).
    return abs(value - threshold.value) <= 1e-9 * max(1.0, abs(threshold.value))


@dataclass(frozen=True)
class Judgement:
    """P3: one supplied indicator value against the threshold that applied to it."""

    indicator: str
    value: float
    threshold: Threshold
    satisfied: bool


def judge(criteria_set: CriteriaSet, criterion: int, values: Mapping[str, float], region: str,
          year: int) -> list[Judgement]:
    """Each supplied value that has a threshold for `region` in `year`; values not supplied are not judged."""
    found = criteria_set.criterion(criterion)
    judgements = []
    for code, value in sorted(values.items()):
        indicator = found.indicator(code) if found is not None else None
        threshold = applicable(indicator.thresholds, region, year) if indicator is not None else None
        if threshold is not None:
            judgements.append(Judgement(code, value, threshold, satisfies(value, threshold)))
    return judgements
