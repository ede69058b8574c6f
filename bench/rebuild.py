"""Rebuild rate of the reporting projection from offset 0, against the raw consume rate."""
import asyncio
import time

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from contracts.topics import ALL_TOPICS, PARTITIONS, PROGRESS_EVENTS
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.kafka_admin import ensure_topics, partition_for
from thidua_kernel.projection import ProjectionRunner

from .synthetic import assessment_envelopes


async def produce(bootstrap: str, topic: str, communes: list[tuple[str, str]], count: int) -> float:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
                                linger_ms=20, max_batch_size=1024 * 1024, compression_type=None)
    await producer.start()
    started = time.perf_counter()
    try:
        batches: dict[int, object] = {}
        pending = []
        for key, value in assessment_envelopes(communes, count):
            partition = partition_for(key, PARTITIONS)
            batch = batches.get(partition) or producer.create_batch()
            if batch.append(key=key, value=value, timestamp=None) is None:
                pending.append(await producer.send_batch(batch, topic, partition=partition))
                batch = producer.create_batch()
                batch.append(key=key, value=value, timestamp=None)
            batches[partition] = batch
        for partition, batch in batches.items():
            pending.append(await producer.send_batch(batch, topic, partition=partition))
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return count / (time.perf_counter() - started)


async def raw_consume_rate(bootstrap: str, topic: str, count: int) -> float:
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


async def rebuild_rate(bootstrap: str, database_url: str, prefix: str, projection, migrations, count: int) -> float:
    pool = await create_pool(database_url, f"bench_rebuild_{prefix.strip('.')}", max_size=4)
    await migrate(pool, *(migrations if isinstance(migrations, (tuple, list)) else (migrations,)))
    runner = ProjectionRunner(pool, bootstrap, projection, topic_prefix=prefix)
    try:
        started = time.perf_counter()
        task = asyncio.create_task(runner.run())
        while not await _applied(pool, projection.name, count):
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return count / elapsed
    finally:
        await pool.close()


async def _applied(pool: asyncpg.Pool, projection: str, count: int) -> bool:
    done = await pool.fetchval(
        "SELECT coalesce(sum(next_offset), 0) FROM projection_offsets WHERE projection = $1", projection
    )
    return done >= count


async def measure(bootstrap: str, database_url: str, communes, projection, migrations, count: int) -> dict:
    prefix = f"bench{int(time.time())}."
    await ensure_topics(bootstrap, [prefix + t for t in ALL_TOPICS], PARTITIONS)
    topic = prefix + PROGRESS_EVENTS
    produce_rate = await produce(bootstrap, topic, communes, count)
    raw = await raw_consume_rate(bootstrap, topic, count)
    rebuild = await rebuild_rate(bootstrap, database_url, prefix, projection, migrations, count)
    return {
        "rebuild_events": count,
        "produce_events_per_s": round(produce_rate),
        "raw_consume_events_per_s": round(raw),
        "rebuild_events_per_s": round(rebuild),
        "rebuild_ratio": round(rebuild / raw, 3),
    }
