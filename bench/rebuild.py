"""Rebuild of the reporting projection from offset 0, against raw consume rates of the same topic.

One topic of max(sizes) synthetic CriterionAssessed events (key = commune code, partitioned as
the services' producer does). The rebuild is timed from its start to the moment its committed
offsets pass each size (0.5 M, 1 M, 5 M), so one run shows how the rate holds as the tables grow.
Raw rates: confluent-kafka (the projection runner's client) and aiokafka, each only counting.
"""
import asyncio
import time
from collections import Counter

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer
from confluent_kafka import TopicPartition as KafkaPartition

from contracts.topics import ALL_TOPICS, PARTITIONS, PROGRESS_EVENTS
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.kafka_admin import ensure_topics, partition_for
from thidua_kernel.projection import ProjectionRunner

from .synthetic import assessment_envelopes


def produce(bootstrap: str, topic: str, communes: list[tuple[str, str]], count: int) -> tuple[float, list[int]]:
    """Write the events; returns the rate and the events per partition (the key distribution)."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                         "linger.ms": 20, "batch.size": 1024 * 1024, "queue.buffering.max.messages": 1_000_000})
    per_partition: Counter[int] = Counter()
    started = time.perf_counter()
    for key, value in assessment_envelopes(communes, count):
        partition = partition_for(key, PARTITIONS)  # murmur2, as the outbox relay's producer
        per_partition[partition] += 1
        while True:
            try:
                producer.produce(topic, value, key, partition=partition)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    if producer.flush(120) != 0:
        raise RuntimeError("the benchmark's events were not all delivered")
    return count / (time.perf_counter() - started), [per_partition[p] for p in range(PARTITIONS)]


def raw_consume_confluent(bootstrap: str, topic: str, count: int) -> float:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-raw", "enable.auto.commit": False})
    try:
        consumer.assign([KafkaPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        seen = 0
        started = time.perf_counter()
        while seen < count:
            seen += sum(1 for r in consumer.consume(5000, 1.0) if r.error() is None)
        return seen / (time.perf_counter() - started)
    finally:
        consumer.close()


async def raw_consume_aiokafka(bootstrap: str, topic: str, count: int) -> float:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                fetch_max_bytes=32 * 1024 * 1024, max_partition_fetch_bytes=8 * 1024 * 1024)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        seen = 0
        started = time.perf_counter()
        while seen < count:
            for records in (await consumer.getmany(timeout_ms=1000, max_records=5000)).values():
                seen += len(records)
        return seen / (time.perf_counter() - started)
    finally:
        await consumer.stop()


async def rebuild_times(bootstrap: str, database_url: str, prefix: str, projection, migrations,
                        sizes: list[int]) -> dict[int, float]:
    """Seconds from the start of a rebuild until its committed offsets pass each of `sizes`."""
    pool = await create_pool(database_url, f"bench_rebuild_{prefix.strip('.')}", max_size=6)
    await migrate(pool, *(migrations if isinstance(migrations, (tuple, list)) else (migrations,)))
    runner = ProjectionRunner(pool, bootstrap, projection, topic_prefix=prefix)
    times: dict[int, float] = {}
    try:
        started = time.perf_counter()
        task = asyncio.create_task(runner.run())
        waiting = sorted(sizes)
        while waiting:
            if task.done():
                task.result()
            applied = await _applied(pool, projection.name)
            now = time.perf_counter() - started
            while waiting and applied >= waiting[0]:
                times[waiting.pop(0)] = now
            await asyncio.sleep(0.02)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return times
    finally:
        await pool.close()


async def _applied(pool: asyncpg.Pool, projection: str) -> int:
    return await pool.fetchval(
        "SELECT coalesce(sum(next_offset), 0) FROM projection_offsets WHERE projection = $1", projection
    )


def _size_name(size: int) -> str:
    return f"{size / 1_000_000:g}m".replace(".", "_")


async def measure(bootstrap: str, database_url: str, communes, projection, migrations,
                  sizes: list[int]) -> dict:
    prefix = f"bench{int(time.time())}."
    await ensure_topics(bootstrap, [prefix + t for t in ALL_TOPICS], PARTITIONS)
    topic = prefix + PROGRESS_EVENTS
    total = max(sizes)
    produce_rate, per_partition = await asyncio.to_thread(produce, bootstrap, topic, communes, total)
    raw_sample = min(total, 1_000_000)
    raw_confluent = await asyncio.to_thread(raw_consume_confluent, bootstrap, topic, raw_sample)
    raw_aiokafka = await raw_consume_aiokafka(bootstrap, topic, raw_sample)
    times = await rebuild_times(bootstrap, database_url, prefix, projection, migrations, sizes)
    headline = 1_000_000 if 1_000_000 in times else total
    rebuild = headline / times[headline]
    figures = {
        "rebuild_events": headline,
        "rebuild_sizes": sorted(sizes),
        "produce_events_per_s": round(produce_rate),
        "events_per_partition": per_partition,
        "raw_consume_events_per_s": round(raw_confluent),
        "raw_consume_same_client_events_per_s": round(raw_confluent),
        "raw_consume_aiokafka_events_per_s": round(raw_aiokafka),
        "raw_consume_fastest_events_per_s": round(max(raw_confluent, raw_aiokafka)),
        "rebuild_events_per_s": round(rebuild),
        "rebuild_ratio": round(rebuild / raw_confluent, 3),
    }
    for size, seconds in sorted(times.items()):
        figures[f"rebuild_seconds_{_size_name(size)}"] = round(seconds, 2)
    if total >= 5_000_000:
        figures["rebuild_events_per_s_5m"] = round(5_000_000 / times[5_000_000])
    return figures
