"""Events → rows of this service's fact tables: pure; the batch is grouped by event type first.

Payloads are read by field name (the names of contracts.registry and contracts.progress, which
tests/unit/test_fact_rows.py checks against the models) rather than validated into a payload
model per event: the kernel's runner has already validated the envelope, and a second pydantic
pass per event would cost more than the rebuild budget (≥ 50,000 events/s) allows. A payload
that lacks a field still stops the projection at that event, loudly (UnreadableEvent).

Tables keyed by what they describe (units, clusters, criteria sets, targets) keep the last
event of the batch per key: events of one aggregate arrive in order, so that is what applying
them one by one would leave. Recognitions and assessments are facts with dates: all are kept.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from contracts.envelope import EventEnvelope

SCHEMA_VERSION = 1  # the payload version this reader understands; a newer one needs an upcaster


class UnreadableEvent(Exception):
    """An event of a known type this projection cannot read: the projection stops at it."""


@dataclass
class FactRows:
    units: dict[str, tuple] = field(default_factory=dict)
    dissolutions: dict[str, tuple] = field(default_factory=dict)
    clusters: dict[tuple[str, date], tuple] = field(default_factory=dict)
    criteria_sets: dict[str, tuple] = field(default_factory=dict)
    targets: dict[tuple[str, int], tuple] = field(default_factory=dict)
    recognitions: list[tuple] = field(default_factory=list)
    assessments: list[tuple] = field(default_factory=list)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# One builder per event type: a batch's events of that type (in batch order) → its rows.

def _units(rows: FactRows, events: list[EventEnvelope]) -> None:
    rows.units.update(
        (p["code"], (p["code"], p["level"], p["unit_type"], p["name"], p.get("parent_code"), _day(p["effective_from"])))
        for p in (e.payload for e in events)
    )


def _dissolutions(rows: FactRows, events: list[EventEnvelope]) -> None:
    rows.dissolutions.update(
        (p["code"], (p["code"], _day(p["effective_to"]), p.get("successor_code"))) for p in (e.payload for e in events)
    )


def _clusters(rows: FactRows, events: list[EventEnvelope]) -> None:
    for p in (e.payload for e in events):
        since = _day(p["effective_from"])
        rows.clusters[(p["code"], since)] = (p["code"], since, p["kind"], p["name"], list(p["member_codes"]))


def _criteria_sets(rows: FactRows, events: list[EventEnvelope]) -> None:
    for p in (e.payload for e in events):
        criteria = orjson.dumps(p["criteria"]).decode()
        rows.criteria_sets[p["set_id"]] = (p["set_id"], p["decision"], _day(p["effective_from"]), criteria)


def _assessments(rows: FactRows, events: list[EventEnvelope]) -> None:
    # The hot path of a rebuild: one comprehension, no call per event beyond the date parse.
    rows.assessments += [
        (p["commune_code"], int(p["criterion"]), _day(p["effective_date"]), e.aggregate_version, bool(p["met"]),
         p["criteria_set_id"])
        for e in events for p in (e.payload,)
    ]


def _recognitions(rows: FactRows, events: list[EventEnvelope], recognised: bool) -> None:
    rows.recognitions += [
        (p["commune_code"], _day(p["effective_date"]), e.aggregate_version, recognised, p["decision_number"])
        for e in events for p in (e.payload,)
    ]


def _targets(rows: FactRows, events: list[EventEnvelope]) -> None:
    rows.targets.update(
        ((p["unit_code"], int(p["year"])), (p["unit_code"], int(p["year"]), float(p["ntm_rate"])))
        for p in (e.payload for e in events)
    )


BUILDERS: dict[str, Callable[[FactRows, list[EventEnvelope]], None]] = {
    "UnitRegistered": _units,
    "UnitDissolved": _dissolutions,
    "ClusterFormed": _clusters,
    "CriteriaSetPublished": _criteria_sets,
    "CriterionAssessed": _assessments,
    "CommuneRecognised": lambda rows, events: _recognitions(rows, events, True),
    "RecognitionRevoked": lambda rows, events: _recognitions(rows, events, False),
    "TargetSet": _targets,
}


def fact_rows(events: Iterable[EventEnvelope]) -> FactRows:
    """Group a batch by event type, then build each table's rows; other event types are skipped."""
    by_type: dict[str, list[EventEnvelope]] = {}
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


def _name_the_unreadable_event(build: Callable[[FactRows, list[EventEnvelope]], None],
                               group: list[EventEnvelope]) -> None:
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
