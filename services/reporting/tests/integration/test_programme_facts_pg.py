"""ProgrammeFacts on a real PostgreSQL, with the province of reporting/testing.py: the SQL reads
what the pure reading reads, any split and order of deliveries writes the same rows, a report
issued at (as_of, known_at) stays the same after later recordings, and reset empties the tables."""
import random
from datetime import date, datetime, timedelta

import asyncpg

from contracts.progress import CommuneRecognised
from thidua_facts.projection import NtmFacts
from thidua_facts.testing import envelope, light
from thidua_facts.timeframe import Timeframe

from reporting.programme_queries import load_programme
from reporting.projections import PROGRAMME_TABLES, ProgrammeFacts
from reporting.testing import DEADLINE_MOVED, LATE_PILOT, at, programme_at, programme_events, unit_events
from reporting.views import consolidated_report

TIMEFRAMES = [(date(2011, 12, 31), None), (date(2012, 4, 15), None), (date(2012, 4, 15), DEADLINE_MOVED),
              (date(2012, 12, 31), LATE_PILOT - timedelta(microseconds=1)), (date(2012, 12, 31), None),
              (date(2020, 6, 30), None)]
RECOGNISED = envelope("CommuneRecognised", CommuneRecognised(
    commune_code="a", district_code="180", criteria_set_id="2009", decision_number="1/QĐ-UBND",
    effective_date=date(2012, 6, 1)), "a", 20, at(date(2012, 6, 1)))


async def deliver(pool: asyncpg.Pool, batches: list[list]) -> None:
    """Each batch in its own transaction, through both of reporting's projections, as the runner does."""
    for batch in batches:
        events = [light(e) for e in batch]
        async with pool.acquire() as conn, conn.transaction():
            await NtmFacts().apply(conn, events)
            projection = ProgrammeFacts()
            await projection.write(conn, projection.prepare(events))


async def rows(pool: asyncpg.Pool) -> dict[str, list]:
    tables = [t.strip() for t in PROGRAMME_TABLES.split(",")]
    return {t: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1, 2, 3")] for t in tables}


def readings(programme) -> tuple:
    return (programme.plans(), programme.pilots_in_force(), programme.pledges_in_force(),
            programme.participants_in_force(), programme.participants_known(), programme.registrations_in_force())


async def test_the_sql_reads_what_the_pure_reading_reads(fresh_schema):
    pool = await fresh_schema("pure")
    events = programme_events()
    await deliver(pool, [unit_events() + events])
    for as_of, known_at in TIMEFRAMES:
        assert readings(await load_programme(pool, as_of, known_at)) == readings(programme_at(events, as_of, known_at))


async def test_any_split_order_and_repeated_delivery_writes_the_same_rows(fresh_schema):
    whole, split = await fresh_schema("whole"), await fresh_schema("split")
    events = unit_events() + programme_events()
    await deliver(whole, [events])
    rng = random.Random(2012)
    shuffled = rng.sample(events, len(events)) + rng.sample(events, 10)  # some delivered twice
    cuts = sorted(rng.sample(range(1, len(shuffled)), 6))
    await deliver(split, [shuffled[i:j] for i, j in zip([0, *cuts], [*cuts, len(shuffled)])])
    assert await rows(split) == await rows(whole)
    for as_of, known_at in TIMEFRAMES:
        tf = Timeframe(as_of, known_at or datetime.now().astimezone())
        assert await consolidated_report(split, "20", tf) == await consolidated_report(whole, "20", tf)


async def test_a_report_issued_then_is_reproduced_after_later_recordings(fresh_schema):
    pool = await fresh_schema("issued")
    issued_at = datetime(2012, 4, 9, 17, tzinfo=DEADLINE_MOVED.tzinfo)
    events = unit_events() + programme_events() + [RECOGNISED]
    await deliver(pool, [[e for e in events if e.recorded_at <= issued_at]])
    issued = Timeframe(date(2012, 4, 9), issued_at)
    report = await consolidated_report(pool, "20", issued)
    assert report["plans"]["counts"] == {"submitted_on_time": 1, "submitted_late": 1, "missing": 2, "pending": 0}
    assert [p["plan_code"] for p in report["plans"]["late_or_missing"]] == ["QH-180", "QH-181", "KH-SGT"]
    assert report["pilots"]["districts_below_minimum"] == ["180", "181"]
    await deliver(pool, [[e for e in events if e.recorded_at > issued_at]])
    assert await consolidated_report(pool, "20", issued) == report
    now = await consolidated_report(pool, "20", Timeframe(date(2012, 12, 31), LATE_PILOT + timedelta(days=1)))
    assert now["plans"]["counts"] == {"submitted_on_time": 1, "submitted_late": 1, "missing": 2, "pending": 0}
    assert now["pilots"]["districts_below_minimum"] == ["181"]
    standing = {c["code"]: (c["criteria_met"], c["recognised"]) for c in now["pilots"]["province_pilot_communes"]}
    assert standing == {"a": (0, True), "e": (0, False)}  # recognised by decision, no assessment recorded (P4)
    assert now["pilots"]["province_pilot_districts"][0]["recognised"] == 1
    assert [r["unit_code"] for r in now["movement_registrations"]] == ["180", "SNN"]
    assert now["not_yet_recorded"] == []


async def test_reset_empties_the_programme_tables(fresh_schema):
    pool = await fresh_schema("reset")
    await deliver(pool, [programme_events()])
    async with pool.acquire() as conn, conn.transaction():
        await ProgrammeFacts().reset(conn)
    assert all(not r for r in (await rows(pool)).values())
