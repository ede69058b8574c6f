"""The shape of every command handler: recall (idempotency) → load → decide → append."""
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import structlog

from contracts.envelope import EventEnvelope

from .eventstore import EventStore, IdempotencyRace
from .messages import CommandContext, StreamAppend

log = structlog.get_logger("thidua.commands")


@dataclass(frozen=True)
class Decision:
    """What a command decided: the events to append, and the answer beyond their ids."""

    appends: Sequence[StreamAppend]
    answer: dict[str, Any] = field(default_factory=dict)


def request_hash(command_name: str, body: Any) -> str:
    return hashlib.sha256(orjson.dumps([command_name, body], option=orjson.OPT_SORT_KEYS)).hexdigest()


def describe(envelopes: list[EventEnvelope]) -> list[dict[str, Any]]:
    return [
        {
            "event_id": str(e.event_id),
            "event_type": e.event_type,
            "aggregate_id": e.aggregate_id,
            "aggregate_version": e.aggregate_version,
        }
        for e in envelopes
    ]


async def execute(
    store: EventStore,
    ctx: CommandContext,
    command_name: str,
    body: Any,
    decide: Callable[[], Awaitable[Decision]],
) -> dict[str, Any]:
    """Run one command once: a retry with the same idempotency key gets the first answer."""
    digest = request_hash(command_name, body)
    if ctx.idempotency_key is not None:
        prior = await store.recall(ctx.idempotency_key, digest)
        if prior is not None:
            return prior
    decision = await decide()

    def respond(envelopes: list[EventEnvelope]) -> dict[str, Any]:
        return {
            **decision.answer,
            "correlation_id": str(ctx.correlation_id),
            "events": describe(envelopes),
        }

    try:
        envelopes, response = await store.append(ctx, decision.appends, digest, respond)
    except IdempotencyRace:
        prior = await store.recall(ctx.idempotency_key or "", digest)
        assert prior is not None, "an idempotency race always leaves the winner's answer"
        return prior
    log.info(
        "command accepted",
        command=command_name,
        actor=ctx.actor.principal_id,
        correlation_id=str(ctx.correlation_id),
        event_ids=[str(e.event_id) for e in envelopes[:20]],
        events=len(envelopes),
    )
    return response
