"""Every awards command: path, body model and handler function, in one table (kernel routes)."""
from thidua_kernel.routes import CommandRoute

from . import handlers, nomination_handlers, score_handlers
from .commands import (
    ConferAward,
    DecideNomination,
    DefineRound,
    LoadRoundPreset,
    ReceiveNomination,
    RecordCouncilFinding,
    RecordEmulationScore,
    ReviewNomination,
    SetPrize,
    SubmitNomination,
    WithdrawNomination,
)

COMMANDS: list[CommandRoute] = [
    CommandRoute("define-round", DefineRound, handlers.define_round),
    CommandRoute("load-round-preset", LoadRoundPreset, handlers.load_round_preset),
    CommandRoute("set-prize", SetPrize, handlers.set_prize),
    CommandRoute("submit-nomination", SubmitNomination, nomination_handlers.submit_nomination),
    CommandRoute("withdraw-nomination", WithdrawNomination, nomination_handlers.withdraw_nomination),
    CommandRoute("receive-nomination", ReceiveNomination, nomination_handlers.receive_nomination),
    CommandRoute("review-nomination", ReviewNomination, nomination_handlers.review_nomination),
    CommandRoute("record-council-finding", RecordCouncilFinding, handlers.record_council_finding),
    CommandRoute("decide-nomination", DecideNomination, nomination_handlers.decide_nomination),
    CommandRoute("confer-award", ConferAward, nomination_handlers.confer_award),
    CommandRoute("record-emulation-score", RecordEmulationScore, score_handlers.record_emulation_score),
]
