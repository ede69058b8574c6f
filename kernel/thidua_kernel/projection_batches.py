"""A projection's batches: decoded, prepared and committed with their offsets, and the records
that cannot be applied set aside as dead letters (dead_letters.py) in the same transaction.

The fast path is unchanged: one decode per record (a list comprehension), one prepare and one
write per batch. Only a part with an unreadable record is decoded record by record, and only a
batch whose prepare or write fails for a reason of its own is applied record by record, each
record in a savepoint; a failure of PostgreSQL or Kafka is raised (the run is restarted).
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson
import structlog

from contracts.envelope import EventEnvelope

from . import dead_letters
from .clock import Clock
from .dead_letters import REJECTED, UNREADABLE, DeadLetter, DeadLetterPublisher, infrastructure_failure
from .light_envelope import decode_light

log = structlog.get_logger("thidua.projection")


def decode(value: bytes) -> EventEnvelope:
    return EventEnvelope.model_validate(orjson.loads(value))


@dataclass
class Batch:
    """Records of one lane, decoded and prepared: `events[i]` came from `records[i]`; `letters`
    are the records that could not be read; `prepared` is None when the batch's prepare raised."""

    prepared: Any
    events: list
    records: list
    letters: list[DeadLetter]
    offsets: list[tuple]

    @property
    def count(self) -> int:
        return len(self.records) + len(self.letters)


class BatchWriter:
    def __init__(self, projection: Any, pool: asyncpg.Pool, clock: Clock, crash_at: Callable[[str], None],
                 publisher: DeadLetterPublisher | None) -> None:
        self._projection = projection
        self._pool = pool
        self._clock = clock
        self._crash_at = crash_at
        self._publisher = publisher

    @property
    def name(self) -> str:
        return self._projection.name

    def _decoder(self) -> Callable[[bytes], Any]:
        own = getattr(self._projection, "decoder", None)
        if own is not None:
            return own
        return decode_light if getattr(self._projection, "light_envelopes", False) else decode

    def decode_and_prepare(self, batches: dict) -> Batch:
        read = self._decoder()
        events: list = []
        records: list = []
        letters: list[DeadLetter] = []
        offsets = []
        for (topic, partition), part in batches.items():
            try:
                events += [read(r.value()) for r in part]
                records += part
            except Exception:  # noqa: BLE001 - some record of the part is unreadable: find which
                for r in part:
                    try:
                        events.append(read(r.value()))
                        records.append(r)
                    except Exception as exc:  # noqa: BLE001 - the record's fault: set aside
                        letters.append(DeadLetter.of(self._projection.name, r, UNREADABLE, exc))
            offsets.append((self._projection.name, topic, partition, part[-1].offset() + 1))
        prepare = getattr(self._projection, "prepare", None)
        prepared: Any = events
        if prepare is not None:
            try:
                prepared = prepare(events)
            except Exception as exc:  # noqa: BLE001 - _commit applies the batch record by record
                log.warning("projection batch cannot be prepared: applying it record by record",
                            projection=self._projection.name, error=dead_letters.describe(exc))
                prepared = None
        return Batch(prepared, events, records, letters, offsets)

    async def commit(self, batch: Batch) -> None:
        """The batch in one transaction with its offsets and dead letters; if it fails for a
        reason of its own (not PostgreSQL's or Kafka's), again record by record, each in a
        savepoint, dead-lettering the records that fail: one bad record loses no good one."""
        letters = batch.letters
        try:
            if batch.prepared is None:
                raise _PrepareFailed
            async with self._pool.acquire() as conn, conn.transaction():
                await self._write(conn, batch.prepared)
                self._crash_at("projection_mid_batch")
                await self._finish(conn, letters, batch.offsets)
        except Exception as exc:  # noqa: BLE001 - sorted just below
            if infrastructure_failure(exc):
                raise
            if not isinstance(exc, _PrepareFailed):
                log.warning("projection batch failed: applying it record by record",
                            projection=self._projection.name, error=dead_letters.describe(exc))
            letters = await self._commit_record_by_record(batch)
        log.debug("projection batch applied", projection=self._projection.name, events=batch.count,
                  offsets=batch.offsets)
        if letters:
            dead_letters.log_letters(letters)
            await self.publish_dead_letters()

    async def _commit_record_by_record(self, batch: Batch) -> list[DeadLetter]:
        letters = list(batch.letters)
        async with self._pool.acquire() as conn, conn.transaction():
            for event, record in zip(batch.events, batch.records):
                try:
                    async with conn.transaction():
                        await self._write(conn, self._prepare_one(event))
                except Exception as exc:  # noqa: BLE001 - the record's fault unless infrastructure
                    if infrastructure_failure(exc):
                        raise
                    letters.append(DeadLetter.of(self._projection.name, record, REJECTED, exc))
            self._crash_at("projection_mid_batch")
            await self._finish(conn, letters, batch.offsets)
        return letters

    def _prepare_one(self, event: Any) -> Any:
        prepare = getattr(self._projection, "prepare", None)
        return prepare([event]) if prepare is not None else [event]

    async def _write(self, conn: asyncpg.Connection, prepared: Any) -> None:
        if hasattr(self._projection, "prepare"):
            await self._projection.write(conn, prepared)
        else:
            await self._projection.apply(conn, prepared)

    async def _finish(self, conn: asyncpg.Connection, letters: list[DeadLetter], offsets: list[tuple]) -> None:
        if letters:
            await dead_letters.record(conn, letters, self._clock.now())
        await conn.executemany(
            "INSERT INTO projection_offsets (projection, topic, partition, next_offset)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (projection, topic, partition)"
            " DO UPDATE SET next_offset = EXCLUDED.next_offset",
            offsets,
        )

    def close(self) -> None:
        """At the service's stop: the dead-letter producer flushes and goes."""
        if self._publisher is not None:
            self._publisher.close()

    async def publish_dead_letters(self) -> None:
        if self._publisher is not None:
            await self._publisher.publish_pending()

    async def replay_dead_letters(self) -> dict[str, int]:
        """Apply this projection's waiting letters again (after a fix), each in a savepoint; a
        letter applied is marked replayed in the same transaction, so it is never applied twice
        (concurrent replays queue on the rows' locks and skip what the first one applied)."""
        read = self._decoder()
        replayed = failing = 0
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT topic, partition, record_offset, record_value FROM dead_letters WHERE projection = $1"
                " AND replayed_at IS NULL ORDER BY topic, partition, record_offset FOR UPDATE", self.name)
            for r in rows:
                where = (self.name, r["topic"], r["partition"], r["record_offset"])
                try:
                    async with conn.transaction():
                        await self._write(conn, self._prepare_one(read(r["record_value"])))
                except Exception as exc:  # noqa: BLE001 - still failing: kept, with the new error
                    if infrastructure_failure(exc):
                        raise
                    failing += 1
                    await conn.execute(_MARK_LETTER.format("replay_error = $5"), *where, dead_letters.describe(exc))
                    continue
                replayed += 1
                await conn.execute(_MARK_LETTER.format("replayed_at = $5, replay_error = NULL"), *where,
                                   self._clock.now())
        log.info("dead letters replayed", projection=self.name, replayed=replayed, still_failing=failing)
        return {"replayed": replayed, "still_failing": failing}


class _PrepareFailed(Exception):
    """The batch's prepare raised: go record by record."""


_MARK_LETTER = ("UPDATE dead_letters SET {} WHERE projection = $1 AND topic = $2 AND partition = $3"
                " AND record_offset = $4")
