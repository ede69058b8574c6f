"""The projection runner: Kafka → rows, with the offsets committed in the same transaction.

It uses aiokafka directly rather than a FastStream subscriber on purpose: a subscriber commits
its offsets to Kafka's consumer group, separately from our rows, so a crash between the two
either loses or doubles a batch. Here the offsets live in PostgreSQL beside the rows, the
partitions are assigned by hand, and each start seeks to the stored offsets.
"""
import asyncio
import gc
from collections.abc import Callable
from typing import Any, Protocol

import asyncpg
import orjson
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.envelope import EventEnvelope

from .kafka_admin import partition_count
from .light_envelope import decode_light
from .outbox import no_crash

log = structlog.get_logger("thidua.projection")


class Projection(Protocol):
    """A read model. It either has `apply(conn, events)`, or splits the work in two:
    `prepare(events) -> rows` (pure CPU, overlapped with the previous batch's commit) and
    `write(conn, rows)`. `light_envelopes = True` asks for LightEnvelope instead of EventEnvelope.
    """

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
            # At most one batch is being committed while the next one is fetched and prepared:
            # PostgreSQL works on batch n on the other core while Python decodes batch n + 1.
            committing: asyncio.Task | None = None
            try:
                while True:
                    batches = await consumer.getmany(timeout_ms=200, max_records=self._max_records)
                    if batches:
                        prepared = self._prepare(batches)
                        if committing is not None:
                            await committing
                        committing = asyncio.create_task(self._commit(*prepared))
                    else:
                        if committing is not None:
                            await committing
                            committing = None
                        self.caught_up.set()
            finally:
                if committing is not None and not committing.done():
                    committing.cancel()
                    await asyncio.gather(committing, return_exceptions=True)
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

    def _prepare(self, batches: dict) -> tuple[Any, int, list[tuple]]:
        # A batch allocates tens of thousands of acyclic dicts; the cyclic collector would walk
        # them again and again (a replay ran 3x slower with it on). Paused for the batch only.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._decode_and_prepare(batches)
        finally:
            if paused:
                gc.enable()

    def _decode_and_prepare(self, batches: dict) -> tuple[Any, int, list[tuple]]:
        read = decode_light if getattr(self._projection, "light_envelopes", False) else decode
        events: list = []
        offsets = []
        for tp, records in batches.items():
            try:
                events += [read(r.value) for r in records]
            except Exception:
                log.error(
                    "projection cannot read an event: stopping at it",
                    projection=self._projection.name,
                    topic=tp.topic,
                    partition=tp.partition,
                )
                raise
            offsets.append((self._projection.name, tp.topic, tp.partition, records[-1].offset + 1))
        prepare = getattr(self._projection, "prepare", None)
        return (prepare(events) if prepare else events), len(events), offsets

    async def _commit(self, prepared: Any, count: int, offsets: list[tuple]) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            if hasattr(self._projection, "prepare"):
                await self._projection.write(conn, prepared)
            else:
                await self._projection.apply(conn, prepared)
            self._crash_at("projection_mid_batch")
            await conn.executemany(
                "INSERT INTO projection_offsets (projection, topic, partition, next_offset)"
                " VALUES ($1, $2, $3, $4) ON CONFLICT (projection, topic, partition)"
                " DO UPDATE SET next_offset = EXCLUDED.next_offset",
                offsets,
            )
        log.debug("projection batch applied", projection=self._projection.name, events=count, offsets=offsets)
