"""The index DDL around a long replay (NtmFacts', EventIndex's before_replay / after_replay) on a
blue/green build's connection (search path `<live>_next`, `<live>`: kernel blue_green.py) acts
on the build's copies only: the live indexes stay, the copies carry the live names."""
from datetime import datetime, timezone

import asyncpg

from reporting.event_index import EventIndex
from thidua_facts.projection import NtmFacts
from thidua_kernel import blue_green

INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2::text[]) ORDER BY 1"
NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)


async def test_a_builds_replay_drops_and_makes_its_own_indexes_never_the_live_ones(fresh_schema, database_url):
    pool = await fresh_schema("replay_indexes")
    live = await pool.fetchval("SELECT current_schema()")
    next_, _ = blue_green.schemas(live)
    projections = (NtmFacts(), EventIndex())
    tables = [t for p in projections for t in p.blue_green_tables]
    live_indexes = await pool.fetch(INDEXES, live, tables)
    assert {"ntm_recognitions_latest", "ntm_assessments_latest", "event_index_stream"} <= {r[0] for r in live_indexes}
    build = await asyncpg.connect(database_url, server_settings={"search_path": f'"{next_}", "{live}"'})
    try:
        for p in projections:
            async with pool.acquire() as conn:
                await blue_green.prepare_next(conn, live, p.name, p.blue_green_tables, NOW)
        assert await pool.fetch(INDEXES, next_, tables) == live_indexes  # the copies have the live names
        for p in projections:
            await p.before_replay(build)
        assert await pool.fetch(INDEXES, live, tables) == live_indexes  # the live ones untouched
        dropped = {r[0] for r in live_indexes} - {r[0] for r in await pool.fetch(INDEXES, next_, tables)}
        assert {"ntm_recognitions_latest", "ntm_assessments_latest", "event_index_stream"} <= dropped
        for p in projections:
            await p.after_replay(build)
        assert await pool.fetch(INDEXES, next_, tables) == live_indexes  # made again, once, by name
    finally:
        await build.close()
        await pool.execute(f'DROP SCHEMA IF EXISTS "{next_}", "{live}_old" CASCADE')
