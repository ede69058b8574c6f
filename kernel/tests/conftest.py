import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from types import SimpleNamespace

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.kafka import KafkaBroker

from contracts.envelope import Actor
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.kafka_admin import ensure_topics
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)


def make_ctx(key: str | None = None) -> CommandContext:
    return CommandContext(actor=BOARD, idempotency_key=key, document_number="108/KH-UBND")


def make_event(stream: str, version: int, n: int = 0) -> StreamAppend:
    return StreamAppend("counter", stream, version, (NewEvent("Counted", {"n": n}, T0),))


@pytest.fixture
def ctx():
    return make_ctx


@pytest.fixture
def one_event():
    return make_event


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(database_url, f"kernel_{unique}", max_size=30)
    await migrate(pool)
    try:
        yield pool
    finally:
        try:  # a connection a test left held (an unfinished task) fails the test, not the whole run
            await asyncio.wait_for(pool.close(), 30)
        except TimeoutError:
            pool.terminate()
            raise AssertionError("a connection was still held 30 s after the test: a task left running") from None


@pytest.fixture
def store(pool: asyncpg.Pool) -> PostgresEventStore:
    return PostgresEventStore(pool, "kernel-test", ManualClock(T0))


class CountPerStream:
    """The test projection (test_projection_runner, test_blue_green): counts per stream, one row
    per aggregate in `counts`, so its partitions may commit side by side, a long replay may run
    some of them in helper processes (which import this class by its module), and a blue/green
    rebuild may build it beside the live one."""

    name = "count_per_stream"
    partition_parallel = True
    helper_processes = True
    blue_green_tables = ("counts",)

    def __init__(self, topic: str) -> None:
        self.topics = (topic,)

    async def apply(self, conn, events) -> None:
        await conn.executemany(
            "INSERT INTO counts (stream, total, last_n) VALUES ($1, 1, $2)"
            " ON CONFLICT (stream) DO UPDATE SET total = counts.total + 1, last_n = EXCLUDED.last_n",
            [(e.aggregate_id, e.payload["n"]) for e in events],
        )

    async def reset(self, conn) -> None:
        await conn.execute("TRUNCATE counts")


@pytest.fixture
def count_per_stream() -> type[CountPerStream]:
    return CountPerStream


class Crash(Exception):
    """Stands in for a process dying at a fault point (the cross-service tests kill real ones)."""


def crash_at_point(wanted: str):
    def crash_at(point: str) -> None:
        if point == wanted:
            raise Crash(point)

    return crash_at


async def wait_until(predicate, deadline_s: float = 30.0, interval_s: float = 0.05):
    """Poll an async predicate until it holds or the deadline passes (never a fixed sleep)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while True:
        try:  # a predicate that never answers (a consumer waiting on a position) fails at the deadline
            value = await asyncio.wait_for(predicate(), max(end - loop.time(), 0.1))
        except TimeoutError:
            raise AssertionError(f"condition not answered within {deadline_s}s") from None
        if value:
            return value
        if loop.time() > end:
            raise AssertionError(f"condition not met within {deadline_s}s")
        await asyncio.sleep(interval_s)


@pytest.fixture
def helpers():
    return SimpleNamespace(Crash=Crash, crash_at=crash_at_point, wait_until=wait_until)


@pytest.fixture
async def topic(kafka_admin: KafkaAccess, unique: str) -> str:
    name = f"kernel-test-{unique}"
    await ensure_topics(kafka_admin, [name], 3)
    return name


@pytest.fixture
async def broker(kafka_admin: KafkaAccess) -> AsyncIterator[KafkaBroker]:
    broker = KafkaBroker(kafka_admin.servers, acks="all", enable_idempotence=True,
                         security=kafka_admin.faststream_security())
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()


@pytest.fixture
async def relayed_45(store, pool, broker, topic, kafka_admin, ctx, one_event) -> AsyncIterator[None]:
    """45 events of 9 streams (agg-0 .. agg-8) in the store, relayed to `topic` for the test."""
    from thidua_kernel.outbox import OutboxRelay
    from thidua_kernel.supervision import cancelled

    for n in range(45):
        await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    try:
        yield
    finally:
        await cancelled(relay)


async def read_topic(kafka: KafkaAccess, topic: str, expected: int, deadline_s: float = 30.0) -> list:
    """Every record of `topic` from offset 0, waiting until at least `expected` have arrived."""
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(3)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list = []

        async def enough() -> bool:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
            ends = await consumer.end_offsets(tps)
            positions = [await consumer.position(tp) for tp in tps]
            return len(records) >= expected and all(p >= ends[tp] for p, tp in zip(positions, tps))

        await wait_until(enough, deadline_s)
        return records
    finally:
        await consumer.stop()


@pytest.fixture
def topic_reader():
    return read_topic
