"""Projections commit their offsets with their rows: a crash mid-batch neither loses nor doubles."""
import asyncio

import pytest

from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.projection import ProjectionRunner


class CountPerStream:
    name = "count_per_stream"

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


async def _rows(pool):
    return [tuple(r) for r in await pool.fetch("SELECT stream, total, last_n FROM counts ORDER BY stream")]


async def test_crash_mid_batch_then_restart_equals_a_rebuild_from_offset_zero(
    store, pool, broker, topic, kafka_bootstrap, ctx, one_event, helpers
):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    for n in range(90):
        await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka_bootstrap, topic, "kernel-test").run())
    projection = CountPerStream(topic)
    try:
        crashing = ProjectionRunner(pool, kafka_bootstrap, projection, max_records=7,
                                    crash_at=helpers.crash_at("projection_mid_batch"))
        with pytest.raises(helpers.Crash):
            await crashing.run()
        assert await _rows(pool) == []  # the batch's rows rolled back with its offsets
        assert await pool.fetchval("SELECT count(*) FROM projection_offsets") == 0

        runner = ProjectionRunner(pool, kafka_bootstrap, projection, max_records=7)
        task = asyncio.create_task(runner.run())
        await helpers.wait_until(lambda: _total_is(pool, 90))
        await _stop(task)
        after_crash = await _rows(pool)

        await runner.rebuild()
        assert await _rows(pool) == []
        task = asyncio.create_task(runner.run())
        await helpers.wait_until(lambda: _total_is(pool, 90))
        await _stop(task)
        assert await _rows(pool) == after_crash
        assert after_crash == [(f"agg-{s}", 10, 81 + s) for s in range(9)]
    finally:
        await _stop(relay)


async def _total_is(pool, expected: int) -> bool:
    total = await pool.fetchval("SELECT coalesce(sum(total), 0) FROM counts")
    assert total <= expected, f"projection double-counted: {total} > {expected}"
    return total == expected


async def _stop(task: asyncio.Task) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
