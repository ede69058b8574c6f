"""A service's blue/green rebuild (BlueGreenRuns) of a projection that drops and creates an index
around a long replay and keeps state in memory: the build never touches the live schema's index,
its copies carry the live names before and after the switch, the build applies a fresh instance
(no side effect on the live one) and the live one's after_switch reloads from the new tables."""
import asyncio
from types import SimpleNamespace

from thidua_kernel import blue_green, projection
from thidua_kernel.blue_green import here
from thidua_kernel.blue_green_runs import BlueGreenRuns
from thidua_kernel.projection import ProjectionRunner
from thidua_kernel.runtime import Runtime

INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'indexed' ORDER BY 1"
LIVE_INDEX = "SELECT to_regclass(format('%I.indexed_total', $1::text))::oid"


class Indexed:
    """Per stream, its events counted; the streams seen kept in memory too."""

    name = "indexed_bg"
    blue_green_tables = ("indexed",)

    def __init__(self, topic: str) -> None:
        self.topics = (topic,)
        self.seen: set[str] = set()
        self.applied = 0
        self.switches = 0

    def for_blue_green(self) -> "Indexed":
        return Indexed(self.topics[0])

    async def apply(self, conn, events) -> None:
        await conn.executemany("INSERT INTO indexed (stream, total) VALUES ($1, 1)"
                               " ON CONFLICT (stream) DO UPDATE SET total = indexed.total + 1",
                               [(e.aggregate_id,) for e in events])
        self.seen.update(e.aggregate_id for e in events)
        self.applied += len(events)

    async def reset(self, conn) -> None:
        await conn.execute("TRUNCATE indexed")

    async def before_replay(self, conn) -> None:
        await conn.execute(f"DROP INDEX IF EXISTS {await here(conn, 'indexed_total')}")

    async def after_replay(self, conn) -> None:
        await conn.execute(f"CREATE INDEX IF NOT EXISTS indexed_total ON {await here(conn, 'indexed')} (total)")

    async def after_switch(self, conn) -> None:
        self.seen = {r["stream"] for r in await conn.fetch("SELECT stream FROM indexed")}
        self.switches += 1


async def _names(pool, schema: str) -> list[str]:
    return [r[0] for r in await pool.fetch(INDEXES, schema)]


async def test_a_build_keeps_off_the_live_index_and_state_and_switches_with_the_live_names(
        store, pool, topic, kafka_admin, ctx, one_event, helpers, database_url, monkeypatch, relayed_45):
    await pool.execute("CREATE TABLE indexed (stream text PRIMARY KEY, total int NOT NULL)")
    await pool.execute("CREATE INDEX indexed_total ON indexed (total)")
    live = await pool.fetchval("SELECT current_schema()")
    next_, old = blue_green.schemas(live)
    indexed = Indexed(topic)
    live_runner = ProjectionRunner(pool, kafka_admin, indexed, max_records=7)
    settings = SimpleNamespace(database_url=database_url, crash_at="", topic_prefix="",
                               kafka_access=lambda: kafka_admin)
    rt = Runtime(settings, pool, None, store, {indexed.name: live_runner})
    runs = BlueGreenRuns(rt)
    try:
        rt.spawn(f"projection:{indexed.name}", live_runner.run)
        await helpers.wait_until(lambda: _is(pool.fetchval("SELECT sum(total) FROM indexed"), 45))
        live_index = await pool.fetchval(LIVE_INDEX, live)
        # The build's 45 events are a long replay: before_replay drops the index, after_replay builds it.
        monkeypatch.setattr(projection, "LONG_REPLAY_EVENTS", 10)
        build, started = await runs.start(indexed.name)
        assert started and build.runner.projection is not indexed
        await asyncio.wait_for(build.runner.caught_up.wait(), 60)
        assert await pool.fetchval(LIVE_INDEX, live) == live_index  # never dropped (nor made again)
        assert await _names(pool, next_) == await _names(pool, live) == ["indexed_pkey", "indexed_total"]
        assert build.runner.projection.applied == 45 and indexed.applied == 45  # the live one saw no build

        for n in range(45, 54):
            await store.append(ctx(), [one_event(f"agg-x{n}", 0, n)])
        switched = await runs.switch(indexed.name, False)
        assert switched["switched"] and switched["differences"] == 0 and indexed.switches == 1
        assert indexed.seen == {f"agg-{n}" for n in range(9)} | {f"agg-x{n}" for n in range(45, 54)}
        assert await _names(pool, live) == await _names(pool, old) == ["indexed_pkey", "indexed_total"]
        assert await pool.fetchval(LIVE_INDEX, live) != live_index  # the new version's index is live
        assert await pool.fetchval(f'SELECT to_regclass(\'"{old}".indexed_total\')::oid') == live_index
        await helpers.wait_until(lambda: _is(pool.fetchval("SELECT sum(total) FROM indexed"), 54))
        async with pool.acquire() as conn:
            assert await blue_green.drop_old(conn, live, indexed.name, ("indexed",)) == ["indexed"]
    finally:
        await runs.close()
        await rt.supervisor.stop_all()


async def _is(value, expected) -> bool:
    return await value == expected
