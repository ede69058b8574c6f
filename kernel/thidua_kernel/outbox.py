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

import asyncpg
import structlog
from faststream.kafka import KafkaBroker

from contracts.topics import (
    HEADER_CORRELATION_ID,
    HEADER_EVENT_ID,
    HEADER_EVENT_TYPE,
    HEADER_POSITION,
    HEADER_PRODUCER,
)

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
    ) -> None:
        self._pool = pool
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

    async def run(self) -> None:
        async with self._pool.acquire() as conn:
            await self._hold_relay_lock(conn)
            await conn.add_listener("thidua_outbox", self._on_notify)
            try:
                await self._relay_forever()
            finally:
                await conn.remove_listener("thidua_outbox", self._on_notify)
                await conn.execute("SELECT pg_advisory_unlock_all()")

    async def _relay_forever(self) -> None:
        partitions = await partition_count(self._kafka, self._topic)
        published = await recently_published_ids(self._kafka, self._topic, self._producer, self._batch_size)
        log.info("outbox relay started", topic=self._topic, recently_published=len(published))
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
            " e.envelope->>'aggregate_id' AS key, e.envelope->>'correlation_id' AS correlation_id"
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
            future = await self._broker.publish(
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
                },
                no_confirm=True,
            )
            pending.append((str(row["event_id"]), row["position"], future))
        offsets: dict[int, list[int]] = {}
        for event_id, position, future in pending:
            metadata = await future
            offsets.setdefault(metadata.partition, []).append(metadata.offset)
            log.debug("event published", topic=self._topic, partition=metadata.partition,
                      offset=metadata.offset, position=position, event_id=event_id)
        self._crash_at("after_publish")
        await self._pool.execute(
            "DELETE FROM outbox WHERE position = ANY($1::bigint[])", [r["position"] for r in rows]
        )
        log.info(
            "outbox batch relayed",
            topic=self._topic,
            events=len(pending),
            offsets={p: [min(o), max(o)] for p, o in sorted(offsets.items())},
            first_event_id=pending[0][0] if pending else None,
            selects=self.selects,  # since start: ≈ batches relayed when NOTIFYs wake it only for new rows
        )
        return len(rows)
