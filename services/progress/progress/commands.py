"""Progress commands, as the HTTP API receives them (imperative names).

Numbers the domain rules judge (criterion 1..19, rate 0..1) are accepted here as any int or
float on purpose, so that the refusal names the rule (P1, P5) instead of a generic input error.
"""
from datetime import date
from typing import Annotated

from typing_extensions import NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from thidua_kernel.http import CommandBody

Code = Field(pattern=r"^[0-9A-Za-z_.-]{1,32}$")
Text = Field(min_length=1, max_length=500)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThresholdBody(_Part):
    region: str = Field(min_length=1, max_length=64)
    comparison: str = Field(default=">=", pattern=r"^(>=|<=|==)$")
    value: float
    year: int | None = None


class IndicatorBody(_Part):
    code: str = Field(min_length=1, max_length=16)
    name_vi: str = Text
    name_en: str = Text
    unit: str | None = None
    thresholds: list[ThresholdBody] = []


class CriterionBody(_Part):
    number: int
    group: str = Field(max_length=8)
    name_vi: str = Field(max_length=500)
    name_en: str = Field(max_length=500)
    indicators: list[IndicatorBody] = []


class PublishCriteriaSet(CommandBody):
    """A version of the national criteria set (P1, P2), in force from `effective_from`."""

    set_id: str = Code
    decision: str = Field(min_length=1, max_length=100)
    decision_date: date | None = None
    effective_from: date
    title_vi: str | None = None
    title_en: str | None = None
    criteria: list[CriterionBody]
    document_number: str | None = None
    reason: str | None = None


class PublishBuiltinCriteriaSet(CommandBody):
    """Publish a set shipped with the service (progress/data/criteria_<set_id>.json)."""

    set_id: str = Code
    reason: str | None = None


class AssessCriterion(CommandBody):
    commune_code: str = Code
    district_code: str = Code
    criterion: int
    met: bool
    indicator_values: dict[str, float] = {}
    evidence: str | None = Field(default=None, max_length=200)  # the evidence's document number
    effective_date: date
    document_number: str | None = None
    reason: str | None = None


class _DecisionCommand(CommandBody):
    """P4: a decision of the provincial committee. Its number is the command's `document_number`,
    as on every other command, so the event envelope's document_number carries it (the published
    payload keeps its field `decision_number`, the same value). The old body field
    `decision_number` is refused naming the field to use, rather than as merely "extra"."""

    commune_code: str = Code
    district_code: str = Code
    document_number: str = Field(min_length=1, max_length=100)
    effective_date: date
    reason: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _renamed_field(cls, data):
        if isinstance(data, dict) and "decision_number" in data:
            raise PydanticCustomError(
                "renamed_field", "decision_number is now document_number: send the decision's number as"
                " document_number (số quyết định: trường document_number)")
        return data


class RecogniseCommune(_DecisionCommand):
    """P4: recognise a xã as meeting the standard."""


class RevokeRecognition(_DecisionCommand):
    """P4: revoke a recognition."""


class SetTarget(CommandBody):
    unit_code: str = Code
    year: int
    ntm_rate: float
    document_number: str | None = None
    reason: str | None = None


class SetThreshold(CommandBody):
    """P2: the level an indicator must reach, keyed by (set, criterion, indicator, region, from-year).

    `comparison` "=" is stored as "==" (the contracts' spelling since the first sets).
    """

    set_id: str = Code
    criterion: int
    indicator: str = Field(min_length=1, max_length=16)
    region: str = Field(min_length=1, max_length=64)
    year: int | None = None  # the year it applies from; None: every year of the set
    value: float
    unit: str | None = Field(default=None, max_length=64)
    comparison: str = Field(default=">=", pattern=r"^(>=|<=|==?)$")
    document_number: str | None = None
    reason: str | None = None

    @property
    def stored_comparison(self) -> str:
        return "==" if self.comparison == "=" else self.comparison


class DeclareRegion(CommandBody):
    """P2: the province's region, which picks its thresholds (Lạng Sơn: northern_midlands_mountains)."""

    province_code: str = Code
    region: str = Field(min_length=1, max_length=64)
    effective_from: date | None = None  # None: since the first criteria set
    document_number: str | None = None
    reason: str | None = None


class RecordCommunePlan(CommandBody):
    """P6: a commune's plan for a period: content areas of Decision 800 (ids 1..11) and criteria (1..19)."""

    commune_code: str = Code
    district_code: str = Code
    period: str = Field(min_length=1, max_length=16)  # "2011-2015" or "2012": P6 checks the shape
    content_areas: list[int] = Field(max_length=64)
    criteria: list[int] = Field(default=[], max_length=64)
    document_number: str = Field(min_length=1, max_length=100)
    approved_on: date | None = None
    reason: str | None = None


class MatrixCell(TypedDict):
    """One (commune, criterion) of a district's matrix: met or not, as an assessment (P3).

    A TypedDict, not a model: a matrix has thousands of cells, and validating them as dicts costs
    a quarter of validating them as model instances (measured). Unknown keys are refused."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    commune_code: Annotated[str, Code]
    criterion: int
    met: bool
    indicator_values: NotRequired[dict[str, float]]
    evidence: NotRequired[Annotated[str | None, Field(max_length=200)]]  # the evidence's document number
    effective_date: NotRequired[date | None]  # absent: the matrix's effective_date


class AssessDistrictMatrix(CommandBody):
    """A district's communes × criteria in one command, all or nothing (P3 for every cell)."""

    district_code: str = Code
    effective_date: date | None = None
    cells: list[MatrixCell] = Field(min_length=1, max_length=20_000)
    document_number: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _every_cell_dated(self):
        if self.effective_date is None and any(c.get("effective_date") is None for c in self.cells):
            raise PydanticCustomError("cell_undated", "every cell needs an effective_date: give one for the"
                                      " matrix, or one per cell")
        return self
