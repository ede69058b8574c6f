"""The R6 and R7 commands (inspections, proposals): concatenated into command_table.COMMANDS."""
from thidua_kernel.routes import CommandRoute

from .inspection_bodies import AnswerProposal, MarkInspectionActionDone, RecordInspection, RecordProposal
from .inspection_handlers import mark_inspection_action_done, record_inspection
from .proposal_handlers import answer_proposal, record_proposal

INSPECTION_COMMANDS: list[CommandRoute] = [
    CommandRoute("record-inspection", RecordInspection, record_inspection),
    CommandRoute("mark-inspection-action-done", MarkInspectionActionDone, mark_inspection_action_done),
    CommandRoute("record-proposal", RecordProposal, record_proposal),
    CommandRoute("answer-proposal", AnswerProposal, answer_proposal),
]
