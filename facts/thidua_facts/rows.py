"""Events → rows of the fact tables: pure; the batch is grouped by event type first.

Payloads are read by field name (the names of contracts.registry and contracts.progress, which
tests/unit/test_rows.py checks against the models) rather than validated into a payload model
per event: the producer validated every envelope before it committed it, and a second pydantic
pass per event would cost more than the rebuild budget (>= 50,000 events/s) allows. A payload
that lacks a field still stops the projection at that event, loudly (UnreadableEvent).

Every row is a fact with its stream version and the envelope's recorded_at, never an
overwrite: the tables are append-only, so any split of the topics into batches (and any
interleaving of streams) writes the same rows, and the queries fold them at read time.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson

from .model import DISSOLVED, MOVED, REGISTERED, RENAMED

SCHEMA_VERSION = 1  # the payload version this reader understands; a newer one needs an upcaster


class UnreadableEvent(Exception):
    """An event of a known type this projection cannot read: the projection stops at it."""


@dataclass
class FactRows:
    unit_changes: list[tuple] = field(default_factory=list)
    clusters: list[tuple] = field(default_factory=list)
    criteria_sets: list[tuple] = field(default_factory=list)
    targets: list[tuple] = field(default_factory=list)
    recognitions: list[tuple] = field(default_factory=list)
    assessments: list[tuple] = field(default_factory=list)


def as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_moment(value: Any) -> datetime:
    # LightEnvelope carries ISO strings, EventEnvelope datetimes; both are timezone-aware.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _json(value: Any) -> str | None:
    return orjson.dumps(value).decode() if value else None


# One builder per event type: a batch's events of that type (in batch order) → its rows.
# Unit change rows: (code, stream_version, change, effective_date, recorded_at, level, unit_type,
# name, parent_code, successor_code, successor_codes JSON, document_number).

def _registered(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p["code"], e.aggregate_version, REGISTERED, as_day(p["effective_from"]), as_moment(e.recorded_at), p["level"],
         p["unit_type"], p["name"], p.get("parent_code"), None, None, e.document_number)
        for e in events for p in (e.payload,)
    ]


def _renamed(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p["code"], e.aggregate_version, RENAMED, as_day(p["effective_date"]), as_moment(e.recorded_at), None,
         p.get("unit_type"), p["name"], None, None, None, e.document_number)
        for e in events for p in (e.payload,)
    ]


def _moved(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p["code"], e.aggregate_version, MOVED, as_day(p["effective_date"]), as_moment(e.recorded_at), None, None, None,
         p["parent_code"], None, None, e.document_number)
        for e in events for p in (e.payload,)
    ]


def _dissolved(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p["code"], e.aggregate_version, DISSOLVED, as_day(p["effective_to"]), as_moment(e.recorded_at), None, None, None,
         None, p.get("successor_code"), _json(p.get("successor_codes")), e.document_number)
        for e in events for p in (e.payload,)
    ]


def _clusters(rows: FactRows, events: list, formed: bool) -> None:
    rows.clusters += [
        (p["code"], e.aggregate_version, as_day(p["effective_from"]), as_moment(e.recorded_at),
         p["kind"] if formed else None, p["name"] if formed else None, [str(c) for c in p["member_codes"]])
        for e in events for p in (e.payload,)
    ]


def _criteria_sets(rows: FactRows, events: list) -> None:
    rows.criteria_sets += [
        (p["set_id"], e.aggregate_version, as_moment(e.recorded_at), p["decision"], as_day(p["effective_from"]),
         orjson.dumps(p["criteria"]).decode())
        for e in events for p in (e.payload,)
    ]


def _assessments(rows: FactRows, events: list) -> None:
    # The hot path of a rebuild: one comprehension, no call per event beyond the parses.
    rows.assessments += [
        (p["commune_code"], int(p["criterion"]), as_day(p["effective_date"]), e.aggregate_version,
         as_moment(e.recorded_at), bool(p["met"]), p["criteria_set_id"], p.get("evidence"),
         _json(p.get("indicator_values")), e.document_number)
        for e in events for p in (e.payload,)
    ]


def _recognitions(rows: FactRows, events: list, recognised: bool) -> None:
    rows.recognitions += [
        (p["commune_code"], as_day(p["effective_date"]), e.aggregate_version, as_moment(e.recorded_at), recognised,
         p["decision_number"], p["criteria_set_id"] if recognised else None)
        for e in events for p in (e.payload,)
    ]


def _targets(rows: FactRows, events: list) -> None:
    rows.targets += [
        (p["unit_code"], int(p["year"]), e.aggregate_version, as_moment(e.recorded_at), float(p["ntm_rate"]))
        for e in events for p in (e.payload,)
    ]


BUILDERS: dict[str, Callable[[FactRows, list], None]] = {
    "UnitRegistered": _registered,
    "UnitRenamed": _renamed,
    "UnitMoved": _moved,
    "UnitDissolved": _dissolved,
    "ClusterFormed": lambda rows, events: _clusters(rows, events, True),
    "ClusterMembershipChanged": lambda rows, events: _clusters(rows, events, False),
    "CriteriaSetPublished": _criteria_sets,
    "CriterionAssessed": _assessments,
    "CommuneRecognised": lambda rows, events: _recognitions(rows, events, True),
    "RecognitionRevoked": lambda rows, events: _recognitions(rows, events, False),
    "TargetSet": _targets,
}


def fact_rows(events: Iterable) -> FactRows:
    """Group a batch by event type, then build each table's rows; other event types are skipped."""
    by_type: dict[str, list] = {}
    for event in events:
        by_type.setdefault(event.event_type, []).append(event)
    rows = FactRows()
    for event_type, group in by_type.items():
        build = BUILDERS.get(event_type)
        if build is None:
            continue
        try:
            if any(e.schema_version != SCHEMA_VERSION for e in group):
                raise ValueError("schema_version")
            build(rows, group)
        except (KeyError, TypeError, ValueError):
            _name_the_unreadable_event(build, group)
            raise
    return rows


def _name_the_unreadable_event(build: Callable[[FactRows, list], None], group: list) -> None:
    """The slow path, only after a failure: find the first bad event of the group and name it."""
    for event in group:
        if event.schema_version != SCHEMA_VERSION:
            raise UnreadableEvent(
                f"{event.event_type} {event.event_id}: schema_version {event.schema_version} has no upcaster"
            )
        try:
            build(FactRows(), [event])
        except (KeyError, TypeError, ValueError) as exc:
            raise UnreadableEvent(f"{event.event_type} {event.event_id}: {exc!r}") from exc
