"""Dead letters: records a projection cannot apply, set aside so the projection goes on.

A record is dead-lettered when it is the record's fault: bytes that are not an envelope (not
JSON, a schema version with no upcaster, a payload failing validation) are `unreadable`; an
event whose prepare/apply/write raises (a constraint violated, a value the rows cannot take) is
`rejected`. Failures of the infrastructure (PostgreSQL or Kafka away, a connection lost, a
deadlock) are not the record's: they fail the run, and the supervisor restarts it.

Each letter is a row of `dead_letters` (migration 006) committed in the same transaction as the
projection's rows and offsets: so the projection commits past it, and a replay of the same log
(a rebuild) finds the same letters. Once committed, it is copied to the service's dead-letter
topic (contracts.topics.dead_letter_topic; kept forever) with the original key and bytes and the
reason, source and projection in headers; a crash between that copy and its `published` mark
copies it again, so the topic is at least once (its key and headers name the source record) and
the table is the reference. An operator replays letters after a fix (ops.py); a letter applied
by a replay is marked and never applied again.
"""
import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import structlog
from confluent_kafka import Producer

from .outages import is_outage

log = structlog.get_logger("thidua.dead_letters")

UNREADABLE = "unreadable"
REJECTED = "rejected"

def infrastructure_failure(exc: BaseException) -> bool:
    """A failure that is not the record's fault: retry the run, never dead-letter the record."""
    return is_outage(exc)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


@dataclass(frozen=True)
class DeadLetter:
    projection: str
    topic: str
    partition: int
    offset: int
    reason: str
    error: str
    key: bytes | None
    value: bytes | None

    @classmethod
    def of(cls, projection: str, record: Any, reason: str, exc: BaseException) -> "DeadLetter":
        """From a confluent-kafka record."""
        return cls(projection, record.topic(), record.partition(), record.offset(), reason, describe(exc),
                   record.key(), record.value())


INSERT = """
INSERT INTO dead_letters (projection, topic, partition, record_offset, reason, error, record_key, record_value,
    recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (projection, topic, partition, record_offset) DO NOTHING
"""


async def record(conn: asyncpg.Connection, letters: list[DeadLetter], now: datetime) -> None:
    """In the projection's transaction, beside its rows and offsets."""
    await conn.executemany(INSERT, [(d.projection, d.topic, d.partition, d.offset, d.reason, d.error, d.key,
                                     d.value, now) for d in letters])


def log_letters(letters: list[DeadLetter]) -> None:
    for d in letters:
        log.error("projection dead-lettered a record", projection=d.projection, topic=d.topic,
                  partition=d.partition, offset=d.offset, reason=d.reason, error=d.error)


class DeadLetterPublisher:
    """Copies committed letters of one projection to the dead-letter topic, then marks them."""

    def __init__(self, pool: asyncpg.Pool, producer_factory: Any, topic: str, projection: str) -> None:
        self._pool = pool
        self._producer_factory = producer_factory
        self._producer: Producer | None = None
        self._topic = topic
        self._projection = projection

    async def publish_pending(self) -> int:
        rows = await self._pool.fetch(
            "SELECT topic, partition, record_offset, reason, error, record_key, record_value FROM dead_letters"
            " WHERE projection = $1 AND NOT published ORDER BY topic, partition, record_offset", self._projection)
        if not rows:
            return 0
        await asyncio.get_running_loop().run_in_executor(None, self._send, rows)
        await self._pool.execute(
            "UPDATE dead_letters SET published = true WHERE projection = $1 AND (topic, partition, record_offset)"
            " IN (SELECT * FROM unnest($2::text[], $3::int[], $4::bigint[]))",
            self._projection, [r["topic"] for r in rows], [r["partition"] for r in rows],
            [r["record_offset"] for r in rows])
        return len(rows)

    def _send(self, rows: list) -> None:
        """In a worker thread: produce every letter and wait for the acknowledgements."""
        if self._producer is None:
            self._producer = self._producer_factory()
        failures: list[str] = []

        def delivered(err: Any, _msg: Any) -> None:
            if err is not None:
                failures.append(str(err))

        for r in rows:
            self._producer.produce(self._topic, value=r["record_value"], key=r["record_key"], on_delivery=delivered,
                                   headers={"dl_projection": self._projection, "dl_source_topic": r["topic"],
                                            "dl_source_partition": str(r["partition"]),
                                            "dl_source_offset": str(r["record_offset"]), "dl_reason": r["reason"],
                                            "dl_error": r["error"][:1000]})
        left = self._producer.flush(30)
        if left or failures:
            raise RuntimeError(f"dead-letter topic {self._topic}: {left} not acknowledged, failures {failures[:3]}")

    def close(self) -> None:
        if self._producer is not None:
            self._producer.flush(5)
            self._producer = None


async def summary(pool: asyncpg.Pool) -> dict[str, dict[str, int]]:
    """Per projection: letters waiting (not replayed) and replayed."""
    rows = await pool.fetch("SELECT projection, count(*) FILTER (WHERE replayed_at IS NULL) AS waiting,"
                            " count(replayed_at) AS replayed FROM dead_letters GROUP BY projection")
    return {r["projection"]: {"waiting": r["waiting"], "replayed": r["replayed"]} for r in rows}


async def listing(pool: asyncpg.Pool, projection: str, limit: int = 100) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT topic, partition, record_offset, reason, error, recorded_at, replayed_at, replay_error,"
        " octet_length(record_value) AS value_bytes, record_value FROM dead_letters WHERE projection = $1"
        " ORDER BY recorded_at DESC, topic, partition, record_offset LIMIT $2", projection, limit)
    return [{"topic": r["topic"], "partition": r["partition"], "offset": r["record_offset"], "reason": r["reason"],
             "error": r["error"], "recorded_at": r["recorded_at"].isoformat(),
             "replayed_at": r["replayed_at"].isoformat() if r["replayed_at"] else None,
             "replay_error": r["replay_error"], "value_bytes": r["value_bytes"],
             "value_preview": (r["record_value"] or b"")[:200].decode("utf-8", "replace")} for r in rows]
