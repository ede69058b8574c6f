"""Only the service may write its topic: the broker refuses a forged record from anyone else.

The session's broker runs SASL/SCRAM with ACLs (thidua_deploy.kafka_config); the stack gives
each service its own principal (thidua_deploy.kafka_principals).
"""
import asyncio

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, TopicAuthorizationFailedError
from confluent_kafka import KafkaError as ConfluentError

from contracts.topics import PARTITIONS, PROGRESS_EVENTS, REGISTRY_EVENTS
from thidua_deploy.isolated import read_topic, wait_until
from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.kafka_consumer import projection_consumer

IMPORT = {"province_code": "20", "effective_from": "2011-01-01"}
FORGED = orjson.dumps({"event_type": "UnitRegistered", "aggregate_id": "99999", "payload": {"name": "forged"}})


async def _produce(access: KafkaAccess, topic: str) -> None:
    producer = AIOKafkaProducer(**access.aiokafka(), acks="all", enable_idempotence=True,
                                request_timeout_ms=5000, metadata_max_age_ms=5000)
    try:
        await asyncio.wait_for(producer.start(), 8)
        await asyncio.wait_for(producer.send_and_wait(topic, FORGED, key=b"99999"), 8)
    finally:
        await producer.stop()


def _topic_metadata(access: KafkaAccess, topic: str):
    """The topic as a projection's consumer (confluent-kafka, built as the runner builds it) sees it."""
    consumer = projection_consumer(access, "acl-test")
    try:
        return consumer.list_topics(topic, timeout=10).topics[topic]
    finally:
        consumer.close()


def _refused(attempt) -> Exception:
    with pytest.raises((KafkaError, asyncio.TimeoutError)) as refused:
        asyncio.run(attempt)
    return refused.value


def test_only_the_registry_writes_its_topic_and_each_service_reads_only_what_it_consumes(stack):
    stack.start("registry")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    topic = stack.topic(REGISTRY_EVENTS)
    genuine = len(wait_until(lambda: (r := read_topic(stack.kafka, topic)) and len(r) >= 206 and r, 60))
    assert genuine == 206
    registry, progress = stack.service_kafka("registry"), stack.service_kafka("progress")
    assert registry.username != progress.username and registry.password != progress.password

    # Another service's principal, with its valid credentials: the broker refuses the write.
    refusal = _refused(_produce(progress, topic))
    assert isinstance(refusal, TopicAuthorizationFailedError), repr(refusal)
    # No credentials, or a wrong password: not even signed in.
    _refused(_produce(KafkaAccess(stack.kafka.bootstrap), topic))
    _refused(_produce(progress.as_user(registry.username, "not-the-password"), topic))
    # Reads: the registry consumes only its own topic, progress reads the registry's.
    asyncio.run(_produce(stack.service_kafka("progress"), stack.topic(PROGRESS_EVENTS)))
    refused = _topic_metadata(registry, stack.topic(PROGRESS_EVENTS)).error
    assert refused is not None and refused.code() == ConfluentError.TOPIC_AUTHORIZATION_FAILED, refused
    assert len(_topic_metadata(progress, topic).partitions) == PARTITIONS

    records = read_topic(stack.kafka, topic)
    assert len(records) == genuine and not [r for r in records if r.get("aggregate_id") == "99999"]
    print(f"\nregistry topic: {genuine} genuine records; forged writes by progress, by no one and "
          "with a wrong password refused; 0 forged records on the topic")
