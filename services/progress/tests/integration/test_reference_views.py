"""Against real PostgreSQL: ReferenceProjection's tables and the views over them (P2, P6), with known_at."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import asyncpg
import pytest

from contracts.envelope import Actor
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.errors import DomainRefusal, NotFound
from thidua_kernel.light_envelope import decode_light
from thidua_kernel.memory_store import InMemoryEventStore
from thidua_kernel.messages import CommandContext

from progress import reference_views
from progress.adapters.criteria_sets import CriteriaSetCache, memory_criteria_set_ids
from progress.adapters.regions import RegionCache
from progress.adapters.units import InMemoryUnits
from progress.bootstrap import MIGRATIONS
from progress.commands import DeclareRegion, PublishBuiltinCriteriaSet, RecordCommunePlan, SetThreshold
from progress.domain.model import Unit
from progress.deps import Deps, store_stream_versions
from progress.handlers import publish_builtin_criteria_set
from progress.reference_handlers import declare_region, record_commune_plan, set_threshold
from progress.reference_projection import ReferenceProjection

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
NMM = "northern_midlands_mountains"
UNITS = [Unit("20", "province", "province", None, date(2011, 1, 1)),
         Unit("180", "district", "rural_district", "20", date(2011, 1, 1)),
         Unit("06034", "commune", "rural_commune", "180", date(2011, 1, 1))]


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"progress_ref_{unique}"
    pool = await create_pool(database_url, schema)
    await migrate(pool, MIGRATIONS)
    try:
        yield pool
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


async def record_history(clock: ManualClock) -> InMemoryEventStore:
    """2012: 2009 set, Lạng Sơn's region, a 2011-2015 plan; 2013: a threshold and a revised plan."""
    store = InMemoryEventStore("progress", clock)
    deps = Deps(store, InMemoryUnits(UNITS), CriteriaSetCache(store, memory_criteria_set_ids(store)),
                store_stream_versions(store), RegionCache(store))
    ctx = CommandContext(actor=BOARD)
    plan = {"commune_code": "06034", "district_code": "180", "period": "2011-2015", "document_number": "1/QĐ"}
    await publish_builtin_criteria_set(deps, ctx, PublishBuiltinCriteriaSet(set_id="2009"))
    await declare_region(deps, ctx, DeclareRegion(province_code="20", region=NMM))
    await record_commune_plan(deps, ctx, RecordCommunePlan(**plan, content_areas=[1], criteria=[1]))
    clock.advance(timedelta(days=400))
    await set_threshold(deps, ctx, SetThreshold(set_id="2009", criterion=2, indicator="2.2", region=NMM,
                                                value=60, year=2013))
    await record_commune_plan(deps, ctx, RecordCommunePlan(**plan, content_areas=[1, 2, 9], criteria=[1, 2]))
    return store


async def project(pool: asyncpg.Pool, store: InMemoryEventStore, times: int = 1) -> None:
    events = [decode_light(e.model_dump_json().encode()) for e in store.events]
    for _ in range(times):
        async with pool.acquire() as conn, conn.transaction():
            await ReferenceProjection().apply(conn, events)


async def test_thresholds_regions_and_plans_now_and_as_known_before_the_later_recordings(pool):
    await project(pool, await record_history(ManualClock(T0)), times=2)  # a replay changes nothing
    roads = lambda answer: answer["criteria"][1]["indicators"][1]  # noqa: E731 - criterion 2, indicator 2.2

    now = await reference_views.criteria_set(pool, "2009", NMM, None, None)
    assert [(t["value"], t["year"], t["source"]) for t in roads(now)["thresholds"]] == [
        (50.0, None, "published"), (60.0, 2013, "entered")]
    in_2012 = await reference_views.criteria_set(pool, "2009", NMM, 2012, None)
    assert [t["value"] for t in roads(in_2012)["thresholds"]] == [50.0]
    general = await reference_views.criteria_set(pool, "2009", "red_river_delta", 2014, None)
    assert [(t["region"], t["value"]) for t in roads(general)["thresholds"]] == [("national", 70.0)]
    before = await reference_views.criteria_set(pool, "2009", None, None, T0 + timedelta(days=1))
    assert [t["value"] for t in roads(before)["thresholds"]] == [70.0, 50.0] and before["version"] == 1

    regions = await reference_views.regions(pool, date(2015, 1, 1), None)
    assert regions["regions"][0] == {"id": NMM, "name_vi": "Trung du và miền núi phía Bắc",
                                     "name_en": "Northern Midlands and Mountains", "provinces": ["20"]}

    plans = await reference_views.commune_plans(pool, "06034", None)
    shown = [(p["period"], [a["id"] for a in p["content_areas"]], p["revisions"]) for p in plans["plans"]]
    assert shown == [("2011-2015", [1, 2, 9], 2)]
    assert plans["plans"][0]["content_areas"][2]["name_vi"] == "Cấp nước sạch và vệ sinh môi trường nông thôn"
    earlier = await reference_views.commune_plans(pool, "06034", T0 + timedelta(days=1))
    assert [a["id"] for a in earlier["plans"][0]["content_areas"]] == [1]


async def test_unknown_sets_and_regions_are_answered_with_the_rule(pool):
    with pytest.raises(NotFound) as missing:
        await reference_views.criteria_set(pool, "2030", None, None, None)
    assert missing.value.rule == "P2"
    with pytest.raises(DomainRefusal) as region:
        await reference_views.criteria_set(pool, "2009", "tay_bac", None, None)
    assert region.value.rule == "P2"
