"""A round as folded from its stream (aggregate `award_round`, id = round code): A8–A11.

The stream holds RoundDefined, PrizeSet and every nomination event of the round, in order. A
fold "as known at K" keeps only the events recorded at or before K, so any past state (and any
verdict judged from it) is reproduced from the log.

A11 statuses: submitted → received → reviewed → approved | rejected; approved → conferred;
withdrawn from submitted, received or reviewed (before the decision). A nomination withdrawn or
rejected may be submitted again under the same id: its history goes on.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from contracts.awards import (
    AchievementFile,
    AwardConferred,
    AwardKind,
    CouncilFindingRecorded,
    NominationDecided,
    NominationReceived,
    NominationReviewed,
    NominationSubmitted,
    NominationWithdrawn,
    PrizeSet,
    RoundDefined,
    Verdict,
)
from contracts.envelope import Actor

from .nominees import Nominee

# (event_type, payload, recorded_at, actor, document_number): the actor as recorded (its
# principal, role and scope: who may read the principal depends on the scope), or its principal alone.
RoundEvent = tuple[str, dict, datetime, Actor | str, str | None]
Status = Literal["submitted", "received", "reviewed", "approved", "rejected", "withdrawn", "conferred"]
ACTIVE: frozenset[str] = frozenset({"submitted", "received", "reviewed", "approved", "conferred"})
DECIDED_APPROVED: frozenset[str] = frozenset({"approved", "conferred"})
UNDECIDED: frozenset[str] = frozenset({"submitted", "received", "reviewed"})


def nomination_id(round_code: str, award_kind: str, nominee_code: str) -> str:
    return f"{round_code}/{award_kind}/{nominee_code}"


@dataclass(frozen=True)
class HistoryEntry:
    event_type: str
    recorded_at: datetime
    actor: str  # the principal
    document_number: str | None
    on: date | None = None  # the day the step says it happened
    actor_role: str | None = None
    actor_scope: str | None = None


@dataclass(frozen=True)
class CouncilFinding:
    """The council's latest finding on "exemplary" (tiêu biểu) for one nominee in this round."""

    nominee_code: str
    exemplary: bool
    reasons: str
    reviewed_on: date
    nomination_id: str | None  # None: recorded by the council outside any review (CouncilFindingRecorded)


@dataclass(frozen=True)
class NominationState:
    nomination_id: str
    award_kind: str
    nominee: Nominee
    nominating_unit: str
    achievement_file: AchievementFile
    status: Status
    exemplary: bool | None
    review_reasons: str | None
    submitted_on: date
    submitted_verdicts: tuple[Verdict, ...]
    decision: NominationDecided | None
    conferred: AwardConferred | None
    history: tuple[HistoryEntry, ...]
    last_step_on: date | None = None  # the date of the latest step (A11: steps are not dated earlier)
    withdrawn: NominationWithdrawn | None = None


@dataclass(frozen=True)
class RoundState:
    code: str
    definition: RoundDefined | None = None
    prizes: dict[str, PrizeSet] = field(default_factory=dict)
    nominations: dict[str, NominationState] = field(default_factory=dict)
    version: int = 0
    findings: dict[str, CouncilFinding] = field(default_factory=dict)

    def kind(self, code: str) -> AwardKind | None:
        if self.definition is None:
            return None
        return next((k for k in self.definition.award_kinds if k.code == code), None)

    def active(self) -> list[NominationState]:
        return [n for n in self.nominations.values() if n.status in ACTIVE]


def _submitted(held: NominationState | None, e: NominationSubmitted, entry: HistoryEntry) -> NominationState:
    nominee = Nominee(e.nominee_code, e.nominee_kind, e.nominee_name, e.nominee_district, None)
    return NominationState(
        e.nomination_id, e.award_kind, nominee, e.nominating_unit, e.achievement_file, "submitted", None, None,
        e.submitted_on, tuple(e.verdicts), None, None, (held.history if held else ()) + (entry,), e.submitted_on)


def _step(state: RoundState, event_type: str, payload: dict, entry: HistoryEntry) -> RoundState:
    noms = state.nominations
    if event_type == "NominationSubmitted":
        e = NominationSubmitted.model_validate(payload)
        entry = replace(entry, on=e.submitted_on)
        return replace(state, nominations={**noms, e.nomination_id: _submitted(noms.get(e.nomination_id), e, entry)})
    handlers = {
        "NominationWithdrawn": (NominationWithdrawn, lambda n, e: dict(status="withdrawn", withdrawn=e), "withdrawn_on"),
        "NominationReceived": (NominationReceived, lambda n, e: dict(status="received"), "received_on"),
        "NominationReviewed": (NominationReviewed, lambda n, e: dict(status="reviewed", exemplary=e.exemplary,
                                                                     review_reasons=e.reasons), "reviewed_on"),
        "NominationDecided": (NominationDecided, lambda n, e: dict(status=e.outcome, decision=e), "decision_date"),
        "AwardConferred": (AwardConferred, lambda n, e: dict(status="conferred", conferred=e), "conferred_on"),
    }
    if event_type not in handlers:
        return state
    model, changes, day_field = handlers[event_type]
    e = model.model_validate(payload)
    held = noms.get(e.nomination_id)
    if held is None:
        return state  # an event of a nomination never submitted: the decisions refuse it; a fold ignores it
    on = getattr(e, day_field)
    entry = replace(entry, on=on)
    updated = replace(held, history=held.history + (entry,), last_step_on=on, **changes(held, e))
    findings = state.findings
    if isinstance(e, NominationReviewed):
        findings = {**findings, e.nominee_code: CouncilFinding(e.nominee_code, e.exemplary, e.reasons,
                                                              e.reviewed_on, e.nomination_id)}
    return replace(state, nominations={**noms, e.nomination_id: updated}, findings=findings)


def fold_round(code: str, events: Iterable[RoundEvent], known_at: datetime | None = None) -> RoundState:
    """The round as its stream says, keeping only events recorded by `known_at` (None: all)."""
    state = RoundState(code)
    for event_type, payload, recorded_at, actor, document_number in events:
        if known_at is not None and recorded_at > known_at:
            continue
        entry = (HistoryEntry(event_type, recorded_at, actor.principal_id, document_number, None, actor.role,
                              actor.scope) if isinstance(actor, Actor)
                 else HistoryEntry(event_type, recorded_at, actor, document_number))
        if event_type == "RoundDefined":
            state = replace(state, definition=RoundDefined.model_validate(payload))
        elif event_type == "CouncilFindingRecorded":
            found = CouncilFindingRecorded.model_validate(payload)
            finding = CouncilFinding(found.unit_code, found.exemplary, found.reasons, found.found_on, None)
            state = replace(state, findings={**state.findings, found.unit_code: finding})
        elif event_type == "PrizeSet":
            prize = PrizeSet.model_validate(payload)
            state = replace(state, prizes={**state.prizes, prize.award_kind: prize})
        else:
            state = _step(state, event_type, payload, entry)
        state = replace(state, version=state.version + 1)
    return state
