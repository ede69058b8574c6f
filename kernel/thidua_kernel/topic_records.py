"""Every record of a topic, all partitions from offset 0 to the end at the time of reading."""
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from .kafka_access import KafkaAccess
from .kafka_admin import partition_count


async def read_all(kafka: KafkaAccess, topic: str) -> list[Any]:
    """The records in partition order, then offset order (aiokafka ConsumerRecords)."""
    count = await partition_count(kafka, topic)
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(count)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        records: list[Any] = []
        for tp in tps:
            consumer.seek(tp, 0)
            while await consumer.position(tp) < ends[tp]:
                records += (await consumer.getmany(tp, timeout_ms=1_000)).get(tp, [])
        return records
    finally:
        await consumer.stop()
