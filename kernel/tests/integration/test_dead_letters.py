"""A record a projection cannot apply is dead-lettered in the transaction of its batch's rows:
the good records of the batch are applied, the projection goes on, the letter is on the
dead-letter topic and on /projections, a replay after a fix applies it once, and the same log
replayed gives the same rows and the same letters."""
import asyncio
import uuid
from types import SimpleNamespace

import httpx
import orjson
import pytest
from fastapi import FastAPI

from contracts.envelope import Actor
from thidua_deploy.isolated import raw_kafka_producer
from thidua_kernel.dead_letters import DeadLetterPublisher
from thidua_kernel.http import install_error_handlers
from thidua_kernel.kafka_admin import ensure_topics
from thidua_kernel.kafka_consumer import dead_letter_producer
from thidua_kernel.ops import ops_router
from thidua_kernel.projection import ProjectionRunner
from thidua_kernel.runtime import Runtime

BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
VIEWER = Actor(principal_id="xem", role="viewer", scope="20")


class Counts:
    """Sums `n` per stream; `last_n >= 0` is a constraint. `fixed` stands for a code fix that
    reads a missing `n` as 1 and a negative one as its absolute value."""

    name = "counts"

    def __init__(self, topic: str) -> None:
        self.topics = (topic,)
        self.fixed = False

    def _n(self, payload: dict) -> int:
        return (abs(payload.get("n", 1))) if self.fixed else payload["n"]

    async def apply(self, conn, events) -> None:
        await conn.executemany(
            "INSERT INTO counts (stream, total, last_n) VALUES ($1, $2, $2)"
            " ON CONFLICT (stream) DO UPDATE SET total = counts.total + EXCLUDED.total, last_n = EXCLUDED.last_n",
            [(e.aggregate_id, self._n(e.payload)) for e in events])

    async def reset(self, conn) -> None:
        await conn.execute("TRUNCATE counts")


class PreparedCounts(Counts):
    """The same, through the batch path that prepares rows first (prepare raises on a bad payload)."""

    name = "prepared_counts"

    def prepare(self, events) -> list[tuple]:
        return [(e.aggregate_id, self._n(e.payload)) for e in events]

    async def write(self, conn, rows) -> None:
        await conn.executemany(
            "INSERT INTO counts (stream, total, last_n) VALUES ($1, $2, $2)"
            " ON CONFLICT (stream) DO UPDATE SET total = counts.total + EXCLUDED.total, last_n = EXCLUDED.last_n",
            rows)


def envelope(stream: str, version: int, payload: dict) -> bytes:
    return orjson.dumps({
        "event_id": str(uuid.uuid4()), "event_type": "Counted", "aggregate_type": "counter", "aggregate_id": stream,
        "aggregate_version": version, "occurred_at": "2012-01-01T00:00:00Z", "recorded_at": "2012-01-01T00:00:00Z",
        "actor": BOARD.model_dump(), "correlation_id": str(uuid.uuid4()), "producer": "kernel-test",
        "payload": payload})


GOOD = [envelope("a", 1, {"n": 1}), envelope("b", 1, {"n": 2})]
BAD = [b"\x00not json{", envelope("a", 2, {"m": 5}), envelope("b", 2, {"n": -3})]
REASONS = [(0, 2, "unreadable"), (0, 3, "rejected"), (0, 4, "rejected")]


@pytest.mark.parametrize("kind", [Counts, PreparedCounts])
async def test_bad_records_are_dead_lettered_the_batch_goes_on_and_a_replay_applies_them_once(
        kind, pool, topic, kafka_admin, unique, helpers):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL,"
                       " last_n int NOT NULL CHECK (last_n >= 0))")
    letters_topic = f"kernel-dead-letters-{unique}"
    await ensure_topics(kafka_admin, [letters_topic], 1)
    producer = raw_kafka_producer(kafka_admin)
    await producer.start()
    projection = kind(topic)
    publisher = DeadLetterPublisher(pool, lambda: dead_letter_producer(kafka_admin, "kernel-test"),
                                    letters_topic, projection.name)
    runner = ProjectionRunner(pool, kafka_admin, projection, dead_letter_publisher=publisher)
    rt = Runtime(SimpleNamespace(kafka_access=lambda: kafka_admin), pool, None, None, {runner.name: runner})
    app = FastAPI()
    install_error_handlers(app)
    actor = {"who": BOARD}
    app.include_router(ops_router(lambda: rt, lambda: actor["who"]))
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ops")

    async def put(values: list[bytes]) -> None:
        for value in values:
            await producer.send_and_wait(topic, value, key=b"k", partition=0)

    async def rows():
        return [tuple(r) for r in await pool.fetch("SELECT stream, total, last_n FROM counts ORDER BY stream")]

    async def letters():
        return [tuple(r) for r in await pool.fetch(
            "SELECT partition, record_offset, reason FROM dead_letters ORDER BY partition, record_offset")]

    try:
        await put(GOOD + BAD)  # one batch: two good records, then three bad ones
        rt.spawn(f"projection:{runner.name}", runner.run)
        await helpers.wait_until(runner.caught_up.wait)
        assert await rows() == [("a", 1, 1), ("b", 2, 2)]
        assert await letters() == REASONS
        await put([envelope("a", 3, {"n": 4})])  # the projection goes on
        await helpers.wait_until(lambda: _rows_are(rows, [("a", 5, 4), ("b", 2, 2)]))

        status = (await client.get(f"/projections/{runner.name}")).json()
        assert status["dead_letters"] == {"waiting": 3, "replayed": 0} and status["state"] == "caught_up"
        listed = {(d["offset"], d["reason"]) for d in status["dead_letter_records"]}
        assert listed == {(o, r) for _, o, r in REASONS}
        assert "JSON" in next(d["error"] for d in status["dead_letter_records"] if d["offset"] == 2)
        assert (await client.get("/health")).json()["ok"]

        on_topic = await _read(kafka_admin, letters_topic, 3)
        headers = [dict(r.headers) for r in on_topic]
        assert sorted((h["dl_source_offset"], h["dl_reason"]) for h in headers) == [
            (b"2", b"unreadable"), (b"3", b"rejected"), (b"4", b"rejected")]
        assert {r.value for r in on_topic} == set(BAD)

        actor["who"] = VIEWER
        assert (await client.post(f"/projections/{runner.name}/dead-letters/replay")).status_code == 403
        actor["who"] = BOARD
        projection.fixed = True
        answers = await asyncio.gather(*(client.post(f"/projections/{runner.name}/dead-letters/replay")
                                         for _ in range(2)))
        assert sorted((a.json()["replayed"], a.json()["still_failing"]) for a in answers) == [(0, 1), (2, 1)]
        assert await rows() == [("a", 6, 1), ("b", 5, 3)]  # each replayed letter applied once
        again = (await client.post(f"/projections/{runner.name}/dead-letters/replay")).json()
        assert (again["replayed"], again["still_failing"]) == (0, 1) and await rows() == [("a", 6, 1), ("b", 5, 3)]
        status = (await client.get(f"/projections/{runner.name}")).json()
        assert status["dead_letters"] == {"waiting": 1, "replayed": 2}

        projection.fixed = False  # the same log replayed by the same code: the same rows and letters
        assert (await client.post(f"/projections/{runner.name}/rebuild")).status_code == 202
        await helpers.wait_until(lambda: _rows_are(rows, [("a", 5, 4), ("b", 2, 2)]))
        await helpers.wait_until(lambda: _equal(letters, REASONS))
    finally:
        await client.aclose()
        await rt.supervisor.stop_all()
        runner.close()
        await producer.stop()


async def _rows_are(rows, expected) -> bool:
    return await rows() == expected


async def _equal(read, expected) -> bool:
    return await read() == expected


async def _read(kafka, topic: str, expected: int) -> list:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        records: list = []
        for _ in range(100):
            records += (await consumer.getmany(tp, timeout_ms=200)).get(tp, [])
            if len(records) >= expected:
                return records
        raise AssertionError(f"{len(records)} records on {topic}, expected {expected}")
    finally:
        await consumer.stop()
