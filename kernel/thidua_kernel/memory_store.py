"""An in-memory event store with the PostgreSQL store's contract: the fake for unit tests."""
from collections.abc import Sequence
from typing import Any

from contracts.envelope import EventEnvelope

from .clock import Clock
from .eventstore import Responder, build_envelopes, check_event_sizes, check_recalled, conflict
from .messages import CommandContext, StreamAppend, stream_id


class InMemoryEventStore:
    def __init__(self, producer: str, clock: Clock) -> None:
        self._producer = producer
        self._clock = clock
        self.events: list[EventEnvelope] = []
        self._idempotency: dict[str, tuple[str, dict[str, Any]]] = {}

    async def load(self, aggregate_type: str, aggregate_id: str) -> list[EventEnvelope]:
        wanted = stream_id(aggregate_type, aggregate_id)
        return [e for e in self.events if stream_id(e.aggregate_type, e.aggregate_id) == wanted]

    async def version(self, aggregate_type: str, aggregate_id: str, fresh: bool = False) -> int:
        return len(await self.load(aggregate_type, aggregate_id))

    async def recall(self, key: str, request_hash: str) -> dict[str, Any] | None:
        if key not in self._idempotency:
            return None
        stored_hash, response = self._idempotency[key]
        check_recalled(stored_hash, request_hash, key)
        return response

    async def append(
        self,
        ctx: CommandContext,
        appends: Sequence[StreamAppend],
        request_hash: str = "",
        respond: Responder | None = None,
    ) -> tuple[list[EventEnvelope], dict[str, Any]]:
        for append in appends:
            current = len(await self.load(append.aggregate_type, append.aggregate_id))
            if current != append.expected_version:
                raise conflict(appends, found=current, expected=append.expected_version)
        envelopes = build_envelopes(ctx, appends, self._producer, self._clock)
        check_event_sizes((e.event_type, e.model_dump_json()) for e in envelopes)
        response = respond(envelopes) if respond else {}
        self.events += envelopes
        if ctx.idempotency_key is not None:
            self._idempotency[ctx.idempotency_key] = (request_hash, response)
        return envelopes, response
