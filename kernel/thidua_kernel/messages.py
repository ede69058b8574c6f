"""What a handler hands the event store: who asks, and the new events per stream."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from contracts.envelope import Actor


@dataclass(frozen=True)
class CommandContext:
    """Who did it, why, and how this command relates to others (correlation, causation)."""

    actor: Actor
    correlation_id: UUID = field(default_factory=uuid4)
    causation_id: UUID | None = None
    idempotency_key: str | None = None
    reason: str | None = None
    document_number: str | None = None


@dataclass(frozen=True)
class NewEvent:
    event_type: str
    payload: dict[str, Any]
    occurred_at: datetime
    schema_version: int = 1


@dataclass(frozen=True)
class StreamAppend:
    """New events for one aggregate, valid only if the stream is still at `expected_version`."""

    aggregate_type: str
    aggregate_id: str
    expected_version: int
    events: tuple[NewEvent, ...]

    @property
    def stream_id(self) -> str:
        return f"{self.aggregate_type}:{self.aggregate_id}"


def stream_id(aggregate_type: str, aggregate_id: str) -> str:
    return f"{aggregate_type}:{aggregate_id}"
