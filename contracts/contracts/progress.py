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


EVENT_TYPES = {
    "CriteriaSetPublished": CriteriaSetPublished,
    "CriterionAssessed": CriterionAssessed,
    "CommuneRecognised": CommuneRecognised,
    "RecognitionRevoked": RecognitionRevoked,
    "TargetSet": TargetSet,
}
