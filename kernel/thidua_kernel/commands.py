"""The shape of every command handler: recall (idempotency) → load → decide → append."""
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
import structlog

from contracts.envelope import EventEnvelope

from .errors import ConcurrencyConflict
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


def moment(value: datetime) -> str:
    """A recording time as a client sends it back in `known_at` ('Z', not '+00:00', which a query
    string would read as a space)."""
    return value.isoformat().replace("+00:00", "Z")


def describe(envelopes: list[EventEnvelope]) -> list[dict[str, Any]]:
    return [
        {
            "event_id": str(e.event_id),
            "event_type": e.event_type,
            "aggregate_id": e.aggregate_id,
            "aggregate_version": e.aggregate_version,
            "recorded_at": moment(e.recorded_at),
        }
        for e in envelopes
    ]


def respond(decision: Decision, ctx: CommandContext, envelopes: list[EventEnvelope]) -> dict[str, Any]:
    """The answer: the decision's own, the correlation id, the events and when they were recorded.

    `recorded_at` (top level: the command's recording time, null when it appended nothing) lets a
    client ask later for the state "as known at that moment" (`known_at`). A retry with the same
    idempotency key gets this same stored answer, its `recorded_at` included.
    """
    return {
        **decision.answer,
        "correlation_id": str(ctx.correlation_id),
        "recorded_at": moment(envelopes[0].recorded_at) if envelopes else None,
        "events": describe(envelopes),
    }


async def execute(
    store: EventStore,
    ctx: CommandContext,
    command_name: str,
    body: Any,
    decide: Callable[[], Awaitable[Decision]],
) -> dict[str, Any]:
    """Run one command once: a retry with the same idempotency key gets the first answer.

    A version conflict re-runs the decision once, on fresh data: the store answers expected
    versions from a per-process cache (eventstore.PostgresEventStore), so a stale entry costs a
    retry, never a wrong append; a second conflict goes to the client (409).
    """
    digest = request_hash(command_name, body)
    if ctx.idempotency_key is not None:
        prior = await store.recall(ctx.idempotency_key, digest)
        if prior is not None:
            return prior
    for attempt in (1, 2):
        decision = await decide()
        try:
            envelopes, response = await store.append(
                ctx, decision.appends, digest, lambda envelopes: respond(decision, ctx, envelopes)
            )
            break
        except ConcurrencyConflict:
            if attempt == 2:
                raise
        except IdempotencyRace:
            prior = await store.recall(ctx.idempotency_key or "", digest)
            assert prior is not None, "an idempotency race always leaves the winner's answer"
            return prior
    # One line per accepted command; the first event id only (it names the command's batch of
    # events in the relay's log): a list of ids cost more than the rest of the line.
    log.info(
        "command accepted",
        command=command_name,
        actor=ctx.actor.principal_id,
        event_id=response["events"][0]["event_id"] if envelopes else None,
        events=len(envelopes),
    )
    return response
