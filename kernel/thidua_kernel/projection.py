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
"""
import asyncio
import gc
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import asyncpg
import structlog
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

from contracts.envelope import EventEnvelope

from .clock import Clock, SystemClock
from .dead_letters import DeadLetterPublisher
from .kafka_access import KafkaAccess
from .kafka_consumer import (at_end, fetch_by_partition, high_watermarks, partition_count, positions,
                             projection_consumer, watermarks)
from .outbox import no_crash
from .projection_batches import Batch, BatchWriter
from .replay_helpers import balance, helper_processes, join_helpers

log = structlog.get_logger("thidua.projection")

# A replay this far behind is a long one: before_replay / after_replay around it, and bigger
# batches (fewer transactions and thread hand-offs per event).
LONG_REPLAY_EVENTS = 200_000
# Under sustained load: how often a busy projection checks it has applied what was there a moment ago.
CAUGHT_UP_CHECK_S = 1.0
REPLAY_BATCH = 20_000
# One this far behind is also split over helper processes (partition_parallel projections):
# Python's decoding and row building, not Kafka or PostgreSQL, bound one process. A helper
# costs ~2-4 s to start on a busy 2-core machine (imports), so it pays only for long replays
# (measured under load: 300,000 events 7.8 s alone, 8.8 s with a helper; 1 M about even).
HELPER_MIN_EVENTS = 1_000_000


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


class ProjectionRunner:
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

    async def _consume(self, consumer: Consumer, kafka: ThreadPoolExecutor, tps: list[TopicPartition],
                       until: dict[tuple[str, int], int] | None = None) -> None:
        """Apply the partitions from their positions: for ever, or until each reaches `until`."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(kafka, consumer.assign, tps)
        starts = {(tp.topic, tp.partition): tp.offset for tp in tps}
        behind = None if until is None else dict(until)  # the caller passes only partitions behind
        # Each partition has at most one batch being committed while the next records are
        # fetched and prepared; with partition_parallel the partitions commit side by side.
        # (Fetching batch n + 1 while batch n decodes was measured slower: the two threads
        # then fight over the GIL.)
        committing: dict[Any, asyncio.Task] = {}
        fetching: asyncio.Future | None = None
        # Under a load that never lets a fetch come back empty (a projection started, or a
        # blue/green version built, while commands keep coming) "at the end now" may never hold:
        # caught up is then having applied every record that was there when last looked (`mark`).
        mark: dict[tuple[str, int], int] | None = None
        looked = loop.time()
        try:
            while behind is None or behind:
                if fetching is None:
                    fetching = loop.run_in_executor(kafka, self._fetch, consumer)
                batches = await fetching
                fetching = None
                if until is not None:
                    batches = _within(batches, until)
                _raise_first_failure(committing.values())
                if batches:
                    if behind is not None:
                        for key, records in batches.items():
                            if key in behind and records[-1].offset() + 1 >= behind[key]:
                                del behind[key]
                    for lane, part in self._lanes(batches):
                        prepared = self._prepare(part)
                        previous = committing.get(lane)
                        if previous is not None:
                            await previous
                        committing[lane] = asyncio.create_task(self._commit(prepared))
                    if behind is None and not self.caught_up.is_set() and loop.time() - looked >= CAUGHT_UP_CHECK_S:
                        looked = loop.time()
                        await asyncio.gather(*committing.values())  # what was taken is applied
                        committing.clear()
                        if mark is not None and await loop.run_in_executor(kafka, at_end, consumer, starts, mark):
                            self._mark_caught_up()
                        mark = await loop.run_in_executor(kafka, high_watermarks, consumer)
                else:
                    if committing:
                        await asyncio.gather(*committing.values())
                        committing.clear()
                    # An empty fetch alone proves nothing (a partition's first fetch may still be
                    # on its way): caught up is every assigned partition at its end offset.
                    if behind is None and not self.caught_up.is_set() and await loop.run_in_executor(
                            kafka, at_end, consumer, starts):
                        self._mark_caught_up()
            await asyncio.gather(*committing.values())
        finally:
            pending = [t for t in committing.values() if not t.done()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*committing.values(), return_exceptions=True)
            if fetching is not None:
                # Records fetched but not applied are dropped: whatever runs next seeks to the
                # offsets committed in PostgreSQL.
                await asyncio.gather(fetching, return_exceptions=True)

    async def _long_replay(self, consumer: Consumer, kafka: ThreadPoolExecutor,
                           partitions: list[tuple[str, int]], stored: dict) -> bool:
        """Far behind (a rebuild, a new projection): catch up to the ends seen now, with the
        projection's `before_replay` first (e.g. drop an index, built again once at the end),
        and for a partition_parallel projection the partitions split by lag over processes,
        each applying its own partitions with their own offsets, this process included."""
        loop = asyncio.get_running_loop()
        ends, lags = {}, {}
        for topic, p in partitions:
            low, high = await loop.run_in_executor(kafka, watermarks, consumer, topic, p)
            ends[(topic, p)], lags[(topic, p)] = high, high - stored.get((topic, p), low)
        if sum(lags.values()) < LONG_REPLAY_EVENTS:
            return False
        before = getattr(self._projection, "before_replay", None)
        if before is not None:
            async with self._pool.acquire() as conn:
                await before(conn)
        behind = {key: lag for key, lag in lags.items() if lag > 0}
        helpers_pay = (self._parallel and getattr(self._projection, "helper_processes", False)
                       and self._database_url and self._processes > 1 and sum(lags.values()) >= HELPER_MIN_EVENTS)
        groups = balance(behind, self._processes if helpers_pay else 1)
        schema = await self._pool.fetchval("SELECT current_schema()")
        batch = max(self._max_records, REPLAY_BATCH)
        specs = [{"database_url": self._database_url, "schema": schema, "kafka": self._kafka,
                  "projection": self._projection, "max_records": batch,
                  "partitions": [(t, p, stored.get((t, p), OFFSET_BEGINNING), ends[(t, p)]) for t, p in group]}
                 for group in groups[1:]]
        log.info("projection replaying", projection=self._projection.name, events=sum(lags.values()),
                 processes=[[f"{t}[{p}]" for t, p in g] for g in groups])
        async with helper_processes(specs, self._projection.name) as helpers:
            mine = groups[0]
            self._batch = batch
            try:
                await self._consume(consumer, kafka, positions(mine, stored), {key: ends[key] for key in mine})
            finally:
                self._batch = self._max_records
            log.info("projection replayed its share", projection=self._projection.name, helpers=len(helpers))
            await join_helpers(helpers, self._projection.name)
        return True

    def _mark_caught_up(self) -> None:
        if not self.caught_up.is_set():
            self.caught_up.set()
            if self.rebuilding:
                self.rebuild_finished_at = self._stamp()
                self.rebuild_seconds = round(time.monotonic() - (self._rebuild_clock or 0.0), 3)
                log.info("projection rebuilt", projection=self._projection.name, events=self.applied,
                         seconds=self.rebuild_seconds)

    def _lanes(self, batches: dict) -> list[tuple[Any, dict]]:
        if self._parallel:
            return [(tp, {tp: records}) for tp, records in batches.items()]
        return [(None, batches)]

    def _fetch(self, consumer: Consumer) -> dict[tuple[str, int], list]:
        return fetch_by_partition(consumer, self._batch, self._projection.name)

    def _prepare(self, batches: dict) -> Batch:
        # A batch allocates tens of thousands of acyclic objects; the cyclic collector would walk
        # them again and again (a replay ran 3x slower with it on). Paused for the batch only.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._writer.decode_and_prepare(batches)
        finally:
            if paused:
                gc.enable()

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


def _within(batches: dict, until: dict[tuple[str, int], int]) -> dict:
    """Only the records before each partition's end: a fetch may bring records past it."""
    kept = {}
    for key, records in batches.items():
        end = until.get(key)
        part = records if end is None or records[-1].offset() < end else [r for r in records if r.offset() < end]
        if part:
            kept[key] = part
    return kept


def _raise_first_failure(tasks) -> None:
    # A lane whose commit failed stops the runner now, not when that partition's next batch comes.
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            task.result()


