"""R1 commands, as the HTTP API receives them (imperative names): strict bodies.

Funds mobilised (VND) exceed PostgreSQL's `integer`: they are whole numbers 0..10^15, the one
exception to the kernel's integer net (limits.check_values), which every other value still passes.
Every figure is a whole number >= 0: a negative figure is refused with nothing written.
"""
from typing import Annotated, Literal

from pydantic import Field, model_validator

from thidua_kernel.http import CommandBody
from thidua_kernel.limits import BodyPart, Code, Day, Text, Year, check_values

Amount = Annotated[int, Field(ge=0, le=10**15)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
# "<year>", "<year>-H1", "<year>-H2".
PeriodCode = Annotated[str, Field(pattern=r"^[0-9]{4}(-H[12])?$")]


class OpenPeriod(CommandBody):
    """R1: the board opens a period with its due date and grace period; who owes a report is
    computed from the registry at `opened_on` (default: today in Vietnam)."""

    kind: Literal["half_year", "year"]
    year: Year
    half: Literal[1, 2] | None = None
    due_on: Day
    grace_days: Annotated[int, Field(ge=0, le=366)] = 0
    opened_on: Day | None = None


class Measured(BodyPart):
    """A figure with its unit, as the paper report gives it: {"value": 12.5, "unit": "tỷ đồng"};
    the units each figure takes, and the conversion, in domain/figure_units.py (R1)."""

    value: Annotated[int | float, Field(ge=-(10**18), le=10**18)]
    unit: Annotated[str, Field(min_length=1, max_length=32)]


class FiguresBody(BodyPart):
    """Each figure a whole number in its recorded unit, or a Measured value."""

    communes_assessed: Count | Measured | None = None
    criteria_gained: Count | Measured | None = None
    criteria_lost: Count | Measured | None = None
    communes_recognised: Count | Measured | None = None
    funds_mobilised_vnd: Amount | Measured | None = None
    model_examples: Count | Measured | None = None


class SaveDraft(CommandBody):
    """A unit's figures and narrative for a period; `new_revision` to change an approved one."""

    period_code: PeriodCode
    unit_code: Code
    figures: FiguresBody
    narrative: Text
    drafted_on: Day | None = None
    new_revision: bool = False

    @model_validator(mode="after")
    def _storable_values(self) -> "SaveDraft":  # replaces CommandBody's, by name: amounts excepted
        check_values(self.model_dump(exclude={"figures": {"funds_mobilised_vnd"}}), nfc=True)
        return self


class SubmissionStep(CommandBody):
    period_code: PeriodCode
    unit_code: Code


class Submit(SubmissionStep):
    submitted_on: Day | None = None


class ReturnSubmission(SubmissionStep):
    reasons: Text
    returned_on: Day | None = None


class ApproveSubmission(SubmissionStep):
    approved_on: Day | None = None
