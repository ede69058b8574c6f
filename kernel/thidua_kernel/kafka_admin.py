"""Small Kafka helpers: topics kept forever, partition counts, the tail of each partition."""
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.partitioner import DefaultPartitioner

from contracts.topics import HEADER_EVENT_ID, HEADER_PRODUCER

_partitioner = DefaultPartitioner()


def partition_for(key: bytes, partitions: int) -> int:
    """The partition the Java client would choose for `key` (murmur2), computed once, here."""
    all_partitions = list(range(partitions))
    return _partitioner(key, all_partitions, all_partitions)


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int) -> None:
    """Create missing topics, retention forever (the log is the system of record)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(t, partitions, 1, topic_configs={"retention.ms": "-1", "retention.bytes": "-1"})
            for t in topics
            if t not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # another service created it between our list and our create: that is the goal
    finally:
        await admin.close()


async def partition_count(bootstrap: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        found = await _count(consumer, topic)
        if not found:
            raise RuntimeError(f"topic {topic} does not exist")
        return found
    finally:
        await consumer.stop()


async def recently_published_ids(bootstrap: str, topic: str, producer: str, depth: int) -> set[str]:
    """The event ids of the last `depth` records `producer` put in each partition of `topic`."""
    count = await partition_count(bootstrap, topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(count)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        found: set[str] = set()
        for tp in tps:
            start = max(0, ends[tp] - depth)
            consumer.seek(tp, start)
            while await consumer.position(tp) < ends[tp]:
                for record in (await consumer.getmany(tp, timeout_ms=10_000)).get(tp, []):
                    headers = dict(record.headers or ())
                    if headers.get(HEADER_PRODUCER, b"").decode() == producer:
                        found.add(headers[HEADER_EVENT_ID].decode())
        return found
    finally:
        await consumer.stop()


async def end_offsets(bootstrap: str, topics: list[str]) -> dict[tuple[str, int], int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
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
