"""The consolidated report over the shared facts in a real PostgreSQL schema: a report issued at
(as_of, known_at) is the same report whatever is recorded afterwards."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import asyncpg
import pytest

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion, TargetSet
from contracts.registry import UnitDissolved
from thidua_facts.projection import NtmFacts
from thidua_facts.testing import envelope, light, unit_registered
from thidua_facts.timeframe import Timeframe
from thidua_kernel.db import create_pool, migrate

from reporting.bootstrap import MIGRATIONS
from reporting.views import consolidated_report

T = datetime(2013, 1, 1, tzinfo=timezone.utc)
ISSUED = datetime(2016, 1, 5, tzinfo=timezone.utc)


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"reporting_it_{unique}"
    pool = await create_pool(database_url, schema, min_size=1, max_size=2)
    await migrate(pool, *MIGRATIONS)
    try:
        yield pool
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


def registered(code: str, kind: str, parent: str | None):
    return unit_registered(code, kind, parent, T)


def assessed(code: str, n: int, met: bool, day: date, version: int, at: datetime = T):
    return envelope("CriterionAssessed", CriterionAssessed(
        commune_code=code, district_code="180", criteria_set_id="2009", criterion=n, met=met,
        effective_date=day), code, version, at)


async def write(pool: asyncpg.Pool, events) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await NtmFacts().apply(conn, [light(e) for e in events])


async def test_a_report_issued_in_2016_is_reproduced_after_corrections_about_2015(pool):
    criteria = [Criterion(number=n, group="I", name_vi=f"Tiêu chí {n}", name_en=f"C{n}") for n in range(1, 20)]
    await write(pool, [
        registered("20", "province", None), registered("180", "rural_district", "20"),
        registered("a", "rural_commune", "180"), registered("b", "rural_commune", "180"),
        envelope("CriteriaSetPublished", CriteriaSetPublished(set_id="2009", decision="491/QĐ-TTg",
                                                              effective_from=date(2009, 4, 16), criteria=criteria),
                 "2009", 1, T),
        envelope("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.5), "20-2015", 1, T),
        *(assessed("a", n, True, date(2014, 6, 30), n) for n in range(1, 20)),
        envelope("CommuneRecognised", CommuneRecognised(commune_code="a", district_code="180", criteria_set_id="2009",
                                                        decision_number="1/QĐ", effective_date=date(2014, 12, 1)),
                 "a", 20, T),
        *(assessed("b", n, n <= 17, date(2015, 6, 30), n) for n in range(1, 20)),
    ])
    issued = Timeframe(date(2015, 12, 31), ISSUED)
    report = await consolidated_report(pool, "20", issued)
    assert report["province"]["recognised"] == 1 and report["province"]["communes"] == 2
    assert [c["code"] for c in report["near_standard"]] == ["b"] and report["targets"][0]["met"] is True
    # Recorded in 2017 about 2015: b met criterion 18 from 1 Dec 2015, and a was merged away from 2015.
    later = ISSUED + timedelta(days=400)
    await write(pool, [assessed("b", 18, True, date(2015, 12, 1), 20, later),
                       envelope("UnitDissolved", UnitDissolved(code="a", effective_to=date(2015, 1, 1)), "a", 2, later)])
    assert await consolidated_report(pool, "20", issued) == report
    now = await consolidated_report(pool, "20", Timeframe(date(2015, 12, 31), later))
    assert now["province"] == {"code": "20", "name": "U 20", "communes": 1, "recognised": 0, "rate": 0.0}
    assert [c["criteria_met"] for c in now["near_standard"]] == [18] and now["targets"][0]["met"] is False
