"""The projection runner: Kafka → rows, with the offsets committed in the same transaction.

It reads Kafka with its own consumer rather than a FastStream subscriber on purpose: a
subscriber commits its offsets to Kafka's consumer group, separately from our rows, so a crash
between the two either loses or doubles a batch. Here the offsets live in PostgreSQL beside the
rows, the partitions are assigned by hand (no consumer group, no commits to Kafka), and each
start seeks to the stored offsets.

The consumer is confluent-kafka (librdkafka), chosen by measurement on this machine: it read the
benchmark topic raw at ~405,000 events/s against aiokafka's ~79,000 with light envelopes, because
librdkafka fetches and parses records in its own C threads. Its calls block, so they run in one
worker thread of their own; the event loop stays free for HTTP and for the commits.

A record the projection cannot apply is a dead letter, committed with the batch's rows and
offsets (projection_batches.py, dead_letters.py): the projection goes on. A failure of
PostgreSQL or Kafka fails the run, and its supervisor starts it again (supervision.py).

Mixed in: the consume loop (projection_consume.py) and the long replay, split over helper
processes (projection_replay.py); their constants stay importable from here.
"""
import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import asyncpg
import structlog

from contracts.envelope import EventEnvelope

from .clock import Clock, SystemClock
from .dead_letters import DeadLetterPublisher
from .kafka_access import KafkaAccess
from .kafka_consumer import partition_count, positions, projection_consumer
from .outbox import no_crash
from .projection_batches import Batch, BatchWriter
from .projection_consume import CAUGHT_UP_CHECK_S, ConsumeLoop
from .projection_replay import HELPER_MIN_EVENTS, LONG_REPLAY_EVENTS, REPLAY_BATCH, ReplaySplit

__all__ = ["CAUGHT_UP_CHECK_S", "HELPER_MIN_EVENTS", "LONG_REPLAY_EVENTS", "REPLAY_BATCH", "Projection",
           "ProjectionRunner"]

log = structlog.get_logger("thidua.projection")



class Projection(Protocol):
    """A read model. It either has `apply(conn, events)`, or splits the work in two:
    `prepare(events) -> rows` (pure CPU, overlapped with the previous batch's commit) and
    `write(conn, rows)`.

    Decoding, cheapest first: `decoder(value: bytes) -> event` (the projection's own msgspec
    structs with only the fields it reads), `light_envelopes = True` (LightEnvelope: every
    envelope field, payload as a dict), else the contract's pydantic EventEnvelope.

    Optional `before_replay(conn)` / `after_replay(conn)`: around a long catch-up (e.g. drop an
    index, then build it once); `after_replay` also runs at every start and must be idempotent.

    `partition_parallel = True` declares that the rows of one partition never touch the rows of
    another (every row is keyed by, or appended for, one aggregate, and the key is the
    aggregate id): the runner then commits the partitions' batches concurrently, each with its
    own offsets. A projection that folds several aggregates into one row must leave it unset.
    `helper_processes = True` (with partition_parallel) lets a long replay run some partitions
    in other processes: only for a projection whose work is its rows alone, with no state kept
    in this process (a cache told of each write would miss the helpers' writes).

    Blue/green (blue_green.py): `blue_green_tables` names every table it writes; its index DDL
    names `blue_green.here(conn, name)`; optional `for_blue_green()` gives the build a fresh
    instance without side effects and `after_switch(conn)` reloads the live one's in-memory state.
    """

    name: str
    topics: tuple[str, ...]

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        """Apply a batch (in partition order within each partition) inside the open transaction."""

    async def reset(self, conn: asyncpg.Connection) -> None:
        """Empty the projection's own rows, for a rebuild from offset 0."""


class ProjectionRunner(ConsumeLoop, ReplaySplit):
    def __init__(
        self,
        pool: asyncpg.Pool,
        kafka: KafkaAccess,
        projection: Projection,
        max_records: int = 5000,
        crash_at: Callable[[str], None] = no_crash,
        topic_prefix: str = "",
        *,
        database_url: str | None = None,
        processes: int | None = None,
        clock: Clock | None = None,
        dead_letter_publisher: DeadLetterPublisher | None = None,
    ) -> None:
        """`database_url` (the pool's) lets a long replay of a partition_parallel projection
        run in `processes` processes (default THIDUA_PROJECTION_PROCESSES, else the CPU count)."""
        self._pool = pool
        self._clock = clock or SystemClock()  # stamps an operator's view of a rebuild, and dead letters
        self._kafka = kafka
        # Decodes, prepares and commits the batches, dead-lettering what cannot be applied.
        # No publisher (helper processes): the parent copies their letters to the topic.
        self._writer = BatchWriter(projection, pool, self._clock, crash_at, dead_letter_publisher)
        self._projection = projection
        self._max_records = max_records
        self._batch = max_records
        self._crash_at = crash_at
        self._topic_prefix = topic_prefix
        self._parallel = bool(getattr(projection, "partition_parallel", False))
        self._database_url = database_url
        self._processes = processes or int(os.environ.get("THIDUA_PROJECTION_PROCESSES", 0)) or os.cpu_count() or 1
        self.caught_up = asyncio.Event()
        # What an operator sees of a rebuild (GET /projections): when it began, how far it got.
        self.applied = 0
        self.rebuild_started_at: str | None = None
        self.rebuild_finished_at: str | None = None
        self._rebuild_clock: float | None = None
        self.rebuild_seconds: float | None = None

    def _stamp(self) -> str:
        return self._clock.now().isoformat(timespec="milliseconds")

    @property
    def name(self) -> str:
        return self._projection.name

    @property
    def projection(self) -> Projection:
        return self._projection

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self._topic_prefix + t for t in self._projection.topics)

    @property
    def rebuilding(self) -> bool:
        return self.rebuild_started_at is not None and self.rebuild_finished_at is None

    @property
    def state(self) -> str:
        if self.rebuilding:
            return "rebuilding"
        return "caught_up" if self.caught_up.is_set() else "running"

    async def rebuild(self) -> None:
        """Forget the rows and the offsets: the next run replays the topics from offset 0."""
        async with self._pool.acquire() as conn, conn.transaction():
            await self._projection.reset(conn)
            await conn.execute("DELETE FROM projection_offsets WHERE projection = $1", self._projection.name)
            # The replay finds the letters of the log again (those the fixed code still cannot apply).
            await conn.execute("DELETE FROM dead_letters WHERE projection = $1", self._projection.name)
        self.caught_up.clear()
        self.applied = 0
        self.rebuild_started_at, self.rebuild_finished_at = self._stamp(), None
        self._rebuild_clock, self.rebuild_seconds = time.monotonic(), None

    async def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Apply the topics until cancelled. A failure of PostgreSQL or Kafka raises (the
        supervisor runs it again after backoff); a record it cannot apply is dead-lettered.
        `ready`: called once the consumer is assigned (the task is up)."""
        loop = asyncio.get_running_loop()
        # One thread owns the consumer: its calls never overlap, and close() runs after the
        # last fetch returns (a fetch blocks for at most kafka_consumer.POLL_S + BATCH_WAIT_S).
        kafka = ThreadPoolExecutor(1, thread_name_prefix=f"projection-{self._projection.name}")
        consumer = projection_consumer(self._kafka, self._projection.name)
        try:
            partitions = [
                (topic, p)
                for topic in self.topics
                for p in range(await loop.run_in_executor(kafka, partition_count, consumer, topic))
            ]
            stored = await self._stored()
            await self._writer.publish_dead_letters()
            log.info("projection started", projection=self._projection.name, offsets=len(stored))
            ready()
            if await self._long_replay(consumer, kafka, partitions, stored):
                stored = await self._stored()
                await self._writer.publish_dead_letters()
            after = getattr(self._projection, "after_replay", None)
            if after is not None:
                # Every start, not only after a long replay: one that crashed half-way is finished here.
                async with self._pool.acquire() as conn:
                    await after(conn)
            await self._consume(consumer, kafka, positions(partitions, stored))
        finally:
            try:
                await loop.run_in_executor(kafka, consumer.close)
            finally:
                kafka.shutdown(wait=False)

    async def run_until(self, ends: dict[tuple[str, int], int]) -> None:
        """Apply the partitions up to `ends` exactly (never past them), then return: a
        blue/green switch (blue_green.py) compares two versions at the same offsets."""
        loop = asyncio.get_running_loop()
        kafka = ThreadPoolExecutor(1, thread_name_prefix=f"projection-{self._projection.name}-until")
        consumer = projection_consumer(self._kafka, self._projection.name)
        try:
            stored = await self._stored()
            behind = {key: end for key, end in ends.items() if stored.get(key, 0) < end}
            if behind:
                await self._consume(consumer, kafka, positions(list(behind), stored), behind)
        finally:
            try:
                await loop.run_in_executor(kafka, consumer.close)
            finally:
                kafka.shutdown(wait=False)

    async def _stored(self) -> dict[tuple[str, int], int]:
        rows = await self._pool.fetch(
            "SELECT topic, partition, next_offset FROM projection_offsets WHERE projection = $1",
            self._projection.name,
        )
        return {(r["topic"], r["partition"]): r["next_offset"] for r in rows}

    def _mark_caught_up(self) -> None:
        if not self.caught_up.is_set():
            self.caught_up.set()
            if self.rebuilding:
                self.rebuild_finished_at = self._stamp()
                self.rebuild_seconds = round(time.monotonic() - (self._rebuild_clock or 0.0), 3)
                log.info("projection rebuilt", projection=self._projection.name, events=self.applied,
                         seconds=self.rebuild_seconds)

    async def _commit(self, batch: Batch) -> None:
        await self._writer.commit(batch)
        self.applied += batch.count
        self._crash_at("projection_batch_committed")

    def close(self) -> None:
        """At the service's stop: the dead-letter producer flushes and goes."""
        self._writer.close()

    async def replay_dead_letters(self) -> dict[str, int]:
        """Apply this projection's waiting dead letters again (after a fix): BatchWriter."""
        return await self._writer.replay_dead_letters()
