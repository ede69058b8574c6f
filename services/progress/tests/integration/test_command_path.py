"""The command path does not grow with history: the SQL statements one assess-criterion sends are
the same at 1,000 and at 10,000 events in the store, and none of them reads units, criteria sets
or scans the events table (the in-process caches answer those)."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone

import asyncpg
import pytest

from contracts.envelope import Actor
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_facts.testing import envelope, light
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, keep_session, migrate
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

from progress.adapters.units import CachedNtmFacts, UnitHierarchyCache
from progress.bootstrap import MIGRATIONS, postgres_deps
from progress.commands import AssessCriterion, DeclareRegion, PublishBuiltinCriteriaSet
from progress.handlers import assess_criterion, publish_builtin_criteria_set
from progress.reference_handlers import declare_region

T0 = datetime(2015, 1, 1, tzinfo=timezone.utc)
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")


def registered(code: str, unit_type: str, level: str, parent: str | None):
    return envelope("UnitRegistered", {"code": code, "name": code, "level": level, "unit_type": unit_type,
                                       "parent_code": parent, "effective_from": "2011-01-01"}, code)


class StatementLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, record) -> None:
        self.statements.append(record.query)


@pytest.fixture
async def logged(database_url: str, unique: str) -> AsyncIterator[tuple[asyncpg.Pool, StatementLog]]:
    schema = f"progress_path_{unique}"
    setup = await create_pool(database_url, schema, min_size=1, max_size=1)
    await migrate(setup, FACTS_MIGRATIONS, MIGRATIONS)
    await setup.close()
    log = StatementLog()

    async def init(conn: asyncpg.Connection) -> None:
        conn.add_query_logger(log)

    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=4, init=init, reset=keep_session,
                                     server_settings={"search_path": schema})  # as the kernel's pools
    try:
        yield pool, log
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


async def grow_history(store: PostgresEventStore, communes: int, per_commune: int, start: int) -> None:
    """Other communes' assessments, written straight to the store (what a long history leaves)."""
    ctx = CommandContext(actor=BOARD)
    for c in range(start, start + communes):
        code = f"h{c:05d}"
        events = tuple(NewEvent("CriterionAssessed", {
            "commune_code": code, "district_code": "180", "criteria_set_id": "2009", "criterion": 1 + n % 19,
            "met": True, "effective_date": "2014-06-30"}, T0) for n in range(per_commune))
        await store.append(ctx, [StreamAppend("commune_progress", code, 0, events)])


async def statements_of_one_assessment(deps, log: StatementLog, criterion: int, key: str,
                                       **values) -> list[str]:
    cmd = AssessCriterion(commune_code="06034", district_code="180", criterion=criterion, met=True,
                          effective_date=date(2014, 6, 1), **values)
    log.statements.clear()
    await assess_criterion(deps, CommandContext(actor=BOARD, idempotency_key=key), cmd)
    return list(log.statements)


async def test_one_assessment_sends_the_same_few_statements_at_1000_and_10000_events(logged):
    pool, log = logged
    units = UnitHierarchyCache()
    async with pool.acquire() as conn, conn.transaction():
        await CachedNtmFacts(units).apply(conn, [light(e) for e in (
            registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
            registered("06034", "rural_commune", "commune", "180"))])
    store = PostgresEventStore(pool, "progress", ManualClock(T0))
    deps = postgres_deps(store, pool, units)
    await publish_builtin_criteria_set(deps, CommandContext(actor=BOARD), PublishBuiltinCriteriaSet(set_id="2009"))
    await grow_history(store, 10, 100, 0)
    assert await pool.fetchval("SELECT count(*) FROM events") == 1_001
    await statements_of_one_assessment(deps, log, 1, "warm-up")  # the caches fill once per process
    at_1k = await statements_of_one_assessment(deps, log, 2, "at-1k")
    await grow_history(store, 30, 300, 10)
    assert await pool.fetchval("SELECT count(*) FROM events") > 10_000
    at_10k = await statements_of_one_assessment(deps, log, 3, "at-10k")

    assert at_1k == at_10k
    assert len(at_1k) == 2, at_1k  # the idempotency recall and the (group-committed) append
    reads = " ".join(at_1k)
    assert "ntm_unit_changes" not in reads and "LIKE" not in reads and "criteria_set" not in reads
    # Indicator values judged against the province's region: the region is cached too (P3).
    await declare_region(deps, CommandContext(actor=BOARD), DeclareRegion(province_code="20",
                                                                          region="northern_midlands_mountains"))
    judged = {"indicator_values": {"2.2": 55.0}}
    await statements_of_one_assessment(deps, log, 2, "judged-warm-up", **judged)
    assert len(await statements_of_one_assessment(deps, log, 2, "judged", **judged)) == 2
