"""AwardFacts on a real PostgreSQL, with the round of reporting/award_testing.py: the SQL reads
what the pure reading reads, any split, order and repeated delivery writes the same rows, the
section asked again at an old known_at is unchanged by later recordings, and reset empties."""
import random
from datetime import date, timedelta

import asyncpg

from thidua_facts.testing import light

from reporting.award_queries import load_awards
from reporting.award_report import awards_section
from reporting.award_testing import CONFERRAL_ENTERED, award_events, award_facts
from reporting.projections import AWARD_TABLES, AwardFacts

KNOWN = [None, CONFERRAL_ENTERED - timedelta(microseconds=1), CONFERRAL_ENTERED - timedelta(days=120)]


async def deliver(pool: asyncpg.Pool, batches: list[list]) -> None:
    for batch in batches:
        async with pool.acquire() as conn, conn.transaction():
            projection = AwardFacts()
            await projection.write(conn, projection.prepare([light(e) for e in batch]))


async def rows(pool: asyncpg.Pool) -> dict[str, list]:
    tables = [t.strip() for t in AWARD_TABLES.split(",")]
    return {t: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in tables}


def section(known, as_of: date, known_at) -> dict:
    return awards_section(known, "20", as_of, known_at)


async def test_the_sql_reads_what_the_pure_reading_reads(fresh_schema):
    pool = await fresh_schema("awards")
    events = award_events()
    await deliver(pool, [events])
    pure = award_facts([light(e) for e in events])
    for known_at in KNOWN:
        known = await load_awards(pool, known_at)
        for as_of in (date(2016, 2, 5), date(2016, 6, 30)):
            assert section(known, as_of, known_at) == section(pure, as_of, known_at)
    assert len((await load_awards(pool, None)).steps) == len(pure.steps) == 18


async def test_any_split_order_and_repeated_delivery_writes_the_same_rows(fresh_schema):
    whole, split = await fresh_schema("awhole"), await fresh_schema("asplit")
    events = award_events()
    await deliver(whole, [events])
    rng = random.Random(2016)
    shuffled = rng.sample(events, len(events)) + rng.sample(events, 5)
    cuts = sorted(rng.sample(range(1, len(shuffled)), 4))
    await deliver(split, [shuffled[i:j] for i, j in zip([0, *cuts], [*cuts, len(shuffled)])])
    assert await rows(split) == await rows(whole)


async def test_an_old_known_at_is_unchanged_by_later_recordings_and_reset_empties(fresh_schema):
    pool = await fresh_schema("aissued")
    issued_at = CONFERRAL_ENTERED - timedelta(days=1)
    events = award_events()
    await deliver(pool, [[e for e in events if e.recorded_at <= issued_at]])
    issued = section(await load_awards(pool, issued_at), date(2016, 6, 30), issued_at)
    assert issued["counts"]["approved"] == 2 and issued["counts"]["conferred"] == 0
    await deliver(pool, [[e for e in events if e.recorded_at > issued_at]])
    assert section(await load_awards(pool, issued_at), date(2016, 6, 30), issued_at) == issued
    assert section(await load_awards(pool, None), date(2016, 6, 30), None)["counts"]["conferred"] == 1
    async with pool.acquire() as conn, conn.transaction():
        await AwardFacts().reset(conn)
    assert await rows(pool) == {"award_rounds": [], "award_nomination_steps": []}
