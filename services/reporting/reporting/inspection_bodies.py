"""R6 and R7 commands as the HTTP API receives them: strict bodies (kernel limits, NFC text)."""
from pydantic import Field

from thidua_kernel.http import CommandBody
from thidua_kernel.limits import BodyPart, Code, Day, DocumentNumber, Name, Text


class FollowUpActionBody(BodyPart):
    code: Code
    description: Text
    due_on: Day


class RecordInspection(CommandBody):
    """R6: a visit of the council's inspection team to a district or commune, with its findings and
    the follow-up actions it set (each with its deadline)."""

    code: Code
    team: list[Name] = Field(min_length=1, max_length=30)
    unit_code: Code
    visited_on: Day
    findings: Text
    actions: list[FollowUpActionBody] = Field(default=[], max_length=50)
    document_number: DocumentNumber | None = None
    reason: Text | None = None


class MarkInspectionActionDone(CommandBody):
    inspection_code: Code
    action_code: Code
    done_on: Day | None = None  # default: today in Vietnam (the injected clock)
    note: Text | None = None
    document_number: DocumentNumber | None = None


class RecordProposal(CommandBody):
    """R7 (plan VII.5): a unit proposes a change to the plan to departments (Home Affairs, DARD)."""

    code: Code
    proposer_code: Code
    addressed_to: list[Code] = Field(min_length=1, max_length=10)
    subject: Name
    content: Text
    proposed_on: Day | None = None  # default: today in Vietnam
    document_number: DocumentNumber | None = None


class AnswerProposal(CommandBody):
    """The board's answer; `accepted` true/false, or null when the answer takes no side."""

    proposal_code: Code
    answer: Text
    accepted: bool | None = None
    answered_on: Day | None = None  # default: today in Vietnam
    document_number: DocumentNumber | None = None
