"""Projections commit their offsets with their rows: a crash mid-batch neither loses nor doubles.
A rebuild through the operator route can be followed to its end, one at a time."""
import asyncio
import time
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from contracts.envelope import Actor
from thidua_kernel.http import install_error_handlers
from thidua_kernel.ops import ops_router
from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.projection import ProjectionRunner
from thidua_kernel.runtime import Runtime
from thidua_kernel.supervision import cancelled

BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")


async def _rows(pool):
    return [tuple(r) for r in await pool.fetch("SELECT stream, total, last_n FROM counts ORDER BY stream")]


async def test_crash_mid_batch_then_restart_equals_a_rebuild_from_offset_zero(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, count_per_stream
):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    for n in range(90):
        await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    projection = count_per_stream(topic)
    try:
        crashing = ProjectionRunner(pool, kafka_admin, projection, max_records=7,
                                    crash_at=helpers.crash_at("projection_mid_batch"))
        with pytest.raises(helpers.Crash):
            await crashing.run()
        assert await _rows(pool) == []  # the batch's rows rolled back with its offsets
        assert await pool.fetchval("SELECT count(*) FROM projection_offsets") == 0

        runner = ProjectionRunner(pool, kafka_admin, projection, max_records=7)
        task = asyncio.create_task(runner.run())
        await helpers.wait_until(lambda: _total_is(pool, 90))
        await cancelled(task)
        after_crash = await _rows(pool)

        await runner.rebuild()
        assert await _rows(pool) == []
        task = asyncio.create_task(runner.run())
        await helpers.wait_until(lambda: _total_is(pool, 90))
        await cancelled(task)
        assert await _rows(pool) == after_crash
        assert after_crash == [(f"agg-{s}", 10, 81 + s) for s in range(9)]
    finally:
        await cancelled(relay)


async def _total_is(pool, expected: int) -> bool:
    total = await pool.fetchval("SELECT coalesce(sum(total), 0) FROM counts")
    assert total <= expected, f"projection double-counted: {total} > {expected}"
    return total == expected


async def test_a_cancelled_runner_closes_its_consumer_at_once(pool, topic, kafka_admin, helpers, count_per_stream):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    runner = ProjectionRunner(pool, kafka_admin, count_per_stream(topic))
    task = asyncio.create_task(runner.run())
    await asyncio.wait_for(runner.caught_up.wait(), 30)
    started = time.monotonic()
    await cancelled(task)
    assert time.monotonic() - started < 2.0  # one poll at most, then close()
    assert runner.state == "caught_up"


async def test_a_rebuild_is_followed_to_its_end_and_a_second_one_meanwhile_is_refused(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, count_per_stream
):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    for n in range(90):
        await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    runner = ProjectionRunner(pool, kafka_admin, count_per_stream(topic), max_records=7)
    rt = Runtime(SimpleNamespace(kafka_access=lambda: kafka_admin), pool, broker, store,
                 {runner.name: runner})
    rt.spawn(f"projection:{runner.name}", runner.run)
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(ops_router(lambda: rt, lambda: BOARD))
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ops")
    try:
        await helpers.wait_until(lambda: _total_is(pool, 90))
        before = await _rows(pool)

        async def settled():  # caught up once the runner has seen every partition at its end
            status = (await client.get("/projections")).json()
            return status if status[0]["state"] == "caught_up" else None

        status = await helpers.wait_until(settled)
        assert [(s["projection"], s["state"], s["lag"], s["rebuild"]) for s in status] == [
            (runner.name, "caught_up", 0, None)]

        answers = await asyncio.gather(*(client.post(f"/projections/{runner.name}/rebuild") for _ in range(3)))
        assert sorted(a.status_code for a in answers) == [202, 409, 409]
        accepted = next(a for a in answers if a.status_code == 202)
        assert accepted.json()["status_url"] == accepted.headers["location"] == f"/projections/{runner.name}"
        assert {a.json()["error"]["rule"] for a in answers if a.status_code == 409} == {"OPS"}

        async def finished():
            state = (await client.get(accepted.json()["status_url"])).json()
            return state if state["state"] == "caught_up" else None

        state = await helpers.wait_until(finished)
        assert state["lag"] == 0 and state["rebuild"]["events_applied"] == 90
        assert state["rebuild"]["started_at"] == accepted.json()["started_at"] <= state["rebuild"]["finished_at"]
        assert await _rows(pool) == before
        assert (await client.post(f"/projections/{runner.name}/rebuild")).status_code == 202  # done: again is fine
        assert (await client.get("/projections/nothing")).json()["error"]["rule"] == "OPS"
    finally:
        await client.aclose()
        for task in (*rt.tasks.values(), relay):
            await cancelled(task)


async def test_a_replay_split_over_helper_processes_equals_one_in_one_process(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, database_url, monkeypatch, count_per_stream
):
    from thidua_kernel import projection_replay as runner_module

    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    for n in range(90):
        await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    projection = count_per_stream(topic)
    try:
        alone = ProjectionRunner(pool, kafka_admin, projection, max_records=7)
        task = asyncio.create_task(alone.run())
        await helpers.wait_until(lambda: _total_is(pool, 90))
        await cancelled(task)
        rows, offsets = await _rows(pool), await _offsets(pool)

        await alone.rebuild()
        monkeypatch.setattr(runner_module, "LONG_REPLAY_EVENTS", 10)  # 90 events: "a long replay"
        monkeypatch.setattr(runner_module, "HELPER_MIN_EVENTS", 10)
        split = ProjectionRunner(pool, kafka_admin, projection, max_records=7, database_url=database_url,
                                 processes=3)
        task = asyncio.create_task(split.run())
        await asyncio.wait_for(split.caught_up.wait(), 60)
        assert await _rows(pool) == rows and await _offsets(pool) == offsets
        assert split.applied < 90  # the helpers applied the other partitions
        await cancelled(task)
    finally:
        await cancelled(relay)


async def _offsets(pool):
    return [tuple(r) for r in await pool.fetch(
        "SELECT topic, partition, next_offset FROM projection_offsets ORDER BY topic, partition")]


async def test_a_runner_started_under_sustained_load_reports_caught_up(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, count_per_stream
):
    """Commands keep coming, so no fetch ever comes back empty: a runner started meanwhile (a
    service restarted under load, a blue/green version built) is caught up once it has applied
    what was on the topic a moment before (projection_consume.CAUGHT_UP_CHECK_S), not never."""
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    stop, sent = asyncio.Event(), [0]

    async def load() -> None:
        while not stop.is_set() and sent[0] < 50_000:  # bounded: the test ends long before
            await store.append(ctx(), [one_event(f"agg-{sent[0] % 5}", sent[0] // 5, sent[0])])
            sent[0] += 1

    producer = asyncio.create_task(load())
    runner = ProjectionRunner(pool, kafka_admin, count_per_stream(topic))
    task = None
    try:
        await helpers.wait_until(lambda: _at_least(sent, 200))
        task = asyncio.create_task(runner.run())
        await asyncio.wait_for(runner.caught_up.wait(), 60)
        assert not producer.done() and sent[0] < 50_000  # caught up while the load went on
        stop.set()
        await producer
        await helpers.wait_until(lambda: _total_is(pool, sent[0]), 60)
    finally:
        stop.set()
        await cancelled(producer)
        if task is not None:
            await cancelled(task)
        await cancelled(relay)


async def _at_least(sent: list[int], n: int) -> bool:
    return sent[0] >= n
