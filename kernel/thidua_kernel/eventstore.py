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

    async def version(self, aggregate_type: str, aggregate_id: str) -> int: ...

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

    async def version(self, aggregate_type: str, aggregate_id: str) -> int:
        """The stream's current version (0 if new), for commands that need no history."""
        return await self._pool.fetchval(
            "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1",
            stream_id(aggregate_type, aggregate_id),
        )

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
        key = ctx.idempotency_key
        try:
            outcome = await self._pool.fetchval(
                "SELECT thidua_append($1, $2, $3, $4, $5, $6, $7, $8::jsonb[], $9, $10, $11, $12::jsonb, $13)",
                [a.stream_id for a in appends],
                [a.expected_version for a in appends],
                [e.event_id for e in envelopes],
                [stream_id(e.aggregate_type, e.aggregate_id) for e in envelopes],
                [e.aggregate_version for e in envelopes],
                [e.event_type for e in envelopes],
                [e.recorded_at for e in envelopes],
                [e.model_dump_json() for e in envelopes],
                key,
                ctx.actor.principal_id,
                request_hash,
                orjson.dumps(response).decode(),
                self._clock.now(),
            )
        except asyncpg.UniqueViolationError as exc:
            raise conflict(appends) from exc
        if outcome == "idempotency-race":
            raise IdempotencyRace(key)
        if outcome != "ok":
            _, found, stream = outcome.split(":", 2)
            raise conflict(appends, stream=stream, found=int(found))
        return envelopes, response


def conflict(appends: Sequence[StreamAppend], **figures: Any) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "CONCURRENCY",
        "Đối tượng đã bị thay đổi bởi một lệnh khác; hãy thử lại.",
        "The aggregate was changed by another command first; retry.",
        streams=[a.stream_id for a in appends],
        **figures,
    )
