"""A light reading of an envelope for projections that must replay millions of events fast.

The producing service validated every envelope against the contract before it committed it,
and the outbox relay publishes exactly those bytes. A projection that opts in
(`light_envelopes = True`) gets this plain object instead of a pydantic model: the same field
names, times as ISO strings, no per-event validation. Tolerant when reading, strict when writing.
"""
from typing import Any

import orjson

FIELDS = (
    "event_id", "event_type", "schema_version", "aggregate_type", "aggregate_id", "aggregate_version",
    "occurred_at", "recorded_at", "actor", "reason", "document_number", "correlation_id", "causation_id",
    "producer", "payload",
)


class LightEnvelope:
    __slots__ = FIELDS

    def __init__(self, raw: dict[str, Any]) -> None:
        # Spelled out rather than looped over FIELDS: this runs once per event of a replay.
        get = raw.get
        self.event_id = get("event_id")
        self.event_type = get("event_type")
        self.schema_version = get("schema_version", 1)
        self.aggregate_type = get("aggregate_type")
        self.aggregate_id = get("aggregate_id")
        self.aggregate_version = get("aggregate_version")
        self.occurred_at = get("occurred_at")
        self.recorded_at = get("recorded_at")
        self.actor = get("actor")
        self.reason = get("reason")
        self.document_number = get("document_number")
        self.correlation_id = get("correlation_id")
        self.causation_id = get("causation_id")
        self.producer = get("producer")
        self.payload = get("payload")


def decode_light(value: bytes) -> LightEnvelope:
    envelope = LightEnvelope(orjson.loads(value))
    if envelope.event_type is None or envelope.payload is None:
        raise ValueError("not an event envelope: event_type and payload are required")
    return envelope
