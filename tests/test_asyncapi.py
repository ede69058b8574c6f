"""contracts/asyncapi.json is a structurally valid AsyncAPI 3.0 document of every topic.

No validator of AsyncAPI 3.0 is available as a maintained Python wheel, so this test checks what
the 3.0.0 specification requires of the objects the document uses (root, info, servers, channels,
operations, messages, multi-format schemas, references), and then that the records awards
publishes are valid under their message's payload schema, the committed files resolved."""
import json
from datetime import date
from pathlib import Path

import jsonschema_rs
import pytest

from contracts.awards import NominationDecided
from contracts.topics import ALL_TOPICS, HEADER_CORRELATION_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE, \
    HEADER_POSITION, HEADER_PRODUCER
from thidua_deploy.asyncapi import CHANNELS, message_id
from thidua_deploy.schemas import ASYNCAPI, event_versions

DOCUMENT = json.loads(ASYNCAPI.read_text(encoding="utf-8"))
ROOT_FIELDS = {"asyncapi", "id", "info", "servers", "defaultContentType", "channels", "operations", "components"}
CHANNEL_FIELDS = {"address", "messages", "title", "summary", "description", "servers", "parameters", "tags",
                  "externalDocs", "bindings"}
OPERATION_FIELDS = {"action", "channel", "title", "summary", "description", "security", "tags", "externalDocs",
                    "bindings", "traits", "messages", "reply"}
MESSAGE_FIELDS = {"headers", "payload", "correlationId", "contentType", "name", "title", "summary", "description",
                  "tags", "externalDocs", "bindings", "examples", "traits"}
SERVER_FIELDS = {"host", "protocol", "protocolVersion", "pathname", "description", "title", "summary", "variables",
                 "security", "tags", "externalDocs", "bindings"}
SECURITY_TYPES = {"userPassword", "apiKey", "X509", "symmetricEncryption", "asymmetricEncryption", "httpApiKey",
                  "http", "oauth2", "openIdConnect", "plain", "scramSha256", "scramSha512", "gssapi"}


def resolve(pointer: str) -> object:
    assert pointer.startswith("#/"), pointer
    node: object = DOCUMENT
    for part in pointer[2:].split("/"):
        assert isinstance(node, dict) and part in node, f"{pointer} does not resolve"
        node = node[part]
    return node


def references(node: object) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if "$ref" in node else []) + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


def test_the_root_info_and_servers_are_those_asyncapi_3_requires():
    assert DOCUMENT["asyncapi"] == "3.0.0" and set(DOCUMENT) <= ROOT_FIELDS
    assert isinstance(DOCUMENT["info"]["title"], str) and isinstance(DOCUMENT["info"]["version"], str)
    for server in DOCUMENT["servers"].values():
        assert set(server) <= SERVER_FIELDS and server["protocol"] == "kafka" and server["host"]
        assert all(resolve(s["$ref"])["type"] in SECURITY_TYPES for s in server["security"])


def test_every_reference_resolves_in_the_document_or_to_a_committed_schema():
    for ref in references(DOCUMENT):
        if ref.startswith("#"):
            resolve(ref)
        else:
            assert (ASYNCAPI.parent / ref).is_file(), ref


def test_channels_and_operations_are_well_formed():
    channels, operations = DOCUMENT["channels"], DOCUMENT["operations"]
    assert sorted(c["address"] for c in channels.values()) == sorted(ALL_TOPICS)
    for channel in channels.values():
        assert set(channel) <= CHANNEL_FIELDS
        assert all(set(ref) == {"$ref"} and ref["$ref"].startswith("#/components/messages/")
                   for ref in channel["messages"].values())
    for operation in operations.values():
        assert set(operation) <= OPERATION_FIELDS and operation["action"] in ("send", "receive")
        channel_ref = operation["channel"]["$ref"]
        resolve(channel_ref)
        # 3.0: an operation's messages are a subset of its channel's, referenced through the channel
        assert all(m["$ref"].startswith(channel_ref + "/messages/") for m in operation["messages"])


def test_every_event_type_and_version_is_a_message_of_its_topic_with_key_and_headers():
    for channel, (topic, contexts, _) in CHANNELS.items():
        listed = DOCUMENT["channels"][channel]["messages"]
        for context in contexts:
            for event_type, versions in event_versions()[context].items():
                for version in versions:
                    name = message_id(context, event_type, version)
                    message = resolve(listed[name]["$ref"])
                    assert set(message) <= MESSAGE_FIELDS and message["name"] == event_type
                    for schema in (message["payload"], message["headers"]):
                        assert set(schema) == {"schemaFormat", "schema"}
                    headers = message["headers"]["schema"]
                    assert headers["type"] == "object" and set(headers["required"]) == {
                        HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_POSITION, HEADER_PRODUCER, HEADER_CORRELATION_ID}
                    assert message["bindings"]["kafka"]["key"]["type"] == "string"
                    assert f"schemas/{context}/{event_type}.v{version}.json" in references(message["payload"])


def payload_validator(message: str):
    def retrieve(uri: str) -> dict:
        return json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8"))

    schema = resolve(f"#/components/messages/{message}")["payload"]["schema"]
    return jsonschema_rs.validator_for(schema, retriever=retrieve, base_uri=ASYNCAPI.resolve().as_uri())


@pytest.mark.parametrize("version", [1, 2])
def test_a_published_decision_is_valid_under_its_message_and_only_its_own_version(version):
    decided = NominationDecided(nomination_id="2011-2015/co-huyen/185", round_code="2011-2015", award_kind="co-huyen",
                                nominee_code="185", outcome="approved", reasons="Đủ", decision_number="1/QĐ",
                                decision_date=date(2016, 4, 1)).model_dump(mode="json")
    if version == 1:
        decided = {k: v for k, v in decided.items() if k not in ("round_code", "award_kind", "nominee_code")}
    record = {"event_id": "5f0c1e9a-2b7d-4c51-9a3e-0d6f2b8c4e11", "event_type": "NominationDecided",
              "schema_version": version, "aggregate_type": "award_round", "aggregate_id": "2011-2015",
              "aggregate_version": 7, "occurred_at": "2016-04-01T00:00:00Z", "recorded_at": "2016-04-01T02:00:00Z",
              "actor": {"principal_id": "ban-thi-dua", "role": "province_board", "scope": "20"},
              "correlation_id": "5f0c1e9a-2b7d-4c51-9a3e-0d6f2b8c4e12", "producer": "awards", "payload": decided}
    assert payload_validator(f"awards.NominationDecided.v{version}").is_valid(record)
    other = 3 - version
    assert not payload_validator(f"awards.NominationDecided.v{other}").is_valid(record)
