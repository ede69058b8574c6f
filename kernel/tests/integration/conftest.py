"""Shared by the tamper-evidence tests (test_tamper_evidence_pg, _kafka, _both): a recorded,
published and sealed history, and what an intruder could do to it, as the `evidence` fixture (the
tests directories are no packages: pytest imports them with --import-mode=importlib)."""
import asyncio
from datetime import datetime, timezone
from types import SimpleNamespace

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.topics import HEADER_SEAL_SIGNATURE
from thidua_kernel.chain import link
from thidua_kernel.clock import ManualClock
from thidua_kernel.messages import NewEvent, StreamAppend
from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.sealer import Sealer
from thidua_kernel.supervision import cancelled

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)
KEY = Ed25519PrivateKey.generate()


async def record_history(store, ctx) -> None:
    """Streams a (5 events, two of them in one command), b (3), c (1), some appended concurrently
    so they share group-commit batches."""
    await store.append(ctx(), [StreamAppend("counter", "a", 0, (NewEvent("Counted", {"n": 1}, T0),
                                                                NewEvent("Counted", {"n": 2}, T0)))])
    await asyncio.gather(*(store.append(ctx(), [StreamAppend("counter", s, 0, (NewEvent("Counted", {"n": 0}, T0),))])
                           for s in ("b", "c")))
    for n in range(3, 6):
        await asyncio.gather(
            store.append(ctx(), [StreamAppend("counter", "a", n - 1, (NewEvent("Counted", {"n": n}, T0),))]),
            *([store.append(ctx(), [StreamAppend("counter", "b", n - 2, (NewEvent("Counted", {"n": n}, T0),))])]
              if n < 5 else []))


async def sealed_history(pool, store, ctx, publish=None, relay=None) -> Sealer:
    """The history, published (by `relay`, else taken out of the outbox as the relay would), sealed."""
    await record_history(store, ctx)
    await (relay() if relay else relayed(pool))
    sealer = Sealer(pool, KEY, "kernel-test", ManualClock(T0), publish)
    assert await sealer.seal_once() == 1
    return sealer


async def relayed(pool) -> None:
    """What the relay does once Kafka has the events, for tests that need no topic."""
    await pool.execute("DELETE FROM outbox")


async def event_id(pool, stream: str, version: int) -> str:
    return str(await pool.fetchval("SELECT event_id FROM events WHERE stream_id = $1 AND stream_version = $2",
                                   f"counter:{stream}", version))


FORGED = "00000000-0000-4000-8000-00000000f0f0"


async def forged_successor(pool, stream: str) -> tuple[int, str, bytes, bytes]:
    """A well-formed event FORGED after the stream's last, chained correctly onto it: (version,
    body as jsonb text, prev_hash, hash)."""
    last = await pool.fetchrow("SELECT event_id::text, stream_version, envelope::text AS body, hash FROM events"
                               " WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1", f"counter:{stream}")
    version = last["stream_version"] + 1
    body = last["body"].replace(last["event_id"], FORGED).replace(
        f'"aggregate_version": {version - 1}', f'"aggregate_version": {version}')
    return version, body, last["hash"], link(last["hash"], body.encode())


async def insert_forged(pool, stream: str) -> int:
    """What a writer to `events` could do without lifting any trigger: append a chained event
    (no outbox row, so no relay). Its position."""
    version, body, prev, hash_ = await forged_successor(pool, stream)
    return await pool.fetchval(
        "INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope, prev_hash, hash)"
        " VALUES ($1, $2, $3, 'Counted', now(), $4::jsonb, $5, $6) RETURNING position",
        FORGED, f"counter:{stream}", version, body, prev, hash_)


async def tamper(pool: asyncpg.Pool, *statements: tuple) -> None:
    """What an intruder with the owner's or a superuser's rights could do: lift the append-only
    trigger for one transaction."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
        for sql, *args in statements:
            await conn.execute(sql, *args)
        await conn.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")


def publisher(broker, seals: str):
    async def publish(number: int, body: bytes, signature: bytes) -> None:
        await broker.publish(body, seals, key=b"kernel-test", headers={HEADER_SEAL_SIGNATURE: signature.hex()})

    return publish


async def relay_all(pool, broker, kafka, topic: str, helpers) -> None:
    """Run the outbox relay until every event is on `topic`."""
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka, topic, "kernel-test").run())
    try:
        await helpers.wait_until(lambda: outbox_empty(pool))
    finally:
        await cancelled(relay)


async def produce(kafka, topic: str, records) -> None:
    producer = AIOKafkaProducer(**kafka.aiokafka(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for r in records:
            await producer.send_and_wait(topic, r.value, key=r.key, partition=r.partition, headers=list(r.headers))
    finally:
        await producer.stop()


async def outbox_empty(pool) -> bool:
    return await pool.fetchval("SELECT count(*) FROM outbox") == 0


def named(report) -> list[tuple]:
    return [(f.rule, f.kind, f.event_id, f.stream, f.version, f.where) for f in report.findings]


@pytest.fixture
def evidence() -> SimpleNamespace:
    return SimpleNamespace(
        T0=T0, KEY=KEY, FORGED=FORGED, record_history=record_history, sealed_history=sealed_history,
        relayed=relayed, event_id=event_id, forged_successor=forged_successor, insert_forged=insert_forged,
        tamper=tamper, publisher=publisher, relay_all=relay_all, produce=produce, named=named)
