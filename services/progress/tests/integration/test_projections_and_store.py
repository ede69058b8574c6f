"""Against real PostgreSQL: the batch projections, the views over them, and the handlers on the real store."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone
from uuid import uuid4

import asyncpg
import pytest

from contracts.envelope import Actor, EventEnvelope
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.errors import ConcurrencyConflict
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.messages import CommandContext

from progress import views
from progress.adapters.builtin_sets import builtin_criteria_set
from progress.adapters.criteria_sets import postgres_criteria_set_ids
from progress.adapters.units import PostgresUnitLookup
from progress.bootstrap import MIGRATIONS
from progress.commands import AssessCriterion, PublishBuiltinCriteriaSet
from progress.domain.model import Unit
from progress.handlers import ProgressHandlers
from progress.projections import ProgressView, RegistryUnits

T0 = datetime(2015, 1, 1, tzinfo=timezone.utc)
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"progress_{unique}"
    pool = await create_pool(database_url, schema)
    await migrate(pool, MIGRATIONS)
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


async def test_units_batch_keeps_the_last_word_per_code_and_skips_unknown_events(pool):
    await apply(pool, RegistryUnits(), [
        registered("20", "province", "province", None),
        registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "181"),
        envelope("UnitRenamed", "06034", {"anything": 1}),  # another engineer's future event type
        registered("06034", "rural_commune", "commune", "180", "Xã Chi Lăng"),  # a duplicate: the later wins
        envelope("UnitDissolved", "06031", {"code": "06031", "effective_to": "2020-01-01"}),
        registered("06031", "rural_commune", "commune", "180"),
    ])
    lookup = PostgresUnitLookup(pool)
    assert await lookup.get("06034") == Unit("06034", "commune", "rural_commune", "180", date(2011, 1, 1),
                                             None, "Xã Chi Lăng")
    assert (await lookup.get("06031")).effective_to == date(2020, 1, 1)
    assert await lookup.get("99999") is None


async def test_progress_view_batches_are_idempotent_by_event_id_and_feed_the_rates(pool):
    await apply(pool, RegistryUnits(), [
        registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180"), registered("06001", "rural_commune", "commune", "180"),
        registered("06040", "township", "commune", "180")])
    data = builtin_criteria_set("2009")
    batch = [envelope("CriteriaSetPublished", "2009", data, aggregate_type="criteria_set")]
    for n in range(1, 20):
        batch.append(envelope("CriterionAssessed", "06034", {
            "commune_code": "06034", "district_code": "180", "criteria_set_id": "2009", "criterion": n,
            "met": True, "effective_date": "2014-06-01"}, version=n, aggregate_type="commune_progress"))
    batch.append(envelope("CommuneRecognised", "06034", {
        "commune_code": "06034", "district_code": "180", "criteria_set_id": "2009",
        "decision_number": "1/QĐ-UBND", "effective_date": "2014-12-01"}, version=20, aggregate_type="commune_progress"))
    batch.append(envelope("TargetSet", "20-2015", {"unit_code": "20", "year": 2015, "ntm_rate": 0.2},
                          aggregate_type="target"))
    await apply(pool, ProgressView(), batch)
    await apply(pool, ProgressView(), batch)  # the same events again change nothing
    assert await pool.fetchval("SELECT count(*) FROM assessments") == 19
    criteria = await views.commune_criteria(pool, "06034", date(2015, 1, 1))
    assert (criteria["met_count"], criteria["recognised"]) == (19, True)
    assert criteria["criteria"][0]["name_vi"] == "Quy hoạch và thực hiện quy hoạch"
    rates = await views.ntm_rates(pool, date(2015, 1, 1))
    assert rates["districts"] == [{"code": "180", "name": "x", "province_code": "20", "xa_count": 2,
                                   "recognised": 1, "rate": 0.5}]  # the township is not counted (P5)
    assert (await views.ntm_rates(pool, date(2014, 11, 30)))["provinces"][0]["recognised"] == 0
    assert await views.list_targets(pool, None) == [{"unit_code": "20", "year": 2015, "ntm_rate": 0.2}]


async def test_handlers_on_the_real_store_find_published_sets_and_refuse_a_stale_version(pool):
    await apply(pool, RegistryUnits(), [
        registered("20", "province", "province", None), registered("180", "rural_district", "district", "20"),
        registered("06034", "rural_commune", "commune", "180")])
    store = PostgresEventStore(pool, "progress", ManualClock(T0))
    handlers = ProgressHandlers(store, PostgresUnitLookup(pool), postgres_criteria_set_ids(pool), builtin_criteria_set)
    ctx = CommandContext(actor=BOARD)
    await handlers.publish_builtin_criteria_set(ctx, PublishBuiltinCriteriaSet(set_id="2009"))
    assert (await handlers.publish_builtin_criteria_set(ctx, PublishBuiltinCriteriaSet(set_id="2009")))["unchanged"]
    assert await postgres_criteria_set_ids(pool)() == ["2009"]
    cmd = AssessCriterion(commune_code="06034", district_code="180", criterion=1, met=True,
                          effective_date=date(2014, 6, 1))
    assert (await handlers.assess_criterion(ctx, cmd))["criteria_set_id"] == "2009"

    class StaleStore(PostgresEventStore):
        """Reads the stream as it was before the first assessment: a concurrent writer got there first."""

        async def load(self, aggregate_type, aggregate_id):
            history = await super().load(aggregate_type, aggregate_id)
            return history[:-1] if aggregate_type == "commune_progress" else history

    stale = ProgressHandlers(StaleStore(pool, "progress", ManualClock(T0)), PostgresUnitLookup(pool),
                             postgres_criteria_set_ids(pool), builtin_criteria_set)
    with pytest.raises(ConcurrencyConflict):
        await stale.assess_criterion(ctx, cmd)
    assert await pool.fetchval("SELECT count(*) FROM events WHERE stream_id = 'commune_progress:06034'") == 1
