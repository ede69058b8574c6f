"""The PostgreSQL event store: unique (stream, version) and unique event id; outbox in the same commit."""
from collections.abc import Iterable, Sequence
from collections.abc import Callable
from typing import Any, Protocol
from uuid import uuid4

import asyncpg
import orjson

from contracts.envelope import EventEnvelope

from .backpressure import OutboxDepth
from .clock import Clock
from .errors import ConcurrencyConflict, IdempotencyKeyReused, PayloadTooLarge
from .group_commit import GroupCommitter, GroupRecaller, PendingAppend
from .limits import MAX_EVENT_BYTES
from .messages import CommandContext, StreamAppend, stream_id


Responder = Callable[[list[EventEnvelope]], dict[str, Any]]


class IdempotencyRace(Exception):
    """A concurrent retry with the same key committed first: read its answer instead."""


class EventStore(Protocol):
    async def load(self, aggregate_type: str, aggregate_id: str) -> list[EventEnvelope]: ...

    async def version(self, aggregate_type: str, aggregate_id: str, fresh: bool = False) -> int: ...

    async def recall(self, key: str, request_hash: str) -> dict[str, Any] | None: ...

    async def append(
        self,
        ctx: CommandContext,
        appends: Sequence[StreamAppend],
        request_hash: str = "",
        respond: Responder | None = None,
    ) -> tuple[list[EventEnvelope], dict[str, Any]]: ...


def build_envelopes(
    ctx: CommandContext, appends: Sequence[StreamAppend], producer: str, clock: Clock
) -> list[EventEnvelope]:
    recorded_at = clock.now()
    envelopes = []
    for append in appends:
        for offset, event in enumerate(append.events, start=1):
            envelopes.append(
                EventEnvelope(
                    event_id=uuid4(),
                    event_type=event.event_type,
                    schema_version=event.schema_version,
                    aggregate_type=append.aggregate_type,
                    aggregate_id=append.aggregate_id,
                    aggregate_version=append.expected_version + offset,
                    occurred_at=event.occurred_at,
                    recorded_at=recorded_at,
                    actor=ctx.actor,
                    reason=ctx.reason,
                    document_number=ctx.document_number,
                    correlation_id=ctx.correlation_id,
                    causation_id=ctx.causation_id,
                    producer=producer,
                    payload=event.payload,
                )
            )
    return envelopes


def check_recalled(row_hash: str, request_hash: str, key: str) -> None:
    if row_hash != request_hash:
        raise IdempotencyKeyReused(
            "IDEMPOTENCY",
            "Khoá idempotency đã dùng cho một lệnh khác.",
            "This idempotency key was already used for a different command.",
            idempotency_key=key,
        )


class PostgresEventStore:
    """Appends go through a group committer; stream versions this process knows come from memory.

    Round trips per command in the common case (a command that needs only its stream's version,
    e.g. an assessment): the idempotency recall when a key is given (1) + the append (1) = 2, and
    each of the two is shared with the commands waiting at that moment (group_commit.py).
    `version()` costs none once this process has read or appended the stream: the cache only ever
    answers the *expected version of an append*, and the append itself checks it in the database
    (thidua_append_batch, under the unique (stream, version)). So a stale entry (another process
    appended meanwhile) can only cause a conflict; the conflict drops the entry and
    `commands.execute` decides once more on fresh data. It costs a retry, never a wrong append.
    """

    def __init__(self, pool: asyncpg.Pool, producer: str, clock: Clock) -> None:
        self._pool = pool
        self._producer = producer
        self._clock = clock
        self._versions = StreamVersions()
        self._committer = GroupCommitter(pool, clock.now)
        self._recaller = GroupRecaller(pool)
        # Back-pressure (backpressure.py): set by the runtime; None refuses nothing (tests, tools).
        self.outbox_depth: OutboxDepth | None = None

    async def load(self, aggregate_type: str, aggregate_id: str) -> list[EventEnvelope]:
        stream = stream_id(aggregate_type, aggregate_id)
        rows = await self._pool.fetch(
            "SELECT envelope::text FROM events WHERE stream_id = $1 ORDER BY stream_version", stream
        )
        history = [EventEnvelope.model_validate_json(r[0]) for r in rows]
        self._versions.saw(stream, len(history))
        return history

    async def version(self, aggregate_type: str, aggregate_id: str, fresh: bool = False) -> int:
        """The stream's current version (0 if new), for commands that need no history.

        From memory when this process knows the stream (see the class docstring): good as the
        expected version of an append. `fresh=True` reads the database, for a reader that must
        see other processes' appends (e.g. whether a stream it only reads has moved on).
        """
        stream = stream_id(aggregate_type, aggregate_id)
        known = None if fresh else self._versions.get(stream)
        if known is not None:
            return known
        found = await self._pool.fetchval(
            "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1", stream
        )
        self._versions.saw(stream, found)
        return found

    async def recall(self, key: str, request_hash: str) -> dict[str, Any] | None:
        row = await self._recaller.submit(key)
        if row is None:
            return None
        check_recalled(row[0], request_hash, key)
        return orjson.loads(row[1])

    async def append(
        self,
        ctx: CommandContext,
        appends: Sequence[StreamAppend],
        request_hash: str = "",
        respond: Responder | None = None,
    ) -> tuple[list[EventEnvelope], dict[str, Any]]:
        if self.outbox_depth is not None:
            self.outbox_depth.check()
        envelopes = build_envelopes(ctx, appends, self._producer, self._clock)
        response = respond(envelopes) if respond else {}
        key = ctx.idempotency_key
        events = [(e.event_id, stream_id(e.aggregate_type, e.aggregate_id), e.aggregate_version, e.event_type,
                   e.recorded_at, e.model_dump_json()) for e in envelopes]
        check_event_sizes((e[3], e[5]) for e in events)
        outcome = await self._committer.submit(PendingAppend(
            streams=[(a.stream_id, a.expected_version) for a in appends],
            events=events,
            idempotency_key=key,
            principal_id=ctx.actor.principal_id,
            request_hash=request_hash,
            response_json=orjson.dumps(response).decode(),
        ))
        if outcome == "ok":
            if self.outbox_depth is not None:
                self.outbox_depth.appended(len(envelopes))
            for a in appends:
                self._versions.saw(a.stream_id, a.expected_version + len(a.events))
            return envelopes, response
        if outcome == "idempotency-race":
            raise IdempotencyRace(key)
        for a in appends:
            self._versions.forget(a.stream_id)
        if outcome == "conflict":
            raise conflict(appends)
        _, found, stream = outcome.split(":", 2)
        self._versions.saw(stream, int(found))
        raise conflict(appends, stream=stream, found=int(found))


def check_event_sizes(events: Iterable[tuple[str, str]]) -> None:
    """Every event (type, serialised envelope) fits in one Kafka record (limits.MAX_EVENT_BYTES),
    or nothing is appended: the outbox relay must never be handed a record the broker refuses."""
    for event_type, envelope_json in events:
        size = len(envelope_json.encode())
        if size > MAX_EVENT_BYTES:
            raise PayloadTooLarge(
                "INPUT-SIZE", f"Sự kiện {event_type} quá lớn ({size} byte, tối đa {MAX_EVENT_BYTES}).",
                f"Event {event_type} is too large to publish ({size} bytes, at most {MAX_EVENT_BYTES}).",
                event_type=event_type, size_bytes=size, limit_bytes=MAX_EVENT_BYTES)


class StreamVersions:
    """The highest version this process has seen of each stream (streams only ever grow)."""

    def __init__(self, capacity: int = 200_000) -> None:
        self._known: dict[str, int] = {}
        self._capacity = capacity

    def get(self, stream: str) -> int | None:
        return self._known.get(stream)

    def saw(self, stream: str, version: int) -> None:
        if version >= self._known.get(stream, 0):
            if len(self._known) >= self._capacity and stream not in self._known:
                self._known.clear()  # a bound on memory; a miss costs one SELECT
            self._known[stream] = version

    def forget(self, stream: str) -> None:
        self._known.pop(stream, None)


def conflict(appends: Sequence[StreamAppend], **figures: Any) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "CONCURRENCY",
        "Đối tượng đã bị thay đổi bởi một lệnh khác; hãy thử lại.",
        "The aggregate was changed by another command first; retry.",
        streams=[a.stream_id for a in appends],
        **figures,
    )
