"""Small Kafka helpers: topics kept forever, partition counts, the tail of each partition."""
from collections.abc import AsyncIterator
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code
from aiokafka.partitioner import DefaultPartitioner

from contracts.topics import HEADER_EVENT_ID, HEADER_PRODUCER, TOPIC_MAX_MESSAGE_BYTES

from .kafka_access import KafkaAccess

TOPIC_ALREADY_EXISTS = 36
# The cluster's own default.replication.factor (KIP-464): 1 on one broker, 3 on the local
# cluster or whatever a managed cluster sets, with its min.insync.replicas.
CLUSTER_DEFAULT_REPLICATION = -1

_partitioner = DefaultPartitioner()


def partition_for(key: bytes, partitions: int) -> int:
    """The partition the Java client would choose for `key` (murmur2), computed once, here."""
    all_partitions = list(range(partitions))
    return _partitioner(key, all_partitions, all_partitions)


async def ensure_topics(kafka: KafkaAccess, topics: list[str], partitions: int) -> None:
    """Create missing topics, retention forever (the log is the system of record), taking record
    batches up to TOPIC_MAX_MESSAGE_BYTES (above the relay's MAX_RECORD_BYTES: contracts.topics).
    Existing topics keep their configuration."""
    admin = AIOKafkaAdminClient(**kafka.aiokafka())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            # aiokafka wants an (empty) assignment beside a -1: the broker then assigns replicas.
            NewTopic(t, partitions, CLUSTER_DEFAULT_REPLICATION, replica_assignments={},
                     topic_configs={"retention.ms": "-1", "retention.bytes": "-1",
                                    "max.message.bytes": str(TOPIC_MAX_MESSAGE_BYTES)})
            for t in topics
            if t not in existing
        ]
        if wanted:
            try:
                response = await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                return  # another service created it between our list and our create: that is the goal
            for name, code, *message in response.topic_errors:
                if code not in (0, TOPIC_ALREADY_EXISTS):
                    raise for_code(code)(f"create topic {name!r}: {message[0] if message else ''}")
    finally:
        await admin.close()


async def partition_count(kafka: KafkaAccess, topic: str) -> int:
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        found = await _count(consumer, topic)
        if not found:
            raise RuntimeError(f"topic {topic} does not exist")
        return found
    finally:
        await consumer.stop()


async def recently_published_ids(kafka: KafkaAccess, topic: str, producer: str, depth: int) -> set[str]:
    """The event ids of the last `depth` records `producer` put in each partition of `topic`."""
    found: set[str] = set()
    for record in await read_records(kafka, topic, depth):
        headers = dict(record.headers or ())
        if headers.get(HEADER_PRODUCER, b"").decode() == producer:
            found.add(headers[HEADER_EVENT_ID].decode())
    return found


async def read_records(kafka: KafkaAccess, topic: str, depth: int | None = None) -> list[Any]:
    """The last `depth` records of each partition of `topic` (all of them if None), in partition
    then offset order, up to the ends at the time of asking (aiokafka ConsumerRecords)."""
    return [record async for record in iter_records(kafka, topic, depth)]


async def iter_records(kafka: KafkaAccess, topic: str, depth: int | None = None) -> AsyncIterator[Any]:
    """`read_records` one fetch at a time, for readers that must not hold a whole topic."""
    count = await partition_count(kafka, topic)
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(count)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        for tp in tps:
            consumer.seek(tp, 0 if depth is None else max(0, ends[tp] - depth))
            while await consumer.position(tp) < ends[tp]:
                for record in (await consumer.getmany(tp, timeout_ms=1_000)).get(tp, []):
                    yield record
    finally:
        await consumer.stop()


async def end_offsets(kafka: KafkaAccess, topics: list[str]) -> dict[tuple[str, int], int]:
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = []
        for topic in topics:
            tps += [TopicPartition(topic, p) for p in range(await _count(consumer, topic))]
        ends = await consumer.end_offsets(tps)
        return {(tp.topic, tp.partition): off for tp, off in ends.items()}
    finally:
        await consumer.stop()


async def _count(consumer: AIOKafkaConsumer, topic: str) -> int:
    # aiokafka has no public "describe partitions" on a consumer; its client's metadata call is it.
    metadata = await consumer._client.fetch_all_metadata()  # noqa: SLF001
    return len(metadata.partitions_for_topic(topic) or ())
