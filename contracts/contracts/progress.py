"""Payloads published by the progress service on PROGRESS_EVENTS."""
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Criterion(_Payload):
    number: int = Field(ge=1, le=19)
    group: str
    name_vi: str
    name_en: str


class CriteriaSetPublished(_Payload):
    """A version of the national criteria set (P1, P2), in force from `effective_from`."""

    set_id: str
    decision: str
    effective_from: date
    criteria: list[Criterion]


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
