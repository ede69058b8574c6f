"""The projection runner's Kafka consumer (confluent-kafka): assigned partitions, no group.

Offsets are never committed to Kafka: they live in PostgreSQL beside the rows (projection.py).
A topic created a moment ago may have no leader, or be missing from a broker's metadata, for a
few milliseconds, and a broker of a cluster may die: those look-ups are retried for a while before
they count as failures.
"""
import time

import structlog
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition

from contracts.topics import TOPIC_MAX_MESSAGE_BYTES

from .kafka_access import KafkaAccess

log = structlog.get_logger("thidua.projection")

_TRANSIENT = {KafkaError.NOT_LEADER_FOR_PARTITION, KafkaError.LEADER_NOT_AVAILABLE,
              KafkaError.UNKNOWN_TOPIC_OR_PART, KafkaError._TIMED_OUT, KafkaError.REQUEST_TIMED_OUT,
              # A broker of a cluster dying: its connection drops, and once the controller fences it
              # librdkafka drops its handle with the requests it held; the partitions' new leaders answer.
              KafkaError._TRANSPORT, KafkaError._DESTROY_BROKER, KafkaError._ALL_BROKERS_DOWN}


def projection_consumer(kafka: KafkaAccess, name: str) -> Consumer:
    return Consumer(kafka.confluent({
        "group.id": f"thidua-projection-{name}",  # required by librdkafka; never joined, nothing committed
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": False,
        "fetch.wait.max.ms": 100,
        "socket.nagle.disable": True,
    }))


def dead_letter_producer(kafka: KafkaAccess, client_id: str) -> Producer:
    """The producer of a service's dead-letter topic: idempotent, acks from every in-sync replica;
    a letter carries a record that fitted its source topic, so it fits this one (same limits)."""
    return Producer(kafka.confluent({
        "client.id": client_id,
        "enable.idempotence": True,
        "acks": "all",
        "message.max.bytes": TOPIC_MAX_MESSAGE_BYTES,
        "linger.ms": 5,
    }))


def positions(partitions, stored: dict) -> list[TopicPartition]:
    return [TopicPartition(t, p, stored.get((t, p), OFFSET_BEGINNING)) for t, p in partitions]


def watermarks(consumer: Consumer, topic: str, partition: int, wait_s: float = 30.0) -> tuple[int, int]:
    # Right after a topic is created its partitions may have no leader yet: retriable, so wait.
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        except KafkaException as exc:
            error = exc.args[0] if exc.args else None
            retriable = error is not None and hasattr(error, "retriable") and error.retriable()
            transient = retriable or (error is not None and error.code() in _TRANSIENT)
            if not transient or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def partition_count(consumer: Consumer, topic: str, wait_s: float = 10.0) -> int:
    # A topic created a moment ago (ensure_topics at start) may be missing from a broker's
    # metadata for a few milliseconds: ask again for a while before calling it missing.
    deadline = time.monotonic() + wait_s
    while True:
        metadata = consumer.list_topics(topic, timeout=10).topics.get(topic)
        if metadata is not None and metadata.error is None and metadata.partitions:
            return len(metadata.partitions)
        if time.monotonic() > deadline:
            raise RuntimeError(f"topic {topic} does not exist")
        time.sleep(0.1)


def high_watermarks(consumer: Consumer) -> dict[tuple[str, int], int]:
    """In the Kafka thread: each assigned partition's end offset now."""
    return {(tp.topic, tp.partition): watermarks(consumer, tp.topic, tp.partition)[1] for tp in consumer.assignment()}


def at_end(consumer: Consumer, starts: dict[tuple[str, int], int],
           ends: dict[tuple[str, int], int] | None = None) -> bool:
    """In the Kafka thread: has the consumer taken every record of its partitions there now (or,
    given `ends`, every record up to those end offsets, seen earlier)?"""
    for tp in consumer.assignment():
        key = (tp.topic, tp.partition)
        low, high = watermarks(consumer, tp.topic, tp.partition)
        high = high if ends is None else ends.get(key, high)
        position = consumer.position([tp])[0].offset
        if position < 0:  # nothing taken yet: where it was assigned to start (a stored offset)
            position = starts.get(key, OFFSET_BEGINNING)
            position = low if position < 0 else position
        if position < high:
            return False
    return True


# An idle projection waits this long for the first record; then it takes what else is there for
# at most BATCH_WAIT_S, so a replay gets full batches and a lone event is applied within ~10 ms.
POLL_S = 0.1
BATCH_WAIT_S = 0.01


def fetch_by_partition(consumer: Consumer, max_records: int, projection: str) -> dict[tuple[str, int], list]:
    """In the Kafka thread: the records at hand, grouped by partition in partition order."""
    records = consumer.consume(max_records, 0)
    if not records:
        first = consumer.poll(POLL_S)
        if first is None:
            return {}
        records = [first, *consumer.consume(max_records - 1, BATCH_WAIT_S)]
    batches: dict[tuple[str, int], list] = {}
    for record in records:
        error = record.error()
        if error is not None:
            if error.fatal():
                raise KafkaException(error)
            log.warning("kafka consumer error", projection=projection, error=str(error))
            continue
        key = (record.topic(), record.partition())
        part = batches.get(key)
        if part is None:
            batches[key] = [record]
        else:
            part.append(record)
    return batches
