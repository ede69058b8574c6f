"""Awards commands, as the HTTP API receives them (imperative names): strict bodies.

A round definition mirrors contracts.awards.RoundDefined with every list and text bounded; the
rules of a round (unique kind codes, quotas naming known kinds...) are the domain's (A10), so a
body that is well-formed but wrong is refused naming the rule, not as generic input.

Amounts of money (VND) exceed PostgreSQL's `integer` (a Government flag's welfare project is
worth 10,000,000,000 VND): they are whole numbers 0..10^15 (`Amount`), the one exception to the
kernel's integer net (limits.check_values), which every other value of a body still passes.
"""
from typing import Annotated, Literal

from pydantic import Field, model_validator

from contracts.awards import CheckKind, NominationOutcome, NominatorKind, NomineeKind, QuotaGroup
from thidua_kernel.http import CommandBody
from thidua_kernel.limits import BodyPart, Code, Day, DocumentNumber, Int, Label, Name, Text, Year, check_values

Amount = Annotated[int, Field(ge=0, le=10**15)]
Reason = Text | None
# An award kind's code: a code of up to 64 characters ("provincial_certificate_department_individual").
KindCode = Annotated[str, Field(pattern=r"^[0-9A-Za-z_.-]{1,64}$")]
# "<round>/<award kind>/<nominee code>".
NominationId = Annotated[str, Field(pattern=r"^[0-9A-Za-z_.-]{1,32}/[0-9A-Za-z_.-]{1,64}/[0-9A-Za-z_.-]{1,32}$")]
Percent = Annotated[int, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0, le=100_000)]


class _AmountBody(CommandBody):
    """A body holding amounts of money: the kernel's net runs over everything but those."""

    @model_validator(mode="after")
    def _storable_values(self) -> "_AmountBody":  # replaces CommandBody's, by name
        check_values(self.model_dump(exclude=self._without_amounts()), nfc=True)
        return self

    def _without_amounts(self) -> dict | set:
        return {"amount_vnd"}


class CheckBody(BodyPart):
    rule: Label
    check: CheckKind
    params: Annotated[dict[Label, Int], Field(max_length=16)] = {}


class PrizeBody(BodyPart):
    amount_vnd: Amount | None = None
    description_vi: Text | None = None
    set_later: bool = False


class AwardKindBody(BodyPart):
    code: KindCode
    name_vi: Name
    name_en: Name
    level: Literal["central", "provincial", "department", "district"]
    nominee_kinds: list[NomineeKind] = Field(min_length=1, max_length=12)
    nominated_by: list[NominatorKind] = Field(min_length=1, max_length=3)
    decided_by: Literal["province_board", "nominating_unit"] = "province_board"
    checks: list[CheckBody] = Field(default=[], max_length=20)
    excludes: list[KindCode] = Field(default=[], max_length=50)
    prize: PrizeBody = PrizeBody()
    paragraph: Label | None = None


class QuotaBody(BodyPart):
    rule: Label
    award_kinds: list[KindCode] = Field(min_length=1, max_length=50)
    group: QuotaGroup
    maximum: Count | None = None
    minimum: Count | None = None
    share_of_communes_pct: Percent | None = None
    nominee_kinds: list[NomineeKind] | None = Field(default=None, max_length=12)
    description_vi: Text
    description_en: Text


class DefineRound(_AmountBody):
    """A8–A10: a round as data (contracts.awards.RoundDefined), through the API alone."""

    code: Code
    title_vi: Name
    title_en: Name
    kind: Literal["annual", "summary"]
    period_from: Year
    period_to: Year
    reference_date: Day
    nominations_open: Day
    nominations_due: Day
    province_code: Code
    guidance: DocumentNumber | None = None
    award_kinds: list[AwardKindBody] = Field(min_length=1, max_length=50)
    quotas: list[QuotaBody] = Field(default=[], max_length=100)
    document_number: DocumentNumber | None = None
    reason: Reason = None

    def _without_amounts(self) -> dict:
        return {"award_kinds": {"__all__": {"prize": {"amount_vnd"}}}}


class LoadRoundPreset(CommandBody):
    """A round shipped with the service (awards/data): "2011-2015" encodes A9 (a)–(g)."""

    preset: Code
    reason: Reason = None


class SetPrize(_AmountBody):
    """A9(g): a kind's prize set by a resolution of the provincial council (document_number)."""

    round_code: Code
    award_kind: KindCode
    amount_vnd: Amount
    description_vi: Text | None = None
    document_number: DocumentNumber
    reason: Reason = None


class AttachmentBody(BodyPart):
    title: Name
    document_number: DocumentNumber | None = None
    document_date: Day | None = None
    reference: Text | None = None


class AchievementFileBody(BodyPart):
    justification: Text
    figures: Annotated[dict[Label, float], Field(max_length=50)] = {}
    attachments: list[AttachmentBody] = Field(default=[], max_length=50)


class SubmitNomination(CommandBody):
    """A11: the nominating unit's nomination with its achievement file."""

    round_code: Code
    award_kind: KindCode
    nominee_code: Code
    nominating_unit: Code
    achievement_file: AchievementFileBody
    submitted_on: Day | None = None  # default: today in Vietnam (the injected clock)
    document_number: DocumentNumber | None = None
    reason: Reason = None


class WithdrawNomination(CommandBody):
    nomination_id: NominationId
    reason: Text
    withdrawn_on: Day | None = None


class ReceiveNomination(CommandBody):
    nomination_id: NominationId
    received_on: Day | None = None
    document_number: DocumentNumber | None = None
    reason: Reason = None


class ReviewNomination(CommandBody):
    """The council's finding on "exemplary" (tiêu biểu), with its reasons."""

    nomination_id: NominationId
    exemplary: bool
    reasons: Text
    reviewed_on: Day | None = None
    document_number: DocumentNumber | None = None


class RecordCouncilFinding(CommandBody):
    """The council's finding on "exemplary" for a unit no nomination brought to review (A6 reads a
    district's finding)."""

    round_code: Code
    unit_code: Code
    exemplary: bool
    reasons: Text
    found_on: Day | None = None
    document_number: DocumentNumber | None = None


class DecideNomination(CommandBody):
    """Approved or rejected, with reasons; the decision's number is the command's document_number."""

    nomination_id: NominationId
    outcome: NominationOutcome
    reasons: Text
    document_number: DocumentNumber
    decision_date: Day


class ConferAward(CommandBody):
    nomination_id: NominationId
    conferred_on: Day
    certificate_number: DocumentNumber | None = None
    document_number: DocumentNumber | None = None
    reason: Reason = None


class RecordEmulationScore(CommandBody):
    """A1: a member's yearly score in its cluster or block, with this movement's part."""

    year: Year
    group_code: Code
    unit_code: Code
    score: Annotated[float, Field(ge=0, le=1e6)]
    movement_score: Annotated[float, Field(ge=0, le=1e6)]
    document_number: DocumentNumber | None = None
    reason: Reason = None
