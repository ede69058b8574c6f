"""The projection runner: Kafka → rows, with the offsets committed in the same transaction.

It uses aiokafka directly rather than a FastStream subscriber on purpose: a subscriber commits
its offsets to Kafka's consumer group, separately from our rows, so a crash between the two
either loses or doubles a batch. Here the offsets live in PostgreSQL beside the rows, the
partitions are assigned by hand, and each start seeks to the stored offsets.
"""
import asyncio
from collections.abc import Callable
from typing import Protocol

import asyncpg
import orjson
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.envelope import EventEnvelope

from .kafka_admin import partition_count
from .outbox import no_crash

log = structlog.get_logger("thidua.projection")


class Projection(Protocol):
    name: str
    topics: tuple[str, ...]

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        """Apply a batch (in partition order within each partition) inside the open transaction."""

    async def reset(self, conn: asyncpg.Connection) -> None:
        """Empty the projection's own rows, for a rebuild from offset 0."""


def decode(value: bytes) -> EventEnvelope:
    return EventEnvelope.model_validate(orjson.loads(value))


class ProjectionRunner:
    def __init__(
        self,
        pool: asyncpg.Pool,
        bootstrap: str,
        projection: Projection,
        max_records: int = 5000,
        crash_at: Callable[[str], None] = no_crash,
        topic_prefix: str = "",
    ) -> None:
        self._pool = pool
        self._bootstrap = bootstrap
        self._projection = projection
        self._max_records = max_records
        self._crash_at = crash_at
        self._topic_prefix = topic_prefix
        self.caught_up = asyncio.Event()

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self._topic_prefix + t for t in self._projection.topics)

    async def rebuild(self) -> None:
        """Forget the rows and the offsets: the next run replays the topics from offset 0."""
        async with self._pool.acquire() as conn, conn.transaction():
            await self._projection.reset(conn)
            await conn.execute("DELETE FROM projection_offsets WHERE projection = $1", self._projection.name)

    async def run(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_bytes=32 * 1024 * 1024,
            max_partition_fetch_bytes=8 * 1024 * 1024,
        )
        await consumer.start()
        try:
            await self._assign_and_seek(consumer)
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=self._max_records)
                if batches:
                    await self._apply(batches)
                elif not self.caught_up.is_set():
                    self.caught_up.set()
        finally:
            await consumer.stop()

    async def _assign_and_seek(self, consumer: AIOKafkaConsumer) -> None:
        tps = []
        for topic in self.topics:
            count = await partition_count(self._bootstrap, topic)
            tps += [TopicPartition(topic, p) for p in range(count)]
        consumer.assign(tps)
        stored = {
            (r["topic"], r["partition"]): r["next_offset"]
            for r in await self._pool.fetch(
                "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
                self._projection.name,
            )
        }
        for tp in tps:
            if (tp.topic, tp.partition) in stored:
                consumer.seek(tp, stored[(tp.topic, tp.partition)])
            else:
                await consumer.seek_to_beginning(tp)
        log.info("projection started", projection=self._projection.name, offsets=len(stored))

    async def _apply(self, batches: dict) -> None:
        events: list[EventEnvelope] = []
        offsets = []
        for tp, records in batches.items():
            try:
                events += [decode(r.value) for r in records]
            except Exception:
                log.error(
                    "projection cannot read an event: stopping at it",
                    projection=self._projection.name,
                    topic=tp.topic,
                    partition=tp.partition,
                )
                raise
            offsets.append((self._projection.name, tp.topic, tp.partition, records[-1].offset + 1))
        async with self._pool.acquire() as conn, conn.transaction():
            await self._projection.apply(conn, events)
            self._crash_at("projection_mid_batch")
            await conn.executemany(
                "INSERT INTO projection_offsets (projection, topic, partition, next_offset)"
                " VALUES ($1, $2, $3, $4) ON CONFLICT (projection, topic, partition)"
                " DO UPDATE SET next_offset = EXCLUDED.next_offset",
                offsets,
            )
        log.debug("projection batch applied", projection=self._projection.name, events=len(events), offsets=offsets)
