"""Registry events → rows of the programme tables (U3-U7, A4): pure, light envelopes, by field name.

Read by field name (contracts.registry; tests/unit/test_programme_rows.py checks the names against
the models), as thidua_facts/rows.py does and for the same reason: the producer validated every
envelope, and a replay must not pay a pydantic pass per event. A known event type that cannot be
read stops the projection at that event, loudly (UnreadableEvent names it).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from contracts.registry import INDIVIDUAL_KINDS
from thidua_facts.rows import as_day, as_moment

from .event_rows import build_rows


@dataclass
class ProgrammeRows:
    participants: list[tuple] = field(default_factory=list)
    pilots: list[tuple] = field(default_factory=list)
    pledges: list[tuple] = field(default_factory=list)
    plan_deadlines: list[tuple] = field(default_factory=list)
    plan_submissions: list[tuple] = field(default_factory=list)
    registrations: list[tuple] = field(default_factory=list)


def _participant(rows: ProgrammeRows, e: Any, p: dict) -> None:
    # Issue 11: an individual's name is never kept here (the report names no individual), so an
    # erasure has nothing to reach in reporting's rows, for events of either version.
    name = None if p["kind"] in INDIVIDUAL_KINDS else p["name"]
    rows.participants.append((p["code"], e.aggregate_version, as_moment(e.recorded_at), p["kind"], name,
                              p.get("parent_code"), as_day(p["effective_from"])))


def _pilot(rows: ProgrammeRows, e: Any, p: dict) -> None:
    rows.pilots.append((p["level"], p["unit_code"], e.aggregate_version, as_moment(e.recorded_at), p["designated_by"],
                        as_day(p["effective_from"]), e.document_number))


def _pledge(rows: ProgrammeRows, e: Any, p: dict) -> None:
    rows.pledges.append((p["supporter_code"], p["supported_code"], e.aggregate_version, as_moment(e.recorded_at),
                         as_day(p["effective_from"]), e.document_number))


def _plan_due(rows: ProgrammeRows, e: Any, p: dict) -> None:
    rows.plan_deadlines.append((p["plan_code"], e.aggregate_version, as_moment(e.recorded_at), p["owner_code"],
                                p["title"], as_day(p["due_date"])))


def _plan_submitted(rows: ProgrammeRows, e: Any, p: dict) -> None:
    rows.plan_submissions.append((p["plan_code"], e.aggregate_version, as_moment(e.recorded_at), p["owner_code"],
                                  as_day(p["submitted_on"]), p["document_number"]))


def _registration(rows: ProgrammeRows, e: Any, p: dict) -> None:
    rows.registrations.append((p["unit_code"], e.aggregate_version, as_moment(e.recorded_at),
                               as_day(p["registered_on"]), e.document_number))


BUILDERS: dict[str, Callable[[ProgrammeRows, Any, dict], None]] = {
    "ParticipantRegistered": _participant,
    "PilotDesignated": _pilot,
    "SupportPledged": _pledge,
    "PlanDue": _plan_due,
    "PlanSubmitted": _plan_submitted,
    "MovementRegistered": _registration,
}


def programme_rows(events: Iterable) -> ProgrammeRows:
    """The rows of a batch; every other event type (units, clusters, progress) is skipped.

    These events are few (hundreds per province), so one call per event is cheap enough.
    """
    return build_rows(events, BUILDERS, ProgrammeRows())
