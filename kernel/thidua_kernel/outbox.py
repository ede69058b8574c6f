"""The outbox relay: every committed event reaches Kafka once, in order per aggregate.

Exactly once on the topic, not merely at least once: the relay publishes in position order with
an idempotent producer (acks=all), waits for every acknowledgement of a batch, then deletes the
batch's outbox rows; each record carries its event id in a header. So a crash can leave at most
one batch published but still in the outbox: on start the relay reads the last `batch_size`
records of each partition and skips those event ids instead of publishing them twice.
"""
import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

import asyncpg
import structlog
from faststream.kafka import KafkaBroker

from contracts.topics import (
    HEADER_CORRELATION_ID,
    HEADER_EVENT_ID,
    HEADER_EVENT_TYPE,
    HEADER_HASH,
    HEADER_POSITION,
    HEADER_PREV_HASH,
    HEADER_PRODUCER,
)

from .backpressure import OutboxDepth
from .kafka_access import KafkaAccess
from .kafka_admin import partition_count, partition_for, recently_published_ids

log = structlog.get_logger("thidua.outbox")


def no_crash(point: str) -> None:
    """The default fault hook: crash nowhere (tests inject one that exits the process)."""


class OutboxRelay:
    def __init__(
        self,
        pool: asyncpg.Pool,
        broker: KafkaBroker,
        kafka: KafkaAccess,
        topic: str,
        producer: str,
        batch_size: int = 2000,
        idle_poll_s: float = 1.0,
        crash_at: Callable[[str], None] = no_crash,
        depth: OutboxDepth | None = None,
        ack_timeout_s: float = 15.0,
    ) -> None:
        self._pool = pool
        self._depth = depth
        self._ack_timeout_s = ack_timeout_s
        # Records sent by a run that failed before they were acknowledged (Kafka away): the
        # producer keeps them and delivers them when Kafka is back; the next run waits for them
        # before it reads what Kafka has, so none is published twice.
        self._in_flight: list[asyncio.Future] = []
        self._broker = broker
        self._kafka = kafka
        self._topic = topic
        self._producer = producer
        self._batch_size = batch_size
        self._idle_poll_s = idle_poll_s
        self._crash_at = crash_at
        self._wake = asyncio.Event()
        # Positions taken by recent batches, so a NOTIFY for rows already taken wakes nothing.
        self._taken: set[int] = set()
        self._taken_batches: deque[list[int]] = deque()
        self._notified: list[int | None] = []
        self.selects = 0  # for tests and the benchmark: SELECTs per relayed batch
        self.empty_selects = 0

    async def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Relay until cancelled; any failure (PostgreSQL, Kafka, a record Kafka refuses) raises,
        and the supervisor runs it again after backoff (supervision.py). `ready`: it is up."""
        async with self._pool.acquire() as conn:
            await self._hold_relay_lock(conn)
            await conn.add_listener("thidua_outbox", self._on_notify)
            try:
                await self._relay_forever(ready)
            finally:
                await conn.remove_listener("thidua_outbox", self._on_notify)
                await conn.execute("SELECT pg_advisory_unlock_all()")

    async def _relay_forever(self, ready: Callable[[], None]) -> None:
        if self._in_flight:
            await self._acknowledged(self._in_flight, "left by the previous run")
            self._in_flight = []
        partitions = await partition_count(self._kafka, self._topic)
        published = await recently_published_ids(self._kafka, self._topic, self._producer, self._batch_size)
        await self._measure_depth()
        log.info("outbox relay started", topic=self._topic, recently_published=len(published))
        ready()
        while True:
            self._notified.clear()  # this SELECT sees every commit notified so far
            sent = await self._relay_batch(partitions, published)
            if sent >= self._batch_size or any(self._is_new(p) for p in self._notified):
                continue  # more rows wait: no sleep
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self._idle_poll_s)
            except TimeoutError:
                pass

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        """Wake for new rows only: the payload is the committing batch's highest position
        (thidua_append_batch); if this relay already took that row, it took the whole batch.
        An empty payload (the single-append function) always wakes."""
        position = int(payload) if payload.isdigit() else None
        if self._is_new(position):
            self._notified.append(position)
            self._wake.set()

    def _is_new(self, position: int | None) -> bool:
        return position is None or position not in self._taken

    def _took(self, positions: list[int]) -> None:
        self._taken.update(positions)
        self._taken_batches.append(positions)
        if len(self._taken_batches) > 32:  # a late NOTIFY older than that costs one SELECT
            self._taken.difference_update(self._taken_batches.popleft())

    async def _hold_relay_lock(self, conn: asyncpg.Connection) -> None:
        """One relay per service schema: a second process waits until the first one dies."""
        while not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext(current_schema() || ':relay'))"):
            await asyncio.sleep(self._idle_poll_s)

    async def _relay_batch(self, partitions: int, published: set[str]) -> int:
        rows = await self._pool.fetch(
            "SELECT o.position, e.event_id, e.event_type, e.stream_id, e.envelope::text AS body,"
            " e.envelope->>'aggregate_id' AS key, e.envelope->>'correlation_id' AS correlation_id,"
            " encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash"
            " FROM outbox o JOIN events e USING (position) ORDER BY o.position LIMIT $1",
            self._batch_size,
        )
        self.selects += 1
        if not rows:
            self.empty_selects += 1
            return 0
        self._took([r["position"] for r in rows])
        pending = []
        for row in rows:
            key = row["key"].encode()
            partition = partition_for(key, partitions)
            if str(row["event_id"]) in published:
                continue  # already on Kafka: published before a crash that kept its outbox row
            future = await self._publish(row, key, partition)
            pending.append((str(row["event_id"]), row["position"], future))
        await self._acknowledged([future for _, _, future in pending], "this batch")
        offsets: dict[int, list[int]] = {}
        for event_id, position, future in pending:
            try:
                metadata = future.result()
            except Exception as exc:
                _log_refused(self._topic, event_id, position, exc)
                raise
            offsets.setdefault(metadata.partition, []).append(metadata.offset)
            log.debug("event published", topic=self._topic, partition=metadata.partition,
                      offset=metadata.offset, position=position, event_id=event_id)
        self._crash_at("after_publish")
        await self._pool.execute(
            "DELETE FROM outbox WHERE position = ANY($1::bigint[])", [r["position"] for r in rows]
        )
        if self._depth is not None:
            self._depth.relayed(len(rows))
            if len(rows) >= self._batch_size:
                await self._measure_depth()  # a backlog, or appends of another process: ask once
        log.info(
            "outbox batch relayed",
            topic=self._topic,
            events=len(pending),
            offsets={p: [min(o), max(o)] for p, o in sorted(offsets.items())},
            first_event_id=pending[0][0] if pending else None,
            selects=self.selects,  # since start: ≈ batches relayed when NOTIFYs wake it only for new rows
        )
        return len(rows)

    async def _acknowledged(self, futures: list, which: str) -> None:
        """Wait for Kafka's acknowledgements, at most ack_timeout_s; then fail the run (the
        supervisor restarts it after backoff, GET /health shows it down) keeping the records
        not yet acknowledged for the next run to wait for."""
        if not futures:
            return
        _, waiting = await asyncio.wait(futures, timeout=self._ack_timeout_s)
        if waiting:
            self._in_flight = list(waiting)
            raise TimeoutError(f"{len(waiting)} of {len(futures)} records ({which}) not acknowledged by Kafka on"
                               f" {self._topic} within {self._ack_timeout_s}s; they wait in the producer")

    async def _measure_depth(self) -> None:
        if self._depth is not None:
            self._depth.measured(await self._pool.fetchval("SELECT count(*) FROM outbox"))

    async def _publish(self, row: Any, key: bytes, partition: int) -> Any:
        """Send one record (no wait for its acknowledgement); a record the producer refuses at
        once (e.g. larger than its max request size) is logged with its event and raised."""
        try:
            return await self._broker.publish(
                row["body"].encode(),
                self._topic,
                key=key,
                partition=partition,
                headers={
                    HEADER_EVENT_ID: str(row["event_id"]),
                    HEADER_EVENT_TYPE: row["event_type"],
                    HEADER_POSITION: str(row["position"]),
                    HEADER_PRODUCER: self._producer,
                    HEADER_CORRELATION_ID: row["correlation_id"] or "",
                    HEADER_PREV_HASH: row["prev_hash"],  # the chain travels with the record (verify_topic)
                    HEADER_HASH: row["hash"],
                },
                no_confirm=True,
            )
        except Exception as exc:
            _log_refused(self._topic, str(row["event_id"]), row["position"], exc, len(row["body"]))
            raise


def _log_refused(topic: str, event_id: str, position: int, exc: Exception, size: int | None = None) -> None:
    # The outbox row stays: the relay fails, the supervisor restarts it after backoff, and
    # GET /health shows the error until the record goes through (or an operator steps in).
    log.error("outbox relay cannot publish an event", topic=topic, event_id=event_id, position=position,
              bytes=size, error=f"{type(exc).__name__}: {exc}")
