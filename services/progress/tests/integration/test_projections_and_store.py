"""Against real PostgreSQL: the projections (progress's own and the shared NTM facts), the views over
them, and the handlers on the real store with the time-aware unit lookup."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import asyncpg
import pytest

from contracts.envelope import Actor, EventEnvelope
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_facts.projection import NtmFacts
from thidua_facts.testing import light
from thidua_facts.timeframe import Timeframe
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.errors import ConcurrencyConflict, NotFound
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.messages import CommandContext

from progress import views
from progress.adapters.builtin_sets import builtin_criteria_set
from progress.adapters.criteria_sets import postgres_criteria_set_ids
from progress.adapters.units import CachedNtmFacts, CachedUnitLookup, UnitHierarchyCache, postgres_unit_changes
from progress.bootstrap import MIGRATIONS, postgres_deps
from progress.commands import AssessCriterion, AssessDistrictMatrix, PublishBuiltinCriteriaSet
from progress.domain.model import Unit
from progress.handlers import assess_criterion, publish_builtin_criteria_set
from progress.matrix_handler import assess_district_matrix
from progress.projections import ProgressView

T0 = datetime(2015, 1, 1, tzinfo=timezone.utc)
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"progress_{unique}"
    pool = await create_pool(database_url, schema)
    await migrate(pool, FACTS_MIGRATIONS, MIGRATIONS)
    try:
        yield pool
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


def envelope(event_type: str, aggregate_id: str, payload: dict, version: int = 1, aggregate_type: str = "unit"):
    return EventEnvelope(
        event_id=uuid4(), event_type=event_type, aggregate_type=aggregate_type, aggregate_id=aggregate_id,
        aggregate_version=version, occurred_at=T0, recorded_at=T0, actor=BOARD, correlation_id=uuid4(),
        producer="test", payload=payload,
    )


def registered(code: str, unit_type: str, level: str, parent: str | None, name: str = "x") -> EventEnvelope:
    return envelope("UnitRegistered", code, {
        "code": code, "level": level, "unit_type": unit_type, "name": name, "parent_code": parent,
        "effective_from": "2011-01-01", "source": "test"})


async def apply(pool: asyncpg.Pool, projection, events: list[EventEnvelope]) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await projection.apply(conn, events)


async def facts(pool: asyncpg.Pool, events: list[EventEnvelope]) -> None:
    """The shared NTM facts, fed light envelopes as the runner feeds them."""
    await apply(pool, NtmFacts(), [light(e) for e in events])


async def test_the_unit_lookup_sees_the_unit_of_the_command_date_and_skips_unknown_events(pool):
    await facts(pool, [
        registered("20", "province", "province", None),
        registered("180", "rural_district", "district", "20"),
        registered("181", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180", "Xã Chi Lăng"),
        envelope("SomethingNew", "06034", {"anything": 1}),  # another engineer's future event type
        envelope("UnitMoved", "06034", {"code": "06034", "parent_code": "181", "effective_date": "2016-01-01"},
                 version=2),
        registered("06040", "township", "commune", "180", "Thị trấn Thất Khê"),
        envelope("UnitRenamed", "06040", {"code": "06040", "name": "Xã Thất Khê", "unit_type": "rural_commune",
                                          "effective_date": "2025-07-01"}, version=2),
        envelope("UnitDissolved", "06031", {"code": "06031", "effective_to": "2020-01-01"}, version=2),
        registered("06031", "rural_commune", "commune", "180"),
    ])
    cache = UnitHierarchyCache()
    loads = []

    async def load():
        loads.append(1)
        return await postgres_unit_changes(pool)()

    lookup = CachedUnitLookup(cache, load)
    assert await lookup.get("06034", on=date(2015, 12, 31)) == Unit(
        "06034", "commune", "rural_commune", "180", date(2011, 1, 1), None, "Xã Chi Lăng")
    assert (await lookup.get("06034", on=date(2016, 1, 1))).parent_code == "181"  # U8: the parent of that day
    assert (await lookup.get("06034")).parent_code == "181"  # without a date: its latest state
    assert (await lookup.get("06040", on=date(2025, 6, 30))).unit_type == "township"
    assert (await lookup.get("06040", on=date(2025, 7, 1))).unit_type == "rural_commune"
    gone = await lookup.get("06031", on=date(2021, 1, 1))
    assert gone.effective_to == date(2020, 1, 1) and not gone.exists_on(date(2021, 1, 1))
    assert await lookup.get("99999", on=date(2015, 1, 1)) is None
    # Later changes reach the cache through the service's own projection, not through a query.
    await apply(pool, CachedNtmFacts(cache), [light(e) for e in [
        registered("99999", "rural_commune", "commune", "181"),
        envelope("UnitDissolved", "06034", {"code": "06034", "effective_to": "2020-01-01"}, version=3)]])
    assert (await lookup.get("99999", on=date(2015, 1, 1))).parent_code == "181"
    assert (await lookup.get("06034", on=date(2019, 1, 1))).effective_to == date(2020, 1, 1)
    assert loads == [1]  # read whole once, at the first command


async def test_the_views_read_the_shared_facts_as_of_a_date_and_as_known_at_a_time(pool):
    await facts(pool, [
        registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180"), registered("06001", "rural_commune", "commune", "180"),
        registered("06040", "township", "commune", "180")])
    data = builtin_criteria_set("2009")
    batch = [envelope("CriteriaSetPublished", "2009", data, aggregate_type="criteria_set")]
    for n in range(1, 20):
        batch.append(envelope("CriterionAssessed", "06034", {
            "commune_code": "06034", "district_code": "180", "criteria_set_id": "2009", "criterion": n,
            "met": True, "effective_date": "2014-06-01", "evidence": f"BB-{n}"}, version=n,
            aggregate_type="commune_progress"))
    batch.append(envelope("CommuneRecognised", "06034", {
        "commune_code": "06034", "district_code": "180", "criteria_set_id": "2009",
        "decision_number": "1/QĐ-UBND", "effective_date": "2014-12-01"}, version=20, aggregate_type="commune_progress"))
    batch.append(envelope("TargetSet", "20-2015", {"unit_code": "20", "year": 2015, "ntm_rate": 0.2},
                          aggregate_type="target"))
    await apply(pool, ProgressView(), batch)
    await apply(pool, ProgressView(), batch)  # the same events again change nothing
    await facts(pool, batch)
    await facts(pool, batch)  # nor here (a repeated delivery of the relay)
    assert await pool.fetchval("SELECT count(DISTINCT stream_version) FROM ntm_assessments") == 19
    now = Timeframe(date(2015, 1, 1), T0 + timedelta(days=1))
    criteria = await views.commune_criteria(pool, "06034", now)
    assert (criteria["met_count"], criteria["recognised"], len(criteria["criteria"])) == (19, True, 19)
    assert criteria["criteria"][0]["name_vi"] == "Quy hoạch và thực hiện quy hoạch"
    assert criteria["criteria"][0]["evidence"] == "BB-1"
    with pytest.raises(NotFound) as before:  # nothing of it recorded yet, not even the commune (U1)
        await views.commune_criteria(pool, "06034", Timeframe(date(2015, 1, 1), T0 - timedelta(days=1)))
    assert before.value.rule == "U1"
    rates = await views.ntm_rates(pool, now)
    assert rates["districts"] == [{"code": "180", "name": "x", "communes": 2, "recognised": 1, "rate": 0.5,
                                   "province_code": "20", "rank": 1}]  # the township is not counted (P5)
    assert (await views.ntm_rates(pool, Timeframe(date(2014, 11, 30), now.known_at)))["provinces"][0]["recognised"] == 0
    assert await views.list_targets(pool, None, now.known_at) == [{"unit_code": "20", "year": 2015, "ntm_rate": 0.2}]
    assert [s["set_id"] for s in await views.list_criteria_sets(pool, now.known_at)] == ["2009"]
    before_any = T0 - timedelta(seconds=1)  # issue 11: known_at takes effect on both lists
    assert await views.list_targets(pool, None, before_any) == []
    assert await views.list_criteria_sets(pool, before_any) == []


async def test_handlers_on_the_real_store_find_published_sets_and_refuse_a_stale_version(pool):
    await facts(pool, [
        registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180")])
    store = PostgresEventStore(pool, "progress", ManualClock(T0))
    deps = postgres_deps(store, pool)
    ctx = CommandContext(actor=BOARD)
    await publish_builtin_criteria_set(deps, ctx, PublishBuiltinCriteriaSet(set_id="2009"))
    assert (await publish_builtin_criteria_set(deps, ctx, PublishBuiltinCriteriaSet(set_id="2009")))["unchanged"]
    assert await postgres_criteria_set_ids(pool)() == ["2009"]
    cmd = AssessCriterion(commune_code="06034", district_code="180", criterion=1, met=True,
                          effective_date=date(2014, 6, 1))
    assert (await assess_criterion(deps, ctx, cmd))["criteria_set_id"] == "2009"

    class StaleStore(PostgresEventStore):
        """Reads the stream as it was before the first assessment: a concurrent writer got there first."""

        async def load(self, aggregate_type, aggregate_id):
            history = await super().load(aggregate_type, aggregate_id)
            return history[:-1] if aggregate_type == "commune_progress" else history

        async def version(self, aggregate_type, aggregate_id):
            current = await super().version(aggregate_type, aggregate_id)
            return current - 1 if aggregate_type == "commune_progress" else current

    stale = postgres_deps(StaleStore(pool, "progress", ManualClock(T0)), pool)
    with pytest.raises(ConcurrencyConflict):
        await assess_criterion(stale, ctx, cmd)
    assert await pool.fetchval("SELECT count(*) FROM events WHERE stream_id = 'commune_progress:06034'") == 1


async def test_a_districts_matrix_reaches_the_views_as_one_fact_per_cell(pool):
    await facts(pool, [
        registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180")])
    deps = postgres_deps(PostgresEventStore(pool, "progress", ManualClock(T0)), pool)
    ctx = CommandContext(actor=BOARD)
    await publish_builtin_criteria_set(deps, ctx, PublishBuiltinCriteriaSet(set_id="2009"))
    await assess_district_matrix(deps, ctx, AssessDistrictMatrix.model_validate({
        "district_code": "180", "effective_date": "2014-06-30",
        "cells": [{"commune_code": "06034", "criterion": n, "met": n != 17, "evidence": f"BB-{n}"}
                  for n in range(1, 20)]}))
    rows = await pool.fetch("SELECT envelope::text FROM events ORDER BY position")
    await facts(pool, [EventEnvelope.model_validate_json(r[0]) for r in rows])
    now = Timeframe(date(2015, 1, 1), T0 + timedelta(days=1))
    criteria = await views.commune_criteria(pool, "06034", now)
    assert (criteria["met_count"], criteria["criteria"][16]["met"], criteria["criteria"][0]["evidence"]) == (
        18, False, "BB-1")
    history = (await views.commune_history(pool, "06034", now, BOARD))["events"]
    assert [(e["criterion"], e["stream_version"]) for e in history] == [(n, 1) for n in range(1, 20)]
    # Who recorded each: the account to the board, the office alone to a viewer (auth.principal_shown).
    assert {(e["actor"]["principal_id"], e["actor"]["principal_withheld"]) for e in history} == {("ban-thi-dua", False)}
    viewer = Actor(principal_id="kiem-toan", role="viewer", scope="20")
    seen = (await views.commune_history(pool, "06034", now, viewer))["events"]
    assert {tuple(e["actor"].values()) for e in seen} == {(None, "province_board", "20", True)}
