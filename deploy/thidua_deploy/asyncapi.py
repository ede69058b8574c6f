"""The AsyncAPI 3.0 document of thidua's topics, written beside the schemas by schemas.py.

One channel per topic (contracts.topics), its Kafka binding (partitions, retention forever); one
message per event type and version, whose payload is the envelope with `event_type`,
`schema_version` and `payload` pinned to that version's committed schema; the record key is the
envelope's aggregate_id, the headers those of contracts.topics (HEADER_*). The schemas are
referenced, not copied: the committed files are the one definition. Accounts events travel on the
registry's topic (contracts.accounts).
"""
from typing import Any

from contracts import topics
from contracts.topics import (
    HEADER_CORRELATION_ID,
    HEADER_EVENT_ID,
    HEADER_EVENT_TYPE,
    HEADER_HASH,
    HEADER_POSITION,
    HEADER_PREV_HASH,
    HEADER_PRODUCER,
)

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12"
CHANNELS = {  # channel id → (topic, the contract modules published on it, the producing service)
    "registry": (topics.REGISTRY_EVENTS, ("registry", "accounts"), "registry"),
    "progress": (topics.PROGRESS_EVENTS, ("progress",), "progress"),
    "awards": (topics.AWARDS_EVENTS, ("awards",), "awards"),
    "reporting": (topics.REPORTING_EVENTS, ("reporting",), "reporting"),
}
HEADERS = {
    HEADER_EVENT_ID: {"type": "string", "format": "uuid", "description": "The envelope's event_id: deduplicate by it."},
    HEADER_EVENT_TYPE: {"type": "string", "description": "The envelope's event_type."},
    HEADER_POSITION: {"type": "string", "pattern": "^[0-9]+$",
                      "description": "The event's position in the producer's outbox (a decimal integer)."},
    HEADER_PRODUCER: {"type": "string", "description": "The producing service."},
    HEADER_CORRELATION_ID: {"type": "string", "description": "The envelope's correlation_id (empty when none)."},
}
# Optional: records published before the hash chain existed have none (README "Tamper evidence").
CHAIN_HEADERS = {
    HEADER_PREV_HASH: {"type": "string", "pattern": "^[0-9a-f]{64}$",
                       "description": "SHA-256 (hex) of the previous event of the stream; zeros for its first."},
    HEADER_HASH: {"type": "string", "pattern": "^[0-9a-f]{64}$",
                  "description": "SHA-256 (hex) of prev_hash's 32 bytes followed by the record value."},
}
KEY = {"type": "string", "description": "The envelope's aggregate_id: all events of one aggregate share a key, "
                                        "so a partition holds each stream in order (murmur2, as the Java client)."}


def message_id(context: str, event_type: str, version: int) -> str:
    return f"{context}.{event_type}.v{version}"


def _message(context: str, event_type: str, version: int, model: type, newest: int) -> dict[str, Any]:
    summary = (model.__doc__ or event_type).strip().splitlines()[0]
    envelope = {"allOf": [
        {"$ref": "schemas/EventEnvelope.json"},
        {"type": "object", "required": ["event_type", "schema_version", "payload"], "properties": {
            "event_type": {"const": event_type}, "schema_version": {"const": version},
            "payload": {"$ref": f"schemas/{context}/{event_type}.v{version}.json"}}},
    ]}
    message: dict[str, Any] = {
        "name": event_type, "title": f"{event_type} v{version}", "summary": summary,
        "contentType": "application/json",
        "headers": {"schemaFormat": SCHEMA_FORMAT, "schema": {
            "type": "object", "required": list(HEADERS), "properties": {
                **HEADERS, **CHAIN_HEADERS, HEADER_EVENT_TYPE: {**HEADERS[HEADER_EVENT_TYPE], "const": event_type}}}},
        "payload": {"schemaFormat": SCHEMA_FORMAT, "schema": envelope},
        "bindings": {"kafka": {"key": KEY, "bindingVersion": KAFKA_BINDING_VERSION}},
    }
    if version < newest:
        message["description"] = (f"Still in the log, no longer written: read it as v{newest} through the "
                                  "upcasters (docs/consumers.md).")
    return message


def asyncapi_document(event_versions: dict[str, dict[str, dict[int, type]]]) -> dict[str, Any]:
    """The whole document, from each topic module's event types and their published versions."""
    channels, operations, messages = {}, {}, {}
    for channel, (topic, contexts, producer) in CHANNELS.items():
        refs = {}
        for context in contexts:
            for event_type, by_version in event_versions[context].items():
                for version, model in by_version.items():
                    name = message_id(context, event_type, version)
                    messages[name] = _message(context, event_type, version, model, max(by_version))
                    refs[name] = {"$ref": f"#/components/messages/{name}"}
        channels[channel] = {
            "address": topic, "title": f"Events of {producer}",
            "description": f"Every event {producer} records, in the order of each aggregate's stream; kept forever.",
            "messages": refs,
            "bindings": {"kafka": {"topic": topic, "partitions": topics.PARTITIONS, "topicConfiguration": {
                "retention.ms": -1, "retention.bytes": -1, "max.message.bytes": topics.TOPIC_MAX_MESSAGE_BYTES},
                "bindingVersion": KAFKA_BINDING_VERSION}},
        }
        operations[f"receive-{channel}"] = {
            "action": "receive", "channel": {"$ref": f"#/channels/{channel}"},
            "summary": f"Follow the events of {producer}.",
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"} for name in refs],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": "thidua event streams", "version": "1.0.0",
                 "description": "The topics of thidua (the NTM emulation movement's records of a province), as "
                                "other agencies read them. Guide: docs/consumers.md."},
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:19092", "protocol": "kafka", "protocolVersion": "4.1.1",
                              "description": "The local stack of `make infra`; SASL/SCRAM credentials required.",
                              "security": [{"$ref": "#/components/securitySchemes/scram"}]}},
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "securitySchemes": {"scram": {"type": "scramSha512",
                                          "description": "A principal with read access to the topic."}},
        },
    }
