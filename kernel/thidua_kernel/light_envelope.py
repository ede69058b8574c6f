"""A light reading of an envelope for projections that must replay millions of events fast.

The producing service validated every envelope against the contract before it committed it,
and the outbox relay publishes exactly those bytes. A projection that opts in
(`light_envelopes = True`) gets this msgspec struct instead of a pydantic model: the same field
names, times as ISO strings, the payload as a dict, no per-event validation beyond the shape
(event_type and payload are required; unknown fields are ignored). Tolerant when reading,
strict when writing. A projection that reads only a few fields declares its own, smaller
struct (`decoder`, see projection.py); this one is for those that want every field.
"""
from typing import Any

import msgspec

FIELDS = (
    "event_id", "event_type", "schema_version", "aggregate_type", "aggregate_id", "aggregate_version",
    "occurred_at", "recorded_at", "actor", "reason", "document_number", "correlation_id", "causation_id",
    "producer", "payload",
)


class LightEnvelope(msgspec.Struct, gc=False):
    event_type: str
    payload: dict[str, Any]
    event_id: str | None = None
    schema_version: int = 1
    aggregate_type: str | None = None
    aggregate_id: str | None = None
    aggregate_version: int | None = None
    occurred_at: str | None = None
    recorded_at: str | None = None
    actor: dict[str, Any] | None = None
    reason: str | None = None
    document_number: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    producer: str | None = None


_decoder = msgspec.json.Decoder(LightEnvelope)


def decode_light(value: bytes) -> LightEnvelope:
    """Raises ValueError (msgspec.DecodeError) on bytes that are not an envelope."""
    return _decoder.decode(value)
