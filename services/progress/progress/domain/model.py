"""Criteria sets, units as progress sees them, and a commune's progress; pure Python."""
from dataclasses import dataclass, field
from datetime import date, datetime

from thidua_facts.domain.ntm_rate import p4_latest_recognitions
from thidua_facts.model import AssessmentFact, RecognitionFact

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


@dataclass(frozen=True)
class PublishedSet:
    """A criteria set as the commands see it: its latest version with the thresholds entered since
    (`criteria_set`), the stream's version and when it was first published: what P2 needs
    (thidua_facts.domain.criteria.p2_criteria_set_in_force, the one home of the rule)."""

    criteria_set: CriteriaSet
    stream_version: int
    recorded_at: datetime  # of its first publication: P2's tie-break

    @property
    def set_id(self) -> str:
        return self.criteria_set.set_id

    @property
    def effective_from(self) -> date:
        return self.criteria_set.effective_from


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


@dataclass
class CommuneProgress:
    """The commune_progress aggregate: its assessments and recognitions, as the shared facts.

    Which assessment is in effect (P3) and which recognition stands (P4) is decided by the one
    home of those rules, thidua_facts.domain (criteria.p3_latest_assessments,
    ntm_rate.p4_latest_recognitions), for the commands as for the views.
    """

    commune_code: str
    version: int = 0
    assessments: list[AssessmentFact] = field(default_factory=list)
    recognitions: list[RecognitionFact] = field(default_factory=list)

    def standing_on(self, day: date) -> RecognitionFact | None:
        """P4: the recognition or revocation in effect on `day` (everything recorded counts)."""
        return p4_latest_recognitions(self.recognitions, day, None).get(self.commune_code)

    def recognised_on(self, day: date) -> bool:
        standing = self.standing_on(day)
        return standing is not None and standing.recognised
