"""A blue/green rebuild's database side (blue_green.py) and the runner's exact catch-up
(ProjectionRunner.run_until): a new version built beside the live one with its own offsets,
both brought to the same offsets, compared row for row, switched in one transaction, the old
one kept until dropped."""
import asyncio
from datetime import datetime, timezone

import asyncpg
import pytest

from thidua_kernel import blue_green
from thidua_kernel.blue_green import BlueGreenRefused
from thidua_kernel.kafka_admin import end_offsets
from thidua_kernel.projection import ProjectionRunner
from thidua_kernel.supervision import cancelled

NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)


async def _total(pool) -> int:
    return await pool.fetchval("SELECT coalesce(sum(total), 0) FROM counts")


async def test_build_compare_switch_and_drop_the_old_version(store, pool, topic, kafka_admin, ctx, one_event,
                                                             helpers, database_url, relayed_45,
                                                             count_per_stream):
    await pool.execute("CREATE TABLE counts (stream text PRIMARY KEY, total int NOT NULL, last_n int NOT NULL)")
    live = await pool.fetchval("SELECT current_schema()")
    next_, old = blue_green.schemas(live)
    projection = count_per_stream(topic)
    live_runner = ProjectionRunner(pool, kafka_admin, projection, max_records=7)
    next_pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2,
                                          server_settings={"search_path": f'"{next_}", "{live}"'})
    try:
        live_task = asyncio.create_task(live_runner.run())
        await helpers.wait_until(lambda: _is(_total(pool), 45))
        async with pool.acquire() as conn:
            assert (await blue_green.prepare_next(conn, live, projection.name, ("counts",), NOW))["version"] == 2
        new_runner = ProjectionRunner(next_pool, kafka_admin, projection, max_records=7)
        new_task = asyncio.create_task(new_runner.run())
        await helpers.wait_until(lambda: _is(_total(next_pool), 45))
        async with pool.acquire() as conn:  # a second start finds the build and resumes it
            assert (await blue_green.prepare_next(conn, live, projection.name, ("counts",), NOW))["resumed"]
        await cancelled(live_task)
        await cancelled(new_task)

        for n in range(45, 63):
            await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
        await helpers.wait_until(lambda: _is(_ends_sum(kafka_admin, topic), 63))
        ends = await end_offsets(kafka_admin, [topic])
        for n in range(63, 72):  # after the ends were taken: neither version applies them
            await store.append(ctx(), [one_event(f"agg-{n % 9}", n // 9, n)])
        await helpers.wait_until(lambda: _is(_ends_sum(kafka_admin, topic), 72))
        await live_runner.run_until(ends)
        await new_runner.run_until(ends)
        assert await _total(pool) == await _total(next_pool) == 63

        async with pool.acquire() as conn:
            assert blue_green.differences(await blue_green.compare(conn, live, ("counts",))) == 0
            await conn.execute(f'UPDATE "{next_}".counts SET last_n = -1 WHERE stream = \'agg-0\'')
            [table] = await blue_green.compare(conn, live, ("counts",))
            assert (table["only_live"], table["only_new"], table["live_rows"], table["new_rows"]) == (1, 1, 9, 9)
            assert '"last_n":-1' in table["sample_only_new"][0]
            new_offsets = await conn.fetch(f'SELECT * FROM "{next_}".projection_offsets ORDER BY partition')

            assert await blue_green.switch(conn, live, projection.name, ("counts",), [table], True, NOW) == 2
            assert await pool.fetchval("SELECT last_n FROM counts WHERE stream = 'agg-0'") == -1  # the new one reads
            assert await conn.fetch("SELECT * FROM projection_offsets ORDER BY partition") == new_offsets
            assert await conn.fetchval(f'SELECT count(*) FROM "{old}".counts') == 9
            assert await conn.fetchval(f'SELECT count(*) FROM "{next_}".projection_offsets') == 0
            with pytest.raises(BlueGreenRefused):  # not while the old version is kept
                await blue_green.prepare_next(conn, live, projection.name, ("counts",), NOW)
            assert await blue_green.drop_old(conn, live, projection.name, ("counts",)) == ["counts"]
            assert not await blue_green.kept_old(conn, live, ("counts",))
            assert (await blue_green.prepare_next(conn, live, projection.name, ("counts",), NOW))["version"] == 3
        # The live runner goes on from the new version's offsets: the 9 later events, once.
        live_task = asyncio.create_task(live_runner.run())
        await helpers.wait_until(lambda: _is(_total(pool), 72))
        await cancelled(live_task)
    finally:
        await next_pool.close()


async def _is(value, expected) -> bool:
    return await value == expected


async def _ends_sum(kafka, topic: str) -> int:
    return sum((await end_offsets(kafka, [topic])).values())
