"""Progress commands, as the HTTP API receives them (imperative names).

Numbers the domain rules judge (criterion 1..19, rate 0..1) are accepted here as any integer
of PostgreSQL's range or any finite number on purpose, so that the refusal names the rule (P1,
P5) instead of a generic input error. Every other bound is the kernel's (thidua_kernel.limits:
codes, text lengths, dates 1945..2100, years, indicator values never negative): strict types,
no coercion of strings or booleans into numbers or flags.
"""
from typing import Annotated

from typing_extensions import NotRequired, TypedDict

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from thidua_kernel.http import CommandBody
from thidua_kernel.limits import (
    BODY_CONFIG, BodyPart, Code, Day, DocumentNumber, IndicatorValue, Int, Label, Name, Text, Year,
)

Comparison = Field(default=">=", pattern=r"^(>=|<=|==)$")
# An indicator's values by indicator code ("2.1"): at most 64 of them in one assessment.
IndicatorValues = Annotated[dict[Label, IndicatorValue], Field(max_length=64)]
Reason = Text | None


class ThresholdBody(BodyPart):
    region: Label
    comparison: str = Comparison
    value: IndicatorValue
    year: Year | None = None


class IndicatorBody(BodyPart):
    code: str = Field(min_length=1, max_length=16)
    name_vi: Text
    name_en: Text
    unit: Label | None = None
    thresholds: list[ThresholdBody] = Field(default=[], max_length=100)


class CriterionBody(BodyPart):
    number: Int
    group: str = Field(max_length=8)
    name_vi: Text
    name_en: Text
    indicators: list[IndicatorBody] = Field(default=[], max_length=50)


class PublishCriteriaSet(CommandBody):
    """A version of the national criteria set (P1, P2), in force from `effective_from`."""

    set_id: Code
    decision: DocumentNumber
    decision_date: Day | None = None
    effective_from: Day
    title_vi: Name | None = None
    title_en: Name | None = None
    criteria: list[CriterionBody] = Field(max_length=50)
    document_number: DocumentNumber | None = None
    reason: Reason = None


class PublishBuiltinCriteriaSet(CommandBody):
    """Publish a set shipped with the service (progress/data/criteria_<set_id>.json)."""

    set_id: Code
    reason: Reason = None


class AssessCriterion(CommandBody):
    commune_code: Code
    district_code: Code
    criterion: Int
    met: bool
    indicator_values: IndicatorValues = {}
    evidence: DocumentNumber | None = None  # the evidence's document number
    effective_date: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class _DecisionCommand(CommandBody):
    """P4: a decision of the provincial committee. Its number is the command's `document_number`,
    as on every other command, so the event envelope's document_number carries it (the published
    payload keeps its field `decision_number`, the same value). The old body field
    `decision_number` is refused naming the field to use, rather than as merely "extra"."""

    commune_code: Code
    district_code: Code
    document_number: DocumentNumber
    effective_date: Day
    reason: Reason = None

    renamed_fields = {"decision_number": "document_number"}  # số quyết định: trường document_number


class RecogniseCommune(_DecisionCommand):
    """P4: recognise a xã as meeting the standard."""


class RevokeRecognition(_DecisionCommand):
    """P4: revoke a recognition."""


class SetTarget(CommandBody):
    unit_code: Code
    year: Year
    ntm_rate: float
    document_number: DocumentNumber | None = None
    reason: Reason = None


class SetThreshold(CommandBody):
    """P2: the level an indicator must reach, keyed by (set, criterion, indicator, region, from-year).

    `comparison` "=" is stored as "==" (the contracts' spelling since the first sets).
    """

    set_id: Code
    criterion: Int
    indicator: str = Field(min_length=1, max_length=16)
    region: Label
    year: Year | None = None  # the year it applies from; None: every year of the set
    value: IndicatorValue
    unit: Label | None = None
    comparison: str = Field(default=">=", pattern=r"^(>=|<=|==?)$")
    document_number: DocumentNumber | None = None
    reason: Reason = None

    @property
    def stored_comparison(self) -> str:
        return "==" if self.comparison == "=" else self.comparison


class DeclareRegion(CommandBody):
    """P2: the province's region, which picks its thresholds (Lạng Sơn: northern_midlands_mountains)."""

    province_code: Code
    region: Label
    effective_from: Day | None = None  # None: since the first criteria set
    document_number: DocumentNumber | None = None
    reason: Reason = None


class RecordCommunePlan(CommandBody):
    """P6: a commune's plan for a period: content areas of Decision 800 (ids 1..11) and criteria (1..19)."""

    commune_code: Code
    district_code: Code
    period: str = Field(min_length=1, max_length=16)  # "2011-2015" or "2012": P6 checks the shape
    content_areas: list[Int] = Field(max_length=64)
    criteria: list[Int] = Field(default=[], max_length=64)
    document_number: DocumentNumber
    approved_on: Day | None = None
    reason: Reason = None


class MatrixCell(TypedDict):
    """One (commune, criterion) of a district's matrix: met or not, as an assessment (P3).

    A TypedDict, not a model: a matrix has thousands of cells, and validating them as dicts costs
    a quarter of validating them as model instances (measured). Unknown keys are refused."""

    __pydantic_config__ = BODY_CONFIG  # type: ignore[misc]
    commune_code: Code
    criterion: Int
    met: bool
    indicator_values: NotRequired[IndicatorValues]
    evidence: NotRequired[DocumentNumber | None]  # the evidence's document number
    effective_date: NotRequired[Day | None]  # absent: the matrix's effective_date


class AssessDistrictMatrix(CommandBody):
    """A district's communes × criteria in one command, all or nothing (P3 for every cell)."""

    district_code: Code
    effective_date: Day | None = None
    cells: list[MatrixCell] = Field(min_length=1, max_length=20_000)
    document_number: DocumentNumber | None = None
    reason: Reason = None

    @model_validator(mode="after")
    def _every_cell_dated(self):
        if self.effective_date is None and any(c.get("effective_date") is None for c in self.cells):
            raise PydanticCustomError("cell_undated", "every cell needs an effective_date: give one for the"
                                      " matrix, or one per cell")
        return self
