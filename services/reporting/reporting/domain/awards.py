"""Rounds of awards and their nominations as facts (A8-A11), and where each nomination stands on a
day as known at a time. Pure Python.

Readings (the awards service's own meanings, services/awards/awards/domain/round_state.py and
workflow.py; reporting reads the awards topic, never the awards service):

- A round is its latest RoundDefined known at K (a later definition replaces the earlier one).
- A11 statuses: submitted → received → reviewed → approved | rejected (NominationDecided's
  outcome); approved → conferred; withdrawn from submitted, received or reviewed. A nomination
  withdrawn or rejected may be submitted again under the same id: its status starts again.
- Status at D as known at K: the steps recorded by K, in the round's stream order, whose day
  (submitted_on, withdrawn_on, received_on, reviewed_on, decision_date, conferred_on) is on or
  before D. A11 dates each step no earlier than the one before it, so a step dated after D ends
  the nomination's story at D: nothing later in its stream had happened by D either. A
  nomination not submitted by D is not in the report.
- An award is a nomination approved or conferred at D, with its decision's number and day.
"""
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from thidua_facts.model import visible

STATUSES = ("submitted", "received", "reviewed", "approved", "rejected", "withdrawn", "conferred")
AWARDED = frozenset({"approved", "conferred"})


@dataclass(frozen=True)
class AwardKindName:
    code: str
    name_vi: str
    name_en: str
    level: str


@dataclass(frozen=True)
class RoundFact:
    """A8-A10: a round as one RoundDefined defined it (what the report shows of it)."""

    round_code: str
    stream_version: int
    recorded_at: datetime
    province_code: str
    title_vi: str
    title_en: str
    kind: str
    period_from: int
    period_to: int
    nominations_open: date
    nominations_due: date
    award_kinds: tuple[AwardKindName, ...]
    document_number: str | None = None


@dataclass(frozen=True)
class NominationStep:
    """A11: one step of a nomination with its day; the nominee's fields on `submitted` only."""

    round_code: str
    stream_version: int
    recorded_at: datetime
    nomination_id: str
    step: str  # submitted | withdrawn | received | reviewed | decided | conferred
    on_day: date
    award_kind: str | None = None
    nominee_code: str | None = None
    nominee_kind: str | None = None
    nominee_name: str | None = None  # None for an individual (personal data)
    nominee_district: str | None = None
    nominating_unit: str | None = None
    outcome: str | None = None  # decided: approved | rejected
    decision_number: str | None = None
    certificate_number: str | None = None


@dataclass(frozen=True)
class NominationAt:
    """A nomination where it stands at D: its submission, status and the day it got there."""

    submission: NominationStep
    status: str
    status_on: date
    decision: NominationStep | None = None
    conferred: NominationStep | None = None


@dataclass(frozen=True)
class AwardFactsKnown:
    """Every round definition and nomination step recorded by K (award_queries.load_awards)."""

    rounds: tuple[RoundFact, ...] = ()
    steps: tuple[NominationStep, ...] = ()


def rounds_known(rounds: Iterable[RoundFact], known_at: datetime | None) -> dict[str, RoundFact]:
    """Per round code, its latest definition known at K."""
    latest: dict[str, RoundFact] = {}
    for fact in rounds:
        held = latest.get(fact.round_code)
        if visible(fact.recorded_at, known_at) and (held is None or fact.stream_version > held.stream_version):
            latest[fact.round_code] = fact
    return latest


def _after(held: NominationAt | None, step: NominationStep) -> NominationAt | None:
    if step.step == "submitted":
        return NominationAt(step, "submitted", step.on_day)
    if held is None:
        return None  # a step of a nomination never submitted: the awards service refuses it
    if step.step == "decided":
        return replace(held, status=step.outcome or "decided", status_on=step.on_day, decision=step)
    if step.step == "conferred":
        return replace(held, status="conferred", status_on=step.on_day, conferred=step)
    return replace(held, status=step.step, status_on=step.on_day)


def nominations_at(steps: Iterable[NominationStep], as_of: date, known_at: datetime | None) -> dict[str, NominationAt]:
    """Every nomination submitted by D, where it stands at D as known at K (by nomination id)."""
    found: dict[str, NominationAt] = {}
    ended: set[str] = set()
    for step in sorted(steps, key=lambda s: (s.round_code, s.stream_version)):
        if not visible(step.recorded_at, known_at) or step.nomination_id in ended:
            continue
        if step.on_day > as_of:
            ended.add(step.nomination_id)
            continue
        held = _after(found.get(step.nomination_id), step)
        if held is not None:
            found[step.nomination_id] = held
    return found
