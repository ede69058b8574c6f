"""The ranking over the shared facts in a real PostgreSQL schema: the same answer for the same
(as_of, known_at), whatever was recorded since."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import asyncpg
import pytest

from contracts.progress import CommuneRecognised, RecognitionRevoked
from contracts.registry import ClusterFormed
from thidua_facts.projection import NtmFacts
from thidua_facts.testing import envelope, light, unit_registered
from thidua_facts.timeframe import Timeframe
from thidua_kernel.db import create_pool, migrate

from awards.bootstrap import MIGRATIONS
from awards.views import district_ranking

T = datetime(2014, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"awards_it_{unique}"
    pool = await create_pool(database_url, schema, min_size=1, max_size=2)
    await migrate(pool, MIGRATIONS)
    try:
        yield pool
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


def registered(code: str, kind: str, parent: str | None):
    return unit_registered(code, kind, parent, T)


def decision(model, code: str, district: str, day: date, version: int, at: datetime):
    extra = {"criteria_set_id": "2009"} if model is CommuneRecognised else {}
    return envelope(model.__name__, model(commune_code=code, district_code=district, decision_number=f"{version}/QĐ",
                                          effective_date=day, **extra), code, version, at)


async def write(pool: asyncpg.Pool, events) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await NtmFacts().apply(conn, [light(e) for e in events])


async def test_a_ranking_is_reproduced_at_its_known_at_after_a_revocation_is_recorded(pool):
    await write(pool, [registered("20", "province", None), registered("180", "rural_district", "20"),
                       registered("185", "rural_district", "20"), registered("a", "rural_commune", "180"),
                       registered("b", "rural_commune", "180"), registered("c", "rural_commune", "185"),
                       envelope("ClusterFormed", ClusterFormed(code="inland", kind="cluster", name="Cụm nội địa",
                                                               member_codes=["185"], effective_from=date(2012, 1, 1)),
                                "inland", 1, T),
                       decision(CommuneRecognised, "a", "180", date(2013, 3, 1), 1, T),
                       decision(CommuneRecognised, "c", "185", date(2013, 3, 1), 1, T)])
    issued = Timeframe(date(2015, 12, 31), T + timedelta(days=1))
    first = await district_ranking(pool, "20", issued)
    assert first["candidates"] == {"A2": ["185"], "A5": ["180"]} and first["districts"][0]["cluster"]["code"] == "inland"
    # In 2016 a 2015 revocation of c is entered: "2015 as known now" changes, the issued ranking does not.
    await write(pool, [decision(RecognitionRevoked, "c", "185", date(2015, 6, 1), 2, datetime(2016, 2, 1, tzinfo=timezone.utc))])
    assert await district_ranking(pool, "20", issued) == first
    now = await district_ranking(pool, "20", Timeframe(date(2015, 12, 31), datetime(2017, 1, 1, tzinfo=timezone.utc)))
    assert now["candidates"] == {"A2": ["180"], "A5": []}
