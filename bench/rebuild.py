"""Rebuild of the reporting projection from offset 0, against raw consume rates of the same topic.

One synthetic history of CriterionAssessed events (key = commune code, partitioned as the
services' producer does); its first 0.5 M, 1 M and 5 M events each in a topic of their own, each
rebuilt from offset 0 into a schema of its own and timed until the runner has caught up (indexes
built, queries answerable), so one run shows how the rate holds as the history grows. Raw rates
over the 1 M topic: confluent-kafka (the projection runner's client) and aiokafka, only counting.
"""
import asyncio
import os
import time
from collections import Counter

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer
from confluent_kafka import TopicPartition as KafkaPartition

from contracts.topics import ALL_TOPICS, PARTITIONS, PROGRESS_EVENTS
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.kafka_admin import ensure_topics, partition_for
from thidua_kernel.projection import ProjectionRunner
from thidua_kernel.supervision import cancelled

from .synthetic import assessment_envelopes


def produce(kafka: KafkaAccess, topics: dict[int, str], communes: list[tuple[str, str]]) -> tuple[float, list[int]]:
    """The first `size` events of one synthetic history into each `topics[size]` (made once).
    Returns the rate and the events per partition of the largest (the key distribution)."""
    producer = Producer(kafka.confluent({"acks": "all", "enable.idempotence": True, "linger.ms": 20,
                                         "batch.size": 1024 * 1024, "queue.buffering.max.messages": 1_000_000}))
    total = max(topics)
    per_partition: Counter[int] = Counter()
    # murmur2, as the outbox relay's producer; once per commune (pure Python, ~20 µs a call)
    partition_of = {code.encode(): partition_for(code.encode(), PARTITIONS) for code, _ in communes}
    started = time.perf_counter()
    for i, (key, value) in enumerate(assessment_envelopes(communes, total)):
        partition = partition_of[key]
        per_partition[partition] += 1
        for size, topic in topics.items():
            if i < size:
                _send(producer, topic, key, value, partition)
        producer.poll(0)
    if producer.flush(300) != 0:
        raise RuntimeError("the benchmark's events were not all delivered")
    return sum(topics) / (time.perf_counter() - started), [per_partition[p] for p in range(PARTITIONS)]


def _send(producer: Producer, topic: str, key: bytes, value: bytes, partition: int) -> None:
    while True:
        try:
            producer.produce(topic, value, key, partition=partition)
            return
        except BufferError:
            producer.poll(0.05)


def raw_consume_confluent(kafka: KafkaAccess, topic: str, count: int) -> float:
    consumer = Consumer(kafka.confluent({"group.id": "bench-raw", "enable.auto.commit": False}))
    try:
        consumer.assign([KafkaPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        seen = 0
        started = time.perf_counter()
        while seen < count:
            seen += sum(1 for r in consumer.consume(5000, 1.0) if r.error() is None)
        return seen / (time.perf_counter() - started)
    finally:
        consumer.close()


async def raw_consume_aiokafka(kafka: KafkaAccess, topic: str, count: int) -> float:
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False,
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


async def rebuild_seconds(kafka: KafkaAccess, database_url: str, prefix: str, projection, migrations,
                          count: int, processes: int | None = None) -> float:
    """Seconds from the start of a rebuild of `count` events until the runner has caught up:
    every event committed, the indexes a long replay drops built again, queries answerable."""
    pool = await create_pool(database_url, f"bench_rebuild_{prefix.strip('.')}", max_size=6)
    await migrate(pool, *(migrations if isinstance(migrations, (tuple, list)) else (migrations,)))
    runner = ProjectionRunner(pool, kafka, projection, topic_prefix=prefix, database_url=database_url,
                              processes=processes)
    try:
        started = time.perf_counter()
        task = asyncio.create_task(runner.run())
        while not (runner.caught_up.is_set() and await _applied(pool, projection.name) >= count):
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - started
        await cancelled(task)
        # A record set aside as a dead letter also moves the offsets on: a fast rebuild that
        # applied nothing must not count as one.
        letters = await pool.fetchval("SELECT count(*) FROM dead_letters WHERE projection = $1", projection.name)
        if letters:
            raise RuntimeError(f"the rebuild dead-lettered {letters} of {count} events: not a measurement")
        return elapsed
    finally:
        await pool.close()


async def _applied(pool: asyncpg.Pool, projection: str) -> int:
    return await pool.fetchval(
        "SELECT coalesce(sum(next_offset), 0) FROM projection_offsets WHERE projection = $1", projection
    )


def _size_name(size: int) -> str:
    return f"{size / 1_000_000:g}m".replace(".", "_")


async def measure(kafka: KafkaAccess, database_url: str, communes, projection, migrations,
                  sizes: list[int], processes: int | None = None, others: tuple = ()) -> dict:
    """Each size its own topic (the first `size` events of the same history) and its own rebuild;
    each of `others` (more projections of the same service) rebuilt from the headline topic."""
    run = int(time.time())
    prefixes = {size: f"bench{run}s{size}." for size in sizes}
    await ensure_topics(kafka, [prefix + t for prefix in prefixes.values() for t in ALL_TOPICS], PARTITIONS)
    topics = {size: prefix + PROGRESS_EVENTS for size, prefix in prefixes.items()}
    produce_rate, per_partition = await asyncio.to_thread(produce, kafka, topics, communes)
    headline = 1_000_000 if 1_000_000 in topics else max(sizes)
    raw_confluent = await asyncio.to_thread(raw_consume_confluent, kafka, topics[headline], headline)
    raw_aiokafka = await raw_consume_aiokafka(kafka, topics[headline], headline)
    seconds = {}
    for size in sorted(sizes):
        seconds[size] = await rebuild_seconds(kafka, database_url, prefixes[size], projection, migrations,
                                              size, processes)
    rebuild = headline / seconds[headline]
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
        "rebuild_processes": processes or int(os.environ.get("THIDUA_PROJECTION_PROCESSES", 0)) or os.cpu_count(),
    }
    for other in others:
        elapsed = await rebuild_seconds(kafka, database_url, prefixes[headline], other, migrations, headline,
                                        processes)
        figures[f"{other.name}_rebuild_events_per_s"] = round(headline / elapsed)
        figures[f"{other.name}_rebuild_ratio"] = round(headline / elapsed / raw_confluent, 3)
    for size in sorted(sizes):
        figures[f"rebuild_seconds_{_size_name(size)}"] = round(seconds[size], 2)
        figures[f"rebuild_events_per_s_{_size_name(size)}"] = round(size / seconds[size])
    return figures
