"""Topic names: one topic per bounded context, keyed by aggregate id, kept forever."""

REGISTRY_EVENTS = "thidua.registry.events.v1"
PROGRESS_EVENTS = "thidua.progress.events.v1"
AWARDS_EVENTS = "thidua.awards.events.v1"
REPORTING_EVENTS = "thidua.reporting.events.v1"

ALL_TOPICS = (REGISTRY_EVENTS, PROGRESS_EVENTS, AWARDS_EVENTS, REPORTING_EVENTS)
PARTITIONS = 3

# Record sizes, set consistently: the relay's producer sends records of at most MAX_RECORD_BYTES
# (its max request size; a command's events are bounded below it at the HTTP edge), and every
# topic accepts record batches up to TOPIC_MAX_MESSAGE_BYTES (max.message.bytes), which leaves
# room for a batch's own headers around the largest record.
MAX_RECORD_BYTES = 1_000_000
TOPIC_MAX_MESSAGE_BYTES = 1_048_576

# Kafka record headers written by every producer (the body is the JSON envelope).
HEADER_EVENT_ID = "event_id"
HEADER_EVENT_TYPE = "event_type"
HEADER_POSITION = "position"
HEADER_PRODUCER = "producer"
HEADER_CORRELATION_ID = "correlation_id"
# The event's hash chain (README "Tamper evidence"): hex SHA-256 of the previous event of its
# stream and its own, hash = SHA-256(prev_hash || record value).
HEADER_PREV_HASH = "prev_hash"
HEADER_HASH = "hash"
# On a seals topic: the Ed25519 signature (hex) of the record value, the seal's canonical body.
HEADER_SEAL_SIGNATURE = "seal_signature"


def events_topic(service: str) -> str:
    """The topic a service's outbox relay publishes its events to (the constants above)."""
    return f"thidua.{service}.events.v1"


def seals_topic(service: str) -> str:
    """The service's seals of its streams' heads, in seal number order (key = service), kept forever."""
    return f"thidua.{service}.seals.v1"


def dead_letter_topic(service: str) -> str:
    """One dead-letter topic per service, written by that service's projections only."""
    return f"thidua.{service}.dead-letters.v1"
