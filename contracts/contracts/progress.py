"""Payloads published by the progress service on PROGRESS_EVENTS."""
from datetime import date

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Threshold(_Payload):
    """The level an indicator must reach in one region (and, where it changes, by one year) (P2)."""

    region: str  # e.g. "national", "northern_midlands_mountains" (Lạng Sơn's region)
    comparison: Literal[">=", "<=", "=="] = ">="
    value: float
    year: int | None = None


class Indicator(_Payload):
    """One measurable indicator of a criterion (e.g. "2.2" village roads hardened, in %) (P2)."""

    code: str
    name_vi: str
    name_en: str
    unit: str | None = None
    thresholds: list[Threshold] = []


class Criterion(_Payload):
    number: int = Field(ge=1, le=19)
    group: str
    name_vi: str
    name_en: str
    indicators: list[Indicator] = []


class CriteriaSetPublished(_Payload):
    """A version of the national criteria set (P1, P2), in force from `effective_from`."""

    set_id: str
    decision: str
    effective_from: date
    criteria: list[Criterion]
    decision_date: date | None = None
    title_vi: str | None = None
    title_en: str | None = None


class IndicatorJudgement(_Payload):
    """One supplied indicator value against the threshold that applied to it (P2, P3)."""

    indicator: str
    value: float
    threshold: float
    comparison: Literal[">=", "<=", "=="]
    threshold_region: str  # the province's region, or "national" where the region has none of its own
    threshold_year: int | None = None
    satisfied: bool


class CriterionAssessed(_Payload):
    """A commune's assessment of one criterion (P3): met or not, from `effective_date`."""

    commune_code: str
    district_code: str
    criteria_set_id: str
    criterion: int = Field(ge=1, le=19)
    met: bool
    indicator_values: dict[str, float] = {}
    evidence: str | None = None
    effective_date: date
    # P3: how the supplied indicator values were judged when recorded (added later, optional):
    # the province's region then, and each value against the threshold that applied.
    region: str | None = None
    indicators_judged: list[IndicatorJudgement] = []


class CriterionResult(_Payload):
    """One criterion of a CriteriaAssessed: what a CriterionAssessed says of it, its commune and
    date being the event's."""

    criterion: int = Field(ge=1, le=19)
    met: bool
    indicator_values: dict[str, float] = {}
    evidence: str | None = None
    indicators_judged: list[IndicatorJudgement] = []


class CriteriaAssessed(_Payload):
    """A commune's assessments of several criteria, all from `effective_date`, in one decision (a
    district's matrix, P3). Each result counts as the CriterionAssessed it stands for; they share
    the event's stream version, and a criterion appears at most once. One event per commune
    (not per cell) because a matrix of 3,686 cells costs per event: it is appended, published and
    projected 19 times less often."""

    commune_code: str
    district_code: str
    criteria_set_id: str
    effective_date: date
    region: str | None = None
    results: list[CriterionResult] = Field(min_length=1)


class CommuneRecognised(_Payload):
    """The provincial committee recognises the commune as meeting the NTM standard (P4)."""

    commune_code: str
    district_code: str
    criteria_set_id: str
    decision_number: str
    effective_date: date


class RecognitionRevoked(_Payload):
    """A recognition is revoked from `effective_date` (P4)."""

    commune_code: str
    district_code: str
    decision_number: str
    effective_date: date


class TargetSet(_Payload):
    """A target NTM rate for a unit (province or district) by the end of `year` (P5)."""

    unit_code: str
    year: int
    ntm_rate: float = Field(ge=0, le=1)


class ThresholdSet(_Payload):
    """A threshold entered for (criterion, indicator, region, from-year) of a published set (P2).

    It overrides a published threshold with the same (region, year) key; `year` None means
    "for every year of the set".
    """

    set_id: str
    criterion: int = Field(ge=1, le=19)
    indicator: str
    region: str
    year: int | None = None
    comparison: Literal[">=", "<=", "=="] = ">="
    value: float
    unit: str | None = None


class RegionDeclared(_Payload):
    """A province declares which region of the criteria sets it belongs to (P2)."""

    province_code: str
    region: str
    effective_from: date | None = None  # None: since the first criteria set


class CommunePlanRecorded(_Payload):
    """A commune's NTM plan for a period: its content areas (P6, Decision 800) and criteria (P1)."""

    commune_code: str
    district_code: str
    period: str  # "2011-2015" or a single year "2012"
    period_start: int
    period_end: int
    content_areas: list[int]
    criteria: list[int]
    document_number: str
    approved_on: date | None = None


EVENT_TYPES = {
    "CriteriaSetPublished": CriteriaSetPublished,
    "CriterionAssessed": CriterionAssessed,
    "CriteriaAssessed": CriteriaAssessed,
    "CommuneRecognised": CommuneRecognised,
    "RecognitionRevoked": RecognitionRevoked,
    "TargetSet": TargetSet,
    "ThresholdSet": ThresholdSet,
    "RegionDeclared": RegionDeclared,
    "CommunePlanRecorded": CommunePlanRecorded,
}
