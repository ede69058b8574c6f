"""The PostgreSQL event store: unique (stream, version) and unique event id; outbox in the same commit."""
from collections.abc import Sequence
from collections.abc import Callable
from typing import Any, Protocol
from uuid import uuid4

import asyncpg
import orjson

from contracts.envelope import EventEnvelope

from .clock import Clock
from .errors import ConcurrencyConflict, IdempotencyKeyReused
from .messages import CommandContext, StreamAppend, stream_id


Responder = Callable[[list[EventEnvelope]], dict[str, Any]]


class IdempotencyRace(Exception):
    """A concurrent retry with the same key committed first: read its answer instead."""


class EventStore(Protocol):
    async def load(self, aggregate_type: str, aggregate_id: str) -> list[EventEnvelope]: ...

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
    def __init__(self, pool: asyncpg.Pool, producer: str, clock: Clock) -> None:
        self._pool = pool
        self._producer = producer
        self._clock = clock

    async def load(self, aggregate_type: str, aggregate_id: str) -> list[EventEnvelope]:
        rows = await self._pool.fetch(
            "SELECT envelope::text FROM events WHERE stream_id = $1 ORDER BY stream_version",
            stream_id(aggregate_type, aggregate_id),
        )
        return [EventEnvelope.model_validate_json(r[0]) for r in rows]

    async def recall(self, key: str, request_hash: str) -> dict[str, Any] | None:
        row = await self._pool.fetchrow(
            "SELECT request_hash, response::text FROM idempotency WHERE key = $1", key
        )
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
        envelopes = build_envelopes(ctx, appends, self._producer, self._clock)
        response = respond(envelopes) if respond else {}
        async with self._pool.acquire() as conn, conn.transaction():
            # One writer at a time per service: positions then follow commit order, with no gaps,
            # which the outbox relay relies on to know, after a crash, what Kafka already has.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':append'))")
            await self._check_versions(conn, appends)
            first = await conn.fetchval("SELECT coalesce(max(position), 0) + 1 FROM events")
            rows = [
                (
                    first + i,
                    env.event_id,
                    stream_id(env.aggregate_type, env.aggregate_id),
                    env.aggregate_version,
                    env.event_type,
                    env.recorded_at,
                    env.model_dump_json(),
                )
                for i, env in enumerate(envelopes)
            ]
            try:
                await conn.executemany(
                    "INSERT INTO events (position, event_id, stream_id, stream_version, event_type,"
                    " recorded_at, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                    rows,
                )
            except asyncpg.UniqueViolationError as exc:
                raise conflict(appends) from exc
            await conn.executemany(
                "INSERT INTO outbox (position) VALUES ($1)", [(r[0],) for r in rows]
            )
            if ctx.idempotency_key is not None:
                inserted = await conn.fetchval(
                    "INSERT INTO idempotency (key, principal_id, request_hash, response, recorded_at)"
                    " VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (key) DO NOTHING RETURNING key",
                    ctx.idempotency_key,
                    ctx.actor.principal_id,
                    request_hash,
                    orjson.dumps(response).decode(),
                    self._clock.now(),
                )
                if inserted is None:
                    raise IdempotencyRace(ctx.idempotency_key)
            if rows:
                await conn.execute("NOTIFY thidua_outbox")
        return envelopes, response

    async def _check_versions(self, conn: asyncpg.Connection, appends: Sequence[StreamAppend]) -> None:
        ids = [a.stream_id for a in appends]
        current = dict(
            await conn.fetch(
                "SELECT stream_id, max(stream_version) FROM events"
                " WHERE stream_id = ANY($1::text[]) GROUP BY stream_id",
                ids,
            )
        )
        for append in appends:
            if current.get(append.stream_id, 0) != append.expected_version:
                raise conflict(appends, found=current.get(append.stream_id, 0), expected=append.expected_version)


def conflict(appends: Sequence[StreamAppend], **figures: Any) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "CONCURRENCY",
        "Đối tượng đã bị thay đổi bởi một lệnh khác; hãy thử lại.",
        "The aggregate was changed by another command first; retry.",
        streams=[a.stream_id for a in appends],
        **figures,
    )
