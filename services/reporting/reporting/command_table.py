"""Every reporting command: path, body model and handler function, in one table (kernel routes)."""
from thidua_kernel.routes import CommandRoute

from . import period_handlers
from .commands import ApproveSubmission, OpenPeriod, ReturnSubmission, SaveDraft, Submit
from .inspection_commands import INSPECTION_COMMANDS
from .issue_commands import ISSUE_COMMANDS

COMMANDS: list[CommandRoute] = [
    CommandRoute("open-period", OpenPeriod, period_handlers.open_period),
    CommandRoute("save-draft", SaveDraft, period_handlers.save_draft),
    CommandRoute("submit-report", Submit, period_handlers.submit),
    CommandRoute("return-submission", ReturnSubmission, period_handlers.return_submission),
    CommandRoute("approve-submission", ApproveSubmission, period_handlers.approve_submission),
    *INSPECTION_COMMANDS,
    *ISSUE_COMMANDS,
]
