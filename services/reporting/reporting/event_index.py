"""EventIndex: every event of the registry, progress, awards and reporting topics, as one lean row
(issue 9's traceability, issue 11's audit trail): id, type, stream, version, recorded_at, business
day, actor, document number, reason, correlation and causation ids, and the subjects the event is
about (domain/audit_subjects.py: a few payload fields decoded, the rest of the payload skipped).

Why a projection of its own, not three more columns on the shared fact tables:

- The fact tables (facts/thidua_facts) are shared with awards and progress, which never ask who
  recorded a fact. Their two big tables (assessments, recognitions) are appended by binary COPY
  with no unique key, and their rebuild is benchmarked at >= 50,000 events/s: an event id, type
  and actor on every row would widen the hot path of every service for one service's question.
- The facts already name their event: every row carries its stream position (the aggregate id,
  e.g. a commune's code, and the stream version). So (aggregate type, aggregate id, version) is
  the join key, and this index answers it with one probe; the facts stay as they are.
- A figure also stands on events the facts do not keep (a pilot's, plan's or award's), and on the
  awards topic, which the facts do not read. One index over every event covers them all alike.
- Keyed by the event id, a repeated delivery is a no-op; one row per event, never updated, so
  any split of the topics into batches (and any interleaving of partitions) writes the same rows,
  and a rebuild from offset 0 gives the same index (tests/integration/test_trace_api.py).

Reporting's own events (periods, submissions, inspections, proposals, issued reports) are
indexed too, from its own topic, so an audit trail and a correlation chain are one query over one
table; the trace still reads them from the event store, where they are first (trace_events.py).
"""
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from typing import Any

import asyncpg
import msgspec

from contracts.topics import AWARDS_EVENTS, PROGRESS_EVENTS, REGISTRY_EVENTS, REPORTING_EVENTS
from thidua_kernel.blue_green import here

from .domain.audit_subjects import event_subjects


class _Actor(msgspec.Struct, gc=False):
    principal_id: str | None = None
    role: str | None = None
    scope: str | None = None


class _Cell(msgspec.Struct, gc=False):
    criterion: int | None = None


class _Subjects(msgspec.Struct, gc=False):
    """The payload fields naming what an event is about (audit_subjects.UNIT_FIELDS and the rest);
    every other field is skipped unparsed. Each name has one type on every topic (contracts/)."""

    commune_code: str | None = None
    unit_code: str | None = None
    nominee_code: str | None = None
    proposer_code: str | None = None
    successor_code: str | None = None
    supporter_code: str | None = None
    supported_code: str | None = None
    successor_codes: list[str] | None = None
    criterion: int | None = None
    results: list[_Cell] | None = None
    nomination_id: str | None = None


class IndexEnvelope(msgspec.Struct, gc=False):
    """The envelope fields the index keeps, and the payload's subject fields."""

    event_id: str
    event_type: str
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: _Actor | None = None
    document_number: str | None = None
    reason: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    producer: str | None = None
    payload: _Subjects | None = None


_decoder = msgspec.json.Decoder(IndexEnvelope)
decode_index_envelope: Callable[[bytes], IndexEnvelope] = _decoder.decode

COLUMNS = ("event_id", "event_type", "aggregate_type", "aggregate_id", "aggregate_version", "recorded_at",
           "occurred_on", "actor_principal", "actor_role", "actor_scope", "document_number", "reason",
           "correlation_id", "causation_id", "producer", "subjects")
TYPES = ("uuid", "text", "text", "text", "integer", "timestamptz", "date", "text", "text", "text", "text", "text",
         "uuid", "uuid", "text", "text[]")
# The keyed INSERT's fallback takes each row's subjects as one string (unnest cannot take an array
# of arrays of unequal lengths); codes never hold the separator.
SEPARATOR = "\x1f"
_ARGS = ", ".join(f"${i}::{'text' if t == 'text[]' else t}[]" for i, t in enumerate(TYPES, 1))
_NAMES = [f"c{i}" for i in range(1, len(TYPES) + 1)]
INSERT = (f"INSERT INTO event_index ({', '.join(COLUMNS)})"
          f" SELECT {', '.join(_NAMES[:-1])}, string_to_array({_NAMES[-1]}, E'\\x1f')"
          f" FROM unnest({_ARGS}) AS u({', '.join(_NAMES)})"
          " ON CONFLICT (event_id) DO NOTHING")
# Built once at the end of a long replay (dropped before it); the key stays: it dedups.
REPLAY_INDEXES = {
    "event_index_stream": "(aggregate_type, aggregate_id, aggregate_version)",
    "event_index_subjects": "USING gin (subjects)",
    "event_index_correlation": "(correlation_id)",
}


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def business_day(occurred_at: datetime) -> date:
    """Every producer writes occurred_at as the start (UTC) of the business day of the step."""
    return occurred_at.astimezone(timezone.utc).date()


def _actor(actor: Any) -> tuple[str | None, str | None, str | None]:
    if actor is None:
        return None, None, None
    if isinstance(actor, dict):  # a LightEnvelope's
        return actor.get("principal_id"), actor.get("role"), actor.get("scope")
    return actor.principal_id, actor.role, actor.scope


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


NO_SUBJECTS = _Subjects()


def _subject_fields(payload: Any) -> _Subjects:
    """The decoder's struct as it is; a payload dict (an EventEnvelope's, a test's) read into one."""
    if payload is None:
        return NO_SUBJECTS
    return payload if isinstance(payload, _Subjects) else msgspec.convert(payload, _Subjects)


def index_row(e: Any) -> tuple:
    """One event (IndexEnvelope, LightEnvelope or EventEnvelope) → its row, in COLUMNS' order."""
    occurred = _moment(e.occurred_at)
    subjects = event_subjects(e.event_type, e.aggregate_type, e.aggregate_id,
                              _subject_fields(getattr(e, "payload", None)))
    return (str(e.event_id), e.event_type, e.aggregate_type, e.aggregate_id, e.aggregate_version,
            _moment(e.recorded_at), business_day(occurred), *_actor(e.actor), e.document_number, e.reason,
            _id(e.correlation_id), _id(getattr(e, "causation_id", None)), getattr(e, "producer", None), subjects)


def index_rows(events: Iterable[Any]) -> list[tuple]:
    return [index_row(e) for e in events]


class EventIndex:
    """Every event of the topics it reads, one row each (the traceability of every figure)."""

    name = "event_index"
    topics = (REGISTRY_EVENTS, PROGRESS_EVENTS, AWARDS_EVENTS, REPORTING_EVENTS)
    blue_green_tables = ("event_index",)  # all it writes, no state elsewhere (kernel blue_green.py)

    decoder = staticmethod(decode_index_envelope)
    # One row per event, keyed by its id: two partitions never write the same row, nothing is
    # summed across rows, so the partitions may commit side by side, and in helper processes.
    partition_parallel = True
    helper_processes = True

    def prepare(self, events: list) -> list[tuple]:
        return index_rows(events)

    async def write(self, conn: asyncpg.Connection, rows: list[tuple]) -> None:
        """Binary COPY (about 4x the rows per second of the keyed INSERT, measured with
        bench.run's event_index_rebuild_ratio); the key still refuses a second row for an event,
        and a batch holding one already indexed (the relay sent it again after a crash) is
        written again, in the same transaction, by the INSERT that skips what is there."""
        if not rows:
            return
        try:
            async with conn.transaction():  # a savepoint inside the runner's batch transaction
                await conn.copy_records_to_table("event_index", records=rows, columns=COLUMNS)
        except asyncpg.UniqueViolationError:
            columns = [list(column) for column in zip(*rows)]
            columns[-1] = [SEPARATOR.join(subjects) for subjects in columns[-1]]
            await conn.execute(INSERT, *columns)

    async def apply(self, conn: asyncpg.Connection, events: list) -> None:
        await self.write(conn, self.prepare(events))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute("TRUNCATE event_index")

    async def before_replay(self, conn: asyncpg.Connection) -> None:
        """A long catch-up: the look-up indexes are built once at its end (the key stays: it dedups).
        The DDL names the current schema: a blue/green build's never reaches the live one."""
        for name in REPLAY_INDEXES:
            await conn.execute(f"DROP INDEX IF EXISTS {await here(conn, name)}")

    async def after_replay(self, conn: asyncpg.Connection) -> None:
        table = await here(conn, "event_index")
        for name, how in REPLAY_INDEXES.items():
            await conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {how}")
