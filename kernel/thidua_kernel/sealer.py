"""The sealer: every `interval_s` seconds, or as soon as `max_events` events wait, it signs the
heads (version, hash) of the streams changed since the last seal, stores the seal (table `seals`,
heads in `sealed_heads`) and publishes it to the service's seals topic (kept forever).

Only events already on Kafka are sealed (positions below the outbox's first): a seal then holds
for the topic as for the table, and verify on either never takes the relay's lag for a removal.
Which streams changed: those with an event in the positions since the last seal, reread from
OVERLAP positions earlier, keeping only heads past `sealed_heads`. Positions come from a
sequence and commits run concurrently, so an event may become visible after a seal that took a
higher position; the overlap catches such a straggler at the next seal (a transaction that stays
open while more than OVERLAP later events are sealed waits until its stream changes again, and
verify counts it as unsealed meanwhile). Off the command path: appends pay nothing for seals.
"""
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .clock import Clock
from .seal_format import SealKeyFile, canonical, key_id, seal_digest

log = structlog.get_logger("thidua.sealer")

OVERLAP = 10_000
MAX_HEADS = 4_000  # per seal: ~100 bytes a head keeps a seal far below Kafka's record limit

Publish = Callable[[int, bytes, bytes], Awaitable[Any]]  # (seal number, body, signature)

# The highest position whose event is on Kafka: below the first still in the outbox.
_SEALABLE = ("coalesce((SELECT min(position) - 1 FROM outbox), (SELECT max(position) FROM events), 0)")

_CHANGED = """
WITH moved AS (
    SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM events
    WHERE position > $1 AND position <= $2 ORDER BY stream_id, stream_version DESC)
SELECT m.stream_id, m.stream_version, m.hash FROM moved m LEFT JOIN sealed_heads s USING (stream_id)
WHERE s.version IS NULL OR m.stream_version > s.version ORDER BY m.stream_id
"""


class Sealer:
    def __init__(self, pool: asyncpg.Pool, key: Ed25519PrivateKey | SealKeyFile, service: str, clock: Clock,
                 publish: Publish | None = None, interval_s: float = 5.0, max_events: int = 10_000,
                 poll_s: float = 0.5, max_heads: int = MAX_HEADS) -> None:
        self._pool = pool
        self._key = key  # a SealKeyFile is asked at every seal: a rotated key signs from the next one
        self._service = service
        self._clock = clock
        self._publish = publish
        self._interval_s = interval_s
        self._max_events = max_events
        self._poll_s = poll_s
        self._max_heads = max_heads

    async def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Seal until cancelled; a failure raises and the supervisor runs it again."""
        await self.publish_pending()
        ready()
        last = self._clock.now()
        while True:
            waiting = await self._waiting()
            due = (self._clock.now() - last).total_seconds() >= self._interval_s
            if waiting >= self._max_events or (waiting > 0 and due):
                await self.seal_once()
                last = self._clock.now()
            await asyncio.sleep(self._poll_s)

    async def _waiting(self) -> int:
        """Positions sealable since the last seal (an upper bound on events: sequences have gaps)."""
        return await self._pool.fetchval(
            f"SELECT {_SEALABLE} - coalesce((SELECT to_position FROM seals ORDER BY seal_number DESC LIMIT 1), 0)")

    async def seal_once(self) -> int:
        """Seal what changed since the last seal (several seals if many streams did), then publish
        what is not yet on the topic. Answers the number of seals written."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':sealer'))")
            last = await conn.fetchrow(
                "SELECT seal_number, to_position, body, signature FROM seals ORDER BY seal_number DESC LIMIT 1")
            top = await conn.fetchval(f"SELECT {_SEALABLE}")
            since = last["to_position"] if last else 0
            if top <= since:
                return 0
            heads = await conn.fetch(_CHANGED, max(0, since - OVERLAP), top)
            number = last["seal_number"] if last else 0
            previous = seal_digest(last["body"].encode(), last["signature"]) if last else None
            written = 0
            for start in range(0, len(heads), self._max_heads):
                part = heads[start:start + self._max_heads]
                number += 1
                previous = await self._write(conn, number, previous, top, part)
                written += 1
            if written:
                await conn.executemany(
                    "INSERT INTO sealed_heads (stream_id, version, hash) VALUES ($1, $2, $3)"
                    " ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash",
                    [(h["stream_id"], h["stream_version"], h["hash"]) for h in heads])
        if written:
            log.info("streams sealed", seals=written, streams=len(heads), last_seal=number, to_position=top)
        await self.publish_pending()
        return written

    def _signing_key(self) -> Ed25519PrivateKey:
        return self._key.current() if isinstance(self._key, SealKeyFile) else self._key

    async def _write(self, conn: asyncpg.Connection, number: int, previous: str | None, top: int,
                     heads: list[asyncpg.Record]) -> str:
        sealed_at = self._clock.now()
        key = self._signing_key()
        body = canonical({
            "service": self._service, "seal_number": number, "previous_seal": previous, "to_position": top,
            "sealed_at": sealed_at.isoformat(), "key_id": key_id(key.public_key()),
            "heads": [[h["stream_id"], h["stream_version"], h["hash"].hex()] for h in heads]})
        signature = key.sign(body)
        await conn.execute("INSERT INTO seals (seal_number, to_position, sealed_at, body, signature)"
                           " VALUES ($1, $2, $3, $4, $5)", number, top, sealed_at, body.decode(), signature)
        return seal_digest(body, signature)

    async def publish_pending(self) -> None:
        """Copy the seals not yet on the topic, in order; a crash between copy and mark copies a
        seal again (verify reads each seal number once)."""
        if self._publish is None:
            return
        for row in await self._pool.fetch(
                "SELECT seal_number, body, signature FROM seals WHERE NOT published ORDER BY seal_number"):
            await self._publish(row["seal_number"], row["body"].encode(), row["signature"])
            await self._pool.execute("UPDATE seals SET published = true WHERE seal_number = $1", row["seal_number"])
