"""Topic names: one topic per bounded context, keyed by aggregate id, kept forever."""

REGISTRY_EVENTS = "thidua.registry.events.v1"
PROGRESS_EVENTS = "thidua.progress.events.v1"
AWARDS_EVENTS = "thidua.awards.events.v1"
REPORTING_EVENTS = "thidua.reporting.events.v1"

ALL_TOPICS = (REGISTRY_EVENTS, PROGRESS_EVENTS, AWARDS_EVENTS, REPORTING_EVENTS)
PARTITIONS = 3

# Kafka record headers written by every producer (the body is the JSON envelope).
HEADER_EVENT_ID = "event_id"
HEADER_EVENT_TYPE = "event_type"
HEADER_POSITION = "position"
HEADER_PRODUCER = "producer"
HEADER_CORRELATION_ID = "correlation_id"
