"""Payloads published by the reporting service on REPORTING_EVENTS (DOMAIN.md R1, R6, R7).

Aggregates (aggregate_type / aggregate_id):
- `reporting_period` / the period's code ("2015-H1", "2015"): PeriodOpened (R1: who owes a report,
  computed from the registry at the opening date, with the due date and grace period).
- `submission` / "<period code>/<unit code>": one stream per reporting unit per period:
  SubmissionDrafted, SubmissionSubmitted, SubmissionReturned, SubmissionApproved. A change after
  approval starts a new revision (`revision` + 1) that needs the board's approval again; every
  earlier revision stays in the stream, readable.
- `inspection` / its code: InspectionRecorded, InspectionActionDone (R6).
- `proposal` / its code: ProposalRecorded, ProposalAnswered (R7, plan VII.5).
- `issued_report` / its number and symbol ("125/BC-UBND"): ReportIssued, once per number (R2-R4).
"""
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

PeriodKind = Literal["half_year", "year"]
# The kinds of unit that owe a report (R1): departments, mass organisations (and the Fatherland
# Front), district People's Committees.
ReporterKind = Literal["department", "mass_organisation", "fatherland_front", "district"]


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PeriodOpened(_Payload):
    """R1: a reporting period opened by the Emulation Board, with the units that owe a report."""

    code: str
    kind: PeriodKind
    year: int
    half: int | None = None  # 1 or 2 for a half-year period
    starts_on: date
    ends_on: date
    due_on: date
    grace_days: int
    opened_on: date
    expected_units: list[str]


class SubmissionFigures(_Payload):
    """The structured figures the movement's reports ask for (R1)."""

    communes_assessed: int | None = None
    criteria_gained: int | None = None
    criteria_lost: int | None = None
    communes_recognised: int | None = None
    funds_mobilised_vnd: int | None = None
    model_examples: int | None = None


class ValidationWarning(_Payload):
    """A difference found by validation (figures against each other and the recorded facts): shown
    with its figures, never blocking the draft."""

    rule: str
    message_vi: str
    message_en: str
    figures: dict[str, Any] = {}


class SubmissionDrafted(_Payload):
    period_code: str
    unit_code: str
    revision: int
    figures: SubmissionFigures
    narrative: str
    drafted_on: date
    warnings: list[ValidationWarning] = []


class SubmissionSubmitted(_Payload):
    period_code: str
    unit_code: str
    revision: int
    submitted_on: date


class SubmissionReturned(_Payload):
    period_code: str
    unit_code: str
    revision: int
    returned_on: date
    reasons: str


class SubmissionApproved(_Payload):
    period_code: str
    unit_code: str
    revision: int
    approved_on: date


class FollowUpAction(_Payload):
    code: str
    description: str
    due_on: date


class InspectionRecorded(_Payload):
    """R6: a visit of the council's inspection team to a district or commune, with its findings."""

    code: str
    team: list[str]
    unit_code: str
    visited_on: date
    findings: str
    actions: list[FollowUpAction] = []


class InspectionActionDone(_Payload):
    inspection_code: str
    action_code: str
    done_on: date
    note: str | None = None


class ProposalRecorded(_Payload):
    """R7: a unit proposes a change to the plan (VII.5) to the Department of Home Affairs / DARD."""

    code: str
    proposer_code: str
    addressed_to: list[str]
    subject: str
    content: str
    proposed_on: date


class ProposalAnswered(_Payload):
    proposal_code: str
    answer: str
    answered_on: date
    accepted: bool | None = None


class ReportIssuer(_Payload):
    """Who issued it (the command's actor)."""

    principal_id: str
    role: str
    scope: str


class ReportIssued(_Payload):
    """A report issued as the province's document under its number and symbol: what was asked
    (kind, parameters, as_of, known_at), on which day, by whom, and the SHA-256 of each file and of
    the canonical JSON, so the same report regenerated later can be checked byte for byte.

    `hashes` keys: "json", "docx", "xlsx", "pdf", "csv" (the kind's default table) and
    "csv/<table>" for each table. `known_at_given`: whether the command gave known_at (else the
    moment the projections had seen was chosen)."""

    number: str
    kind: str  # "consolidated" | "yearly-summary" | "thematic"
    parameters: dict[str, Any] = {}
    province_code: str
    issued_on: date
    issuer: ReportIssuer
    as_of: date
    known_at: datetime
    known_at_given: bool = True
    hashes: dict[str, str]


EVENT_TYPES = {
    "PeriodOpened": PeriodOpened,
    "SubmissionDrafted": SubmissionDrafted,
    "SubmissionSubmitted": SubmissionSubmitted,
    "SubmissionReturned": SubmissionReturned,
    "SubmissionApproved": SubmissionApproved,
    "InspectionRecorded": InspectionRecorded,
    "InspectionActionDone": InspectionActionDone,
    "ProposalRecorded": ProposalRecorded,
    "ProposalAnswered": ProposalAnswered,
    "ReportIssued": ReportIssued,
}
