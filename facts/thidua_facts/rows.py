"""Events → rows of the fact tables: pure; the batch is grouped by event type first.

Decoding is only what the tables need: the runner hands over FactEnvelope, a msgspec struct of
the six envelope fields these tables read, with the payload left as raw JSON; each event type's
payload is then decoded, per group, into a msgspec struct of the fields its rows take (dates
and times parsed in C, no pydantic pass per event). The field names are those of
contracts.registry and contracts.progress, which tests/unit/test_rows.py checks against the
models; the producer validated every envelope before it committed it. A payload that lacks a
field still stops the projection at that event, loudly (UnreadableEvent). Events from elsewhere
(EventEnvelope, LightEnvelope: tests, callers of `apply`) are turned into FactEnvelope first.

Every row is a fact with its stream version and the envelope's recorded_at, never an
overwrite: the tables are append-only, so any split of the topics into batches (and any
interleaving of streams) writes the same rows, and the queries fold them at read time.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import msgspec
import orjson

from thidua_kernel.upcasting import UnknownSchemaVersion, current_version, upcast

from .model import DISSOLVED, MOVED, REGISTERED, RENAMED
from .payloads import (
    _Registered,
    _Renamed,
    _Moved,
    _Dissolved,
    _ClusterFormed,
    _ClusterChanged,
    _CriteriaSet,
    _Assessed,
    _MatrixAssessed,
    _Recognised,
    _Revoked,
    _Target,
    _Participant,
    _Pledge,
)


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
    participants: list[tuple] = field(default_factory=list)
    pledges: list[tuple] = field(default_factory=list)


def as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_moment(value: Any) -> datetime:
    # LightEnvelope carries ISO strings, EventEnvelope datetimes; both are timezone-aware.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


class FactEnvelope(msgspec.Struct, gc=False):
    """The envelope fields the fact tables read; the rest of the envelope is skipped unparsed."""

    event_type: str
    payload: msgspec.Raw
    aggregate_version: int
    recorded_at: datetime
    event_id: str | None = None
    schema_version: int = 1
    document_number: str | None = None


_envelope_decoder = msgspec.json.Decoder(FactEnvelope)


# The runner's decoder for NtmFacts: bytes -> FactEnvelope, ValueError (msgspec.DecodeError) on
# bytes that are not an envelope. The bound method itself: a wrapper would cost ~0.4 µs an event.
decode_fact_envelope: Callable[[bytes], FactEnvelope] = _envelope_decoder.decode


def _as_fact_envelope(event: Any) -> FactEnvelope:
    """The slow path, for events not read by the runner: the same struct from any envelope."""
    if isinstance(event, FactEnvelope):
        return event
    return FactEnvelope(
        event_type=event.event_type, payload=msgspec.Raw(msgspec.json.encode(event.payload)),
        aggregate_version=event.aggregate_version, recorded_at=as_moment(event.recorded_at),
        event_id=str(event.event_id), schema_version=event.schema_version, document_number=event.document_number,
    )


# One decoder per payload struct (payloads.py), made at its first use.
_DECODERS: dict[type, msgspec.json.Decoder] = {}


def _payloads(events: list[FactEnvelope], payload_type: type) -> list:
    decoder = _DECODERS.get(payload_type)
    if decoder is None:
        decoder = _DECODERS[payload_type] = msgspec.json.Decoder(payload_type)
    read = decoder.decode
    return [read(e.payload) for e in events]


def _json(value: Any) -> str | None:
    return orjson.dumps(value).decode() if value else None


# One builder per event type: a batch's events of that type (in batch order) → its rows.
# Unit change rows: (code, stream_version, change, effective_date, recorded_at, level, unit_type,
# name, parent_code, successor_code, successor_codes JSON, document_number).

def _registered(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p.code, e.aggregate_version, REGISTERED, p.effective_from, e.recorded_at, p.level, p.unit_type, p.name,
         p.parent_code, None, None, e.document_number)
        for e, p in zip(events, _payloads(events, _Registered))
    ]


def _renamed(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p.code, e.aggregate_version, RENAMED, p.effective_date, e.recorded_at, None, p.unit_type, p.name, None, None,
         None, e.document_number)
        for e, p in zip(events, _payloads(events, _Renamed))
    ]


def _moved(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p.code, e.aggregate_version, MOVED, p.effective_date, e.recorded_at, None, None, None, p.parent_code, None,
         None, e.document_number)
        for e, p in zip(events, _payloads(events, _Moved))
    ]


def _dissolved(rows: FactRows, events: list) -> None:
    rows.unit_changes += [
        (p.code, e.aggregate_version, DISSOLVED, p.effective_to, e.recorded_at, None, None, None, None,
         p.successor_code, _json(p.successor_codes), e.document_number)
        for e, p in zip(events, _payloads(events, _Dissolved))
    ]


def _cluster_formed(rows: FactRows, events: list) -> None:
    rows.clusters += [
        (p.code, e.aggregate_version, p.effective_from, e.recorded_at, p.kind, p.name, p.member_codes)
        for e, p in zip(events, _payloads(events, _ClusterFormed))
    ]


def _cluster_changed(rows: FactRows, events: list) -> None:
    rows.clusters += [
        (p.code, e.aggregate_version, p.effective_from, e.recorded_at, None, None, p.member_codes)
        for e, p in zip(events, _payloads(events, _ClusterChanged))
    ]


def _criteria_sets(rows: FactRows, events: list) -> None:
    rows.criteria_sets += [
        (p.set_id, e.aggregate_version, e.recorded_at, p.decision, p.effective_from, orjson.dumps(p.criteria).decode())
        for e, p in zip(events, _payloads(events, _CriteriaSet))
    ]


def _assessments(rows: FactRows, events: list) -> None:
    # The hot path of a rebuild: one decode and one tuple per event, nothing else.
    rows.assessments += [
        (p.commune_code, p.criterion, p.effective_date, e.aggregate_version, e.recorded_at, p.met, p.criteria_set_id,
         p.evidence, _json(p.indicator_values), e.document_number)
        for e, p in zip(events, _payloads(events, _Assessed))
    ]


def _matrix_assessments(rows: FactRows, events: list) -> None:
    # CriteriaAssessed (a district's matrix): one assessment row per result, at the event's version.
    rows.assessments += [
        (p.commune_code, r.criterion, p.effective_date, e.aggregate_version, e.recorded_at, r.met, p.criteria_set_id,
         r.evidence, _json(r.indicator_values), e.document_number)
        for e, p in zip(events, _payloads(events, _MatrixAssessed)) for r in p.results
    ]


def _recognised(rows: FactRows, events: list) -> None:
    rows.recognitions += [
        (p.commune_code, p.effective_date, e.aggregate_version, e.recorded_at, True, p.decision_number,
         p.criteria_set_id)
        for e, p in zip(events, _payloads(events, _Recognised))
    ]


def _revoked(rows: FactRows, events: list) -> None:
    rows.recognitions += [
        (p.commune_code, p.effective_date, e.aggregate_version, e.recorded_at, False, p.decision_number, None)
        for e, p in zip(events, _payloads(events, _Revoked))
    ]


def _targets(rows: FactRows, events: list) -> None:
    rows.targets += [
        (p.unit_code, p.year, e.aggregate_version, e.recorded_at, p.ntm_rate)
        for e, p in zip(events, _payloads(events, _Target))
    ]


def _participants(rows: FactRows, events: list) -> None:
    rows.participants += [
        (p.code, e.aggregate_version, e.recorded_at, p.kind, p.name, p.parent_code, p.address, p.effective_from,
         e.document_number, p.personal_data)
        for e, p in zip(events, _payloads(events, _Participant))
    ]


def _pledges(rows: FactRows, events: list) -> None:
    rows.pledges += [
        (p.supporter_code, p.supported_code, e.aggregate_version, e.recorded_at, p.effective_from, e.document_number)
        for e, p in zip(events, _payloads(events, _Pledge))
    ]


BUILDERS: dict[str, Callable[[FactRows, list], None]] = {
    "UnitRegistered": _registered,
    "UnitRenamed": _renamed,
    "UnitMoved": _moved,
    "UnitDissolved": _dissolved,
    "ClusterFormed": _cluster_formed,
    "ClusterMembershipChanged": _cluster_changed,
    "CriteriaSetPublished": _criteria_sets,
    "CriterionAssessed": _assessments,
    "CriteriaAssessed": _matrix_assessments,
    "CommuneRecognised": _recognised,
    "RecognitionRevoked": _revoked,
    "TargetSet": _targets,
    "ParticipantRegistered": _participants,
    "SupportPledged": _pledges,
}


def fact_rows(events: Iterable) -> FactRows:
    """Group a batch by event type, then build each table's rows; other event types are skipped."""
    events = list(events)
    if not all(type(e) is FactEnvelope for e in events):
        events = [_as_fact_envelope(e) for e in events]
    by_type: dict[str, list] = {}
    for event in events:
        group = by_type.get(event.event_type)
        if group is None:
            by_type[event.event_type] = [event]
        else:
            group.append(event)
    rows = FactRows()
    for event_type, group in by_type.items():
        build = BUILDERS.get(event_type)
        if build is None:
            continue
        try:
            newest = current_version(event_type)
            if any(e.schema_version != newest for e in group):
                group = [_upcast(e, newest) for e in group]
            build(rows, group)
        except (KeyError, TypeError, ValueError):
            _name_the_unreadable_event(build, group)
            raise
    return rows


def _upcast(event: FactEnvelope, newest: int) -> FactEnvelope:
    """An older payload carried to the newest version (the slow path: a JSON round trip)."""
    if event.schema_version == newest:
        return event
    payload = upcast(event.event_type, event.schema_version, orjson.loads(bytes(event.payload)))
    return msgspec.structs.replace(event, payload=msgspec.Raw(orjson.dumps(payload)), schema_version=newest)


def _name_the_unreadable_event(build: Callable[[FactRows, list], None], group: list) -> None:
    """The slow path, only after a failure: find the first bad event of the group and name it."""
    for event in group:
        try:
            event = _upcast(event, current_version(event.event_type))
        except UnknownSchemaVersion as exc:
            raise UnreadableEvent(f"{event.event_type} {event.event_id}: {exc}") from exc
        try:
            build(FactRows(), [event])
        except (KeyError, TypeError, ValueError) as exc:
            raise UnreadableEvent(f"{event.event_type} {event.event_id}: {exc!r}") from exc
