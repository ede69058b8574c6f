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


def dead_letter_topic(service: str) -> str:
    """One dead-letter topic per service, written by that service's projections only."""
    return f"thidua.{service}.dead-letters.v1"
