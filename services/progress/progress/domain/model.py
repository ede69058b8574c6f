"""Criteria sets, units as progress sees them, and a commune's progress; pure Python."""
from dataclasses import dataclass, field
from datetime import date

# P1: the 19 criteria sit in five groups, the same in every version of the set.
CRITERIA_NUMBERS = tuple(range(1, 20))
GROUP_OF_CRITERION = {1: "I", **{n: "II" for n in range(2, 10)}, **{n: "III" for n in range(10, 14)},
                      **{n: "IV" for n in range(14, 18)}, 18: "V", 19: "V"}
RURAL_COMMUNE = "rural_commune"  # xã: the only unit type NTM criteria and rates apply to (U1, P5)


@dataclass(frozen=True)
class Threshold:
    region: str
    value: float
    comparison: str = ">="
    year: int | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit: str | None = None
    thresholds: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class Criterion:
    number: int
    group: str
    name_vi: str
    name_en: str
    indicators: tuple[Indicator, ...] = ()

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


@dataclass(frozen=True)
class CriteriaSet:
    """One version of the national criteria set (P2): data, never code."""

    set_id: str
    decision: str
    effective_from: date
    criteria: tuple[Criterion, ...]
    decision_date: date | None = None
    title_vi: str | None = None
    title_en: str | None = None

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(c.number for c in self.criteria)

    def criterion(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)


def set_in_force(sets: list[CriteriaSet], day: date) -> CriteriaSet | None:
    """P2: the set with the latest `effective_from` on or before `day`.

    `sets` comes in order of first publication; on equal `effective_from` the later-published wins.
    """
    chosen = None
    for candidate in sets:
        if candidate.effective_from <= day and (chosen is None or candidate.effective_from >= chosen.effective_from):
            chosen = candidate
    return chosen


@dataclass(frozen=True)
class Unit:
    """An administrative unit as the registry announced it (code + parent, never name: U4)."""

    code: str
    level: str
    unit_type: str
    parent_code: str | None
    effective_from: date
    effective_to: date | None = None
    name: str = ""

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True)
class Assessment:
    """P3: one criterion met or not, under one criteria set, from `effective_date`."""

    criterion: int
    met: bool
    criteria_set_id: str
    effective_date: date
    evidence: str | None
    sequence: int  # the stream version: breaks ties between assessments of the same date


@dataclass(frozen=True)
class Standing:
    """P4: a recognition (recognised=True) or its revocation, from `effective_date`."""

    recognised: bool
    decision_number: str
    effective_date: date
    sequence: int
    criteria_set_id: str | None = None


@dataclass
class CommuneProgress:
    """The commune_progress aggregate: its assessments and recognitions, as recorded."""

    commune_code: str
    version: int = 0
    assessments: list[Assessment] = field(default_factory=list)
    standings: list[Standing] = field(default_factory=list)

    def latest_assessments(self, criteria_set_id: str, day: date) -> dict[int, Assessment]:
        """Per criterion, the assessment in effect on `day` among those made under `criteria_set_id`.

        Reading chosen for P2/P4: an assessment recorded under an older set does not count for a
        newer one (names, indicators and thresholds differ), so a commune is re-assessed under the
        set in force.
        """
        latest: dict[int, Assessment] = {}
        for a in self.assessments:
            if a.criteria_set_id != criteria_set_id or a.effective_date > day:
                continue
            held = latest.get(a.criterion)
            if held is None or (a.effective_date, a.sequence) > (held.effective_date, held.sequence):
                latest[a.criterion] = a
        return latest

    def standing_on(self, day: date) -> Standing | None:
        """The recognition or revocation in effect on `day` (latest effective date, then latest recorded)."""
        current = [s for s in self.standings if s.effective_date <= day]
        return max(current, key=lambda s: (s.effective_date, s.sequence), default=None)

    def recognised_on(self, day: date) -> bool:
        standing = self.standing_on(day)
        return standing is not None and standing.recognised
